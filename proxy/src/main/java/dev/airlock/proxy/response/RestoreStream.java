package dev.airlock.proxy.response;

import dev.airlock.config.Restore;
import java.util.function.ObjIntConsumer;

/**
 * Rewrites one answer's body on its way to the client, putting redacted secrets back where the model repeated their
 * placeholders in tool-call arguments (and, with {@code restore: all}, in its text): {@link EventFraming} reads the
 * body event by event and {@link EventRestorer} changes the values. A line cut by a TCP chunk is held until its newline
 * arrives, a placeholder cut between two deltas until the next delta, a plain JSON answer whole; memory is bounded by
 * {@link EventFraming#MAX_HELD}. Confined to one response's thread.
 */
public final class RestoreStream implements BodyRewrite {

    private final EventFraming framing;

    private RestoreStream(EventFraming framing) {
        this.framing = framing;
    }

    /**
     * A rewriter for this answer, or null when it needs none: restore is off, nothing was ever redacted (or all of it
     * expired), the answer is no success, is compressed, or is not SSE, NDJSON or JSON (a JSON array, Gemini's
     * {@code :streamGenerateContent} without {@code alt=sse}, is read element by element). (The relay decodes a
     * compressed answer before it gets here, and hands over {@code null} as its encoding then.)
     *
     * @param counter told how many secrets were put back, and where
     */
    public static RestoreStream forResponse(Placeholders vault, Restore mode, int status, String contentType,
                                            String contentEncoding, ObjIntConsumer<Restored> counter) {
        if (mode == Restore.OFF || status < 200 || status > 299 || vault.isEmpty() || compressed(contentEncoding)) {
            return null;
        }
        ResponseText.Framing framing = ResponseText.Framing.of(contentType);
        if (framing == null) {
            return null;
        }
        return new RestoreStream(new EventFraming(framing, new EventRestorer(vault, mode == Restore.ALL, counter)));
    }

    static boolean compressed(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity");
    }

    @Override
    public byte[] feed(byte[] bytes) {
        return framing.feed(bytes);
    }

    @Override
    public byte[] finish() {
        return framing.finish();
    }
}
