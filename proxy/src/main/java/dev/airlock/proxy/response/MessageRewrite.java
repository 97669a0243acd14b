package dev.airlock.proxy.response;

import dev.airlock.config.Restore;
import dev.airlock.proxy.response.EventRewriter.Flush;
import dev.airlock.proxy.response.EventRewriter.Rewrite;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

/**
 * Rewrites the provider's events on a Responses WebSocket, where each text message is one event's JSON, through the
 * stages an HTTP answer passes and in the same order: redaction of credentials the model writes
 * ({@link EventRedactor}), then the restore of the request's own secrets ({@link EventRestorer}), so a secret restored
 * on purpose is never redacted again. A held ending becomes an event message of its own, sent just before the message
 * that does not continue its stream (or when the socket ends). A message larger than {@link EventFraming#MAX_HELD}
 * goes as it came, after whatever was held, as an SSE line that large does. Confined to one socket's thread.
 */
public final class MessageRewrite {

    private final EventRewriter first;
    private final EventRewriter then;

    private MessageRewrite(EventRewriter first, EventRewriter then) {
        this.first = first;
        this.then = then;
    }

    /**
     * The rewrite for the events answering one message, or null when nothing would change them: no redaction
     * ({@code redaction} null), and restore off or nothing in {@code vault}.
     *
     * @param redacted told the rule id and keyed fingerprint of each credential redaction replaced
     * @param counter  told how many secrets were put back, and where
     */
    public static MessageRewrite of(ResponseRedaction redaction, BiConsumer<String, String> redacted, Placeholders vault,
                                    Restore mode, ObjIntConsumer<Restored> counter) {
        EventRewriter redact = redaction == null ? null : redaction.events(redacted);
        EventRewriter restore = mode == Restore.OFF || vault.isEmpty() ? null
                : new EventRestorer(vault, mode == Restore.ALL, counter);
        if (redact == null && restore == null) {
            return null;
        }
        return redact == null ? new MessageRewrite(restore, null) : new MessageRewrite(redact, restore);
    }

    /**
     * The messages to send for one provider message: held endings first, then the message itself — the very same
     * array when nothing in it changed.
     */
    public List<byte[]> message(byte[] json) {
        if (json.length > EventFraming.MAX_HELD) {
            List<byte[]> out = finish();
            out.add(json);
            return out;
        }
        List<byte[]> out = new ArrayList<>(2);
        apply(first, json, out);
        if (then == null) {
            return out;
        }
        List<byte[]> restored = new ArrayList<>(out.size() + 1);
        for (byte[] m : out) {
            apply(then, m, restored);
        }
        return restored;
    }

    /** The socket ended: every held ending, as messages of their own. */
    public List<byte[]> finish() {
        List<byte[]> out = new ArrayList<>();
        for (Flush f : first.flushAll()) {
            if (then == null) {
                out.add(f.json());
            } else {
                apply(then, f.json(), out);
            }
        }
        if (then != null) {
            then.flushAll().forEach(f -> out.add(f.json()));
        }
        return out;
    }

    private static void apply(EventRewriter stage, byte[] json, List<byte[]> out) {
        if (!stage.mayChange(json, 0, json.length)) {
            out.add(json);
            return;
        }
        Rewrite r = stage.event(json, 0, json.length, null);
        r.before().forEach(f -> out.add(f.json()));
        out.add(r.json() == null ? json : r.json());
    }
}
