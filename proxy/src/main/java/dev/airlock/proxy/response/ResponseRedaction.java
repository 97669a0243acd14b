package dev.airlock.proxy.response;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import java.util.function.BiConsumer;

/**
 * {@code response.action: redact}: makes, per answer, the stage that replaces credentials the model writes with their
 * placeholders before the client sees them. Built once per configuration; immutable and thread-safe.
 */
public final class ResponseRedaction {

    private final Detector detector;
    private final Redactor keyed;
    private final CredentialTail tail;

    /**
     * @param keyed the install's redactor, so an answer's placeholders are the ones its requests get; it must tell no
     *              vault of them (a credential the model wrote is never restored)
     */
    public ResponseRedaction(Detector detector, Redactor keyed) {
        this.detector = detector;
        this.keyed = keyed;
        this.tail = CredentialTail.of(detector);
    }

    /**
     * The redacting stage for one answer, or null when its body is not SSE, NDJSON or JSON text (a JSON array, as
     * Gemini streams without {@code alt=sse}, is read element by element). The body must reach it decoded.
     *
     * @param redacted told the rule id and keyed fingerprint of each credential replaced
     */
    public BodyRewrite forResponse(String contentType, BiConsumer<String, String> redacted) {
        ResponseText.Framing framing = ResponseText.Framing.of(contentType);
        if (framing == null) {
            return null;
        }
        return new EventFraming(framing, events(redacted));
    }

    /** The redacting rewriter for one answer's events, however they are framed. */
    EventRewriter events(BiConsumer<String, String> redacted) {
        return new EventRedactor(detector, keyed, tail, redacted);
    }
}
