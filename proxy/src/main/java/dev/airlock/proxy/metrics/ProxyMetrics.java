package dev.airlock.proxy.metrics;

import dev.airlock.config.Action;
import dev.airlock.proxy.inspect.Unscanned;
import dev.airlock.proxy.response.Restored;

/**
 * Everything the proxy counts, in one narrow interface so the request path never touches a meter registry. Label
 * values come from configuration (route names), from rule ids of the loaded rule pack, or from enums — never
 * from request data.
 */
public interface ProxyMetrics {

    /** One finished request: its route ({@code none} when unrouted), provider family, action and status code. */
    void request(String route, String provider, String action, int status);

    void finding(String ruleId, Action action);

    /** A finding an allow list accepted: forwarded unchanged, counted with action {@code allowed}. */
    void acceptedFinding(String ruleId);

    /** A credential in a model's response (recorded; with {@code response.action: redact} also replaced). */
    void responseFinding(String ruleId);

    /** A credential the model wrote, replaced by its placeholder before the client saw it. */
    void responseRedaction(String ruleId);

    /** Secrets put back into an answer where the model repeated their placeholders. */
    void restored(Restored where, int count);

    void scan(long nanos, long bytes);

    void unscanned(Unscanned reason);

    /** Time from the request being sent to the response head arriving. */
    void upstreamLatency(String route, long nanos);

    /** {@code connect}, {@code tls}, {@code timeout}, {@code reset}, {@code protocol}. */
    void upstreamError(String route, String kind);

    void connectionOpened();

    /** A message a client sent on a scanned WebSocket: its route and the action taken (allow … block, error). */
    void webSocketMessage(String route, String action);

    /** A configuration reload: {@code ok} (swapped in) or {@code rejected} (invalid; the old one keeps serving). */
    void configReload(String result);

    /** A {@code CONNECT} answered: {@code intercepted}, {@code tunnelled} or {@code refused}. */
    void connect(String outcome);

    void connectionClosed();

    /** For tests and tools that need none. */
    ProxyMetrics NONE = new ProxyMetrics() {
        @Override public void request(String route, String provider, String action, int status) { }
        @Override public void finding(String ruleId, Action action) { }
        @Override public void acceptedFinding(String ruleId) { }
        @Override public void responseFinding(String ruleId) { }
        @Override public void responseRedaction(String ruleId) { }
        @Override public void restored(Restored where, int count) { }
        @Override public void scan(long nanos, long bytes) { }
        @Override public void unscanned(Unscanned reason) { }
        @Override public void upstreamLatency(String route, long nanos) { }
        @Override public void upstreamError(String route, String kind) { }
        @Override public void connectionOpened() { }
        @Override public void webSocketMessage(String route, String action) { }
        @Override public void connect(String outcome) { }
        @Override public void configReload(String result) { }
        @Override public void connectionClosed() { }
    };
}
