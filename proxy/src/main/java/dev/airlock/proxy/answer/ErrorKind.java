package dev.airlock.proxy.answer;

/**
 * Every answer Airlock gives on its own, and the one place that fixes its status code. Refusals of the client's
 * input use 4xx codes SDKs do not retry; trouble upstream uses the 5xx codes a gateway would.
 */
public enum ErrorKind {
    /** A credential was found and the policy blocks it. */
    BLOCKED(400, "invalid_request_error", "airlock_blocked"),
    /** The request is malformed (framing, JSON, encoding). */
    BAD_REQUEST(400, "invalid_request_error", "airlock_bad_request"),
    /** The target is not one Airlock proxies to (its own ports, private addresses in gateway mode, denied hosts). */
    FORBIDDEN(403, "permission_error", "airlock_target_refused"),
    /** No route for the path. */
    NOT_FOUND(404, "not_found_error", "airlock_no_route"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "airlock_method_not_allowed"),
    /** Gateway mode: the client did not authenticate to the proxy. */
    PROXY_AUTH_REQUIRED(407, "authentication_error", "airlock_proxy_auth_required"),
    /** Headers or body did not arrive in time. */
    CLIENT_TIMEOUT(408, "timeout_error", "airlock_client_timeout"),
    TOO_LARGE(413, "request_too_large", "airlock_body_too_large"),
    URI_TOO_LONG(414, "invalid_request_error", "airlock_uri_too_long"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "airlock_unscannable"),
    /** An Expect header other than 100-continue (RFC 9110 §10.1.1). */
    EXPECTATION_FAILED(417, "invalid_request_error", "airlock_expectation_failed"),
    /** A request inside an intercepted tunnel for another host than the tunnel's. */
    MISDIRECTED(421, "invalid_request_error", "airlock_misdirected_request"),
    /** A WebSocket upgrade to an AI API: clients fall back to plain HTTP on this code. */
    UPGRADE_REQUIRED(426, "invalid_request_error", "airlock_upgrade_refused"),
    HEADERS_TOO_LARGE(431, "invalid_request_error", "airlock_headers_too_large"),
    INTERNAL(500, "api_error", "airlock_internal_error"),
    BAD_GATEWAY(502, "api_error", "airlock_upstream_unreachable"),
    /** The global budget for buffered bodies is spent: shed load, the client may retry. */
    OVERLOADED(503, "overloaded_error", "airlock_overloaded"),
    GATEWAY_TIMEOUT(504, "api_error", "airlock_upstream_timeout");

    private final int status;
    private final String anthropicType;
    private final String code;

    ErrorKind(int status, String anthropicType, String code) {
        this.status = status;
        this.anthropicType = anthropicType;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** SDKs retry 408, 409, 429 and 5xx unless told not to; a refusal of the input must not be retried. */
    public boolean retryable() {
        return this == OVERLOADED || this == BAD_GATEWAY || this == GATEWAY_TIMEOUT;
    }

    /** The {@code error.type} an Anthropic client expects for this status. */
    String anthropicType() {
        return anthropicType;
    }

    /** A stable machine-readable code ({@code error.code} in the OpenAI shape). */
    public String code() {
        return code;
    }

    /** The {@code error.status} a Gemini client expects (google.rpc.Code names). */
    String googleStatus() {
        return switch (status) {
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 407 -> "UNAUTHENTICATED";
            case 408, 504 -> "DEADLINE_EXCEEDED";
            case 500 -> "INTERNAL";
            case 502, 503 -> "UNAVAILABLE";
            default -> "INVALID_ARGUMENT";
        };
    }

    /** What an OpenAI client expects in {@code error.type}. */
    String openAiType() {
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
