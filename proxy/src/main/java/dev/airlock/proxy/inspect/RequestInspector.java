package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.response.ResponseScan;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.payload.EarlierCalls;
import dev.airlock.proxy.payload.JsonLimits;
import dev.airlock.proxy.payload.JsonRedaction;
import dev.airlock.proxy.payload.ProtectedLeaves;
import dev.airlock.proxy.payload.Spliced;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns a complete request into a decision: decode the body, scan target, headers and body, apply the policy.
 * Pure (no I/O) and thread-safe, so large bodies can be scanned off the event loop.
 */
public final class RequestInspector {

    private static final List<Header> JSON_MESSAGE = List.of(new Header("content-type", "application/json"));
    private static final List<Header> TEXT_MESSAGE = List.of(new Header("content-type", "text/plain; charset=utf-8"));
    /**
     * Where clients put the credentials a provider knows them by; a browser's WebSocket, which cannot set headers,
     * offers its key as a subprotocol ({@code openai-insecure-api-key.…}). Gemini also takes {@code ?key=} in the
     * query string, which {@link #partition(List, String)} reads too.
     */
    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key", "x-goog-api-key",
            "api-key", "sec-websocket-protocol");

    private final Detector detector;
    private final Redactor redactor;
    private final Policy policy;
    private final long maxBodyBytes;
    private final TargetScanner targets;
    private final HeaderScanner headers;
    private final BodyScanner bodies;
    private final EarlierCalls earlierCalls;

    public RequestInspector(Detector detector, Redactor redactor, Policy policy, long maxBodyBytes) {
        this.detector = detector;
        this.redactor = redactor;
        this.policy = policy;
        this.maxBodyBytes = maxBodyBytes;
        this.targets = new TargetScanner(detector, redactor, policy);
        this.headers = new HeaderScanner(detector, redactor, policy);
        JsonRedaction json = new JsonRedaction(detector, redactor,
                new JsonLimits(JsonLimits.DEFAULT.maxDepth(), (int) Math.min(Integer.MAX_VALUE, maxBodyBytes)),
                ProtectedLeaves.SIGNED_REASONING);
        this.bodies = new BodyScanner(detector, redactor, policy, json);
        this.earlierCalls = json.earlierCalls();
    }

    /**
     * A record-only scan of the response to come, or null when its body is not text Airlock reads. The model's calls
     * in it whose command prints a secret are noted for the request's client ({@link EarlierCalls}; its
     * {@linkplain #partition(List, String) partition} is worked out only if there is one).
     */
    public ResponseScan responseScan(String contentType, String contentEncoding, Supplier<String> partition) {
        return ResponseScan.forResponse(detector, redactor, contentType, contentEncoding,
                callId -> earlierCalls.made(partition.get(), callId));
    }

    /** A record-only scan of the events a provider sends back on a WebSocket, message by message. */
    public ResponseScan messageScan(String partition) {
        return ResponseScan.forMessages(detector, redactor, callId -> earlierCalls.made(partition, callId));
    }

    /**
     * One message a client sent on a WebSocket. A text message is a request body of its own (an OpenAI Responses
     * {@code response.create} event is the JSON body of {@code POST /v1/responses}) and is scanned as JSON. Any other
     * message is unscannable as {@code policy.unscannable} decides: refused under {@code block}; otherwise a text
     * message that is not JSON is still scanned as plain text, a binary one is forwarded as it is, and both are
     * counted and audited as unscanned. {@code partition} is the socket's
     * {@linkplain #partition(List, String) client}, from its handshake: messages share what the scanner remembers with
     * that client's requests only.
     */
    public Inspection inspectMessage(byte[] payload, boolean text, String partition) {
        Action unscannable = policy.unscannable();
        if (!text) {
            if (unscannable == Action.BLOCK) {
                return new Inspection.Refuse(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Airlock cannot scan a binary WebSocket "
                        + "message (expected: text messages carrying JSON; policy.unscannable decides what happens to "
                        + "others)", List.of(), Unscanned.CONTENT_TYPE, 0);
            }
            return new Inspection.Forward(unscannable, "", List.of(), Spliced.of(payload), false, 0, List.of(),
                    Unscanned.CONTENT_TYPE, 0);
        }
        Inspection json = inspect(new InboundRequest("POST", "", JSON_MESSAGE, payload), partition);
        if (!(json instanceof Inspection.Refuse r) || r.unscanned() != Unscanned.MALFORMED || unscannable == Action.BLOCK) {
            return json;
        }
        Inspection plain = inspect(new InboundRequest("POST", "", TEXT_MESSAGE, payload), partition);
        if (plain instanceof Inspection.Forward f) {
            return new Inspection.Forward(f.action().strictest(unscannable), f.target(), f.headers(), f.body(), false,
                    f.redactions(), f.hits(), Unscanned.MALFORMED, f.scannedChars());
        }
        return plain;
    }

    /**
     * Whether a few bytes the client chose (a WebSocket control frame's payload) hold a credential, read as UTF-8 or,
     * when they are not, byte for byte.
     */
    public boolean holdsCredential(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return !detector.scan(text).isEmpty()
                || text.indexOf('\uFFFD') >= 0 && !detector.scan(new String(payload, StandardCharsets.ISO_8859_1)).isEmpty();
    }

    public Inspection inspect(InboundRequest request) {
        return inspect(request, partition(request.headers(), request.target()));
    }

    private Inspection inspect(InboundRequest request, String partition) {
        boolean signed = isSigned(request);
        TargetScanner.Result target = targets.scan(request.target(), signed);
        HeaderScanner.Result head = headers.scan(request.headers(), signed);
        List<Hit> hits = new ArrayList<>(target.hits());
        hits.addAll(head.hits());
        long scanned = target.scannedChars() + head.scannedChars();

        byte[] body = request.body();
        Spliced forwardBody = Spliced.of(body);
        boolean decodedForward = false;
        int redactions = target.redactions() + head.redactions();
        Unscanned unscanned = null;
        if (body.length > 0) {
            byte[] decoded;
            boolean skippedBytes;
            try {
                BodyDecoding.Decoded d = BodyDecoding.decodeNotingSkipped(body, request.values("content-encoding"),
                        maxBodyBytes);
                decoded = d.bytes();
                skippedBytes = d.skippedBytes();
            } catch (BodyDecodingException e) {
                return refuseEncoding(e, hits, scanned);
            }
            if (skippedBytes) {
                // A gzip file name or comment, a zstd skippable frame: never scanned, so never forwarded. The
                // decoded body goes instead, which the upstream reads the same.
                if (signed) {
                    return new Inspection.Refuse(ErrorKind.BAD_REQUEST, "Airlock cannot forward this signed body: its "
                            + "compression carries a file name, comment, extra field or skippable frame it cannot scan "
                            + "and a signed body cannot be sent without them (expected: a compressed body with none)",
                            hits, Unscanned.MALFORMED, scanned);
                }
                forwardBody = Spliced.of(decoded);
                decodedForward = true;
            }
            BodyFormat format = BodyFormat.of(request.first("content-type"), decoded);
            if (format == BodyFormat.UNSCANNABLE) {
                unscanned = Unscanned.CONTENT_TYPE;
                if (policy.unscannable() == Action.BLOCK) {
                    return new Inspection.Refuse(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Airlock cannot scan a body of type "
                            + describeType(request.first("content-type"), hits) + " (expected: JSON or text; "
                            + "policy.unscannable decides what happens to other bodies)", hits, unscanned, scanned);
                }
            } else {
                BodyScanner.Result r;
                try {
                    r = bodies.scan(format, request.first("content-type"), decoded, signed, partition);
                } catch (BodyScanner.MalformedBodyException e) {
                    return new Inspection.Refuse(ErrorKind.BAD_REQUEST, e.getMessage(), hits, Unscanned.MALFORMED, scanned);
                }
                hits.addAll(r.hits());
                scanned += r.scannedChars();
                unscanned = r.unscanned();
                if (unscanned != null && policy.unscannable() == Action.BLOCK) {
                    return new Inspection.Refuse(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Airlock cannot scan a binary part "
                            + "of this upload (expected: text parts; policy.unscannable decides what happens to binary "
                            + "uploads)", hits, unscanned, scanned);
                }
                redactions += r.redactions();
                if (!r.body().isUnchanged(decoded)) {
                    forwardBody = r.body();
                    decodedForward = decoded != body;
                }
            }
        }

        Action action = Action.ALLOW;
        Hit firstBlock = null;
        int blocking = 0;
        for (Hit h : hits) {
            action = action.strictest(h.action());
            if (h.action() == Action.BLOCK) {
                blocking++;
                if (firstBlock == null) {
                    firstBlock = h;
                }
            }
        }
        if (firstBlock != null) {
            return new Inspection.Refuse(ErrorKind.BLOCKED, blockMessage(firstBlock, blocking), hits, unscanned, scanned);
        }
        if (unscanned != null) {
            action = action.strictest(policy.unscannable());
        }
        return new Inspection.Forward(action, target.target(), head.headers(), forwardBody, decodedForward, redactions,
                hits, unscanned, scanned);
    }

    private static String blockMessage(Hit first, int count) {
        String more = count > 1 ? " (and " + (count - 1) + " more)" : "";
        String why = first.unredactable() ? " where it cannot be redacted" : "";
        return "Airlock blocked this request: a credential matching rule " + first.ruleId() + " was found in "
                + first.location() + more + why + ". Remove it or refer to it through an environment variable, then"
                + " send the request again.";
    }

    private static Inspection refuseEncoding(BodyDecodingException e, List<Hit> hits, long scanned) {
        return switch (e.kind()) {
            case UNSUPPORTED -> new Inspection.Refuse(ErrorKind.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), hits,
                    Unscanned.ENCODING, scanned);
            case CORRUPT -> new Inspection.Refuse(ErrorKind.BAD_REQUEST, e.getMessage(), hits, Unscanned.ENCODING, scanned);
            case TOO_LARGE, TOO_MANY -> new Inspection.Refuse(ErrorKind.TOO_LARGE, e.getMessage(), hits,
                    e.kind() == BodyDecodingException.Kind.TOO_LARGE ? Unscanned.TOO_LARGE : Unscanned.ENCODING, scanned);
        };
    }

    /**
     * The client as far as the provider knows it: its credentials in {@code headers} and the {@code key} query
     * parameter of {@code target}, each named so no two clients' values can run into each other. Only ever hashed
     * (keyed) by the body scanner; never kept, logged or counted.
     */
    public static String partition(List<Header> headers, String target) {
        StringBuilder sb = new StringBuilder();
        for (String name : CREDENTIAL_HEADERS) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    sb.append(name).append('\0').append(h.value()).append('\0');
                }
            }
        }
        int query = target == null ? -1 : target.indexOf('?');
        if (query >= 0) {
            for (String parameter : target.substring(query + 1).split("&")) {
                if (parameter.startsWith("key=")) {
                    sb.append("?key\0").append(parameter, 4, parameter.length()).append('\0');
                }
            }
        }
        return sb.toString();
    }

    /** AWS SigV4 signs the body's hash and the signed headers: any change makes the provider reject the request. */
    private static boolean isSigned(InboundRequest request) {
        String auth = request.first("authorization");
        if (auth != null && auth.regionMatches(true, 0, "AWS4-HMAC-SHA256", 0, 16)) {
            return true;
        }
        String sha = request.first("x-amz-content-sha256");
        return sha != null && !sha.toUpperCase(Locale.ROOT).startsWith("UNSIGNED");
    }

    /**
     * Media types are echoed only when they look like one and nothing was found in the request's headers (a
     * header could carry pasted text, and a media type can be shaped like a key).
     */
    private static String describeType(String contentType, List<Hit> hits) {
        if (contentType == null) {
            return "(none)";
        }
        if (!hits.isEmpty()) {
            return "(not repeated here)";
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.length() <= 64 && type.matches("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+") ? "\"" + type + "\"" : "(unreadable)";
    }
}
