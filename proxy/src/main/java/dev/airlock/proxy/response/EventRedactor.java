package dev.airlock.proxy.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.response.RestoreFields.Slot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Takes credentials out of the values {@link RestoreFields} finds in one event's JSON — the answer's text and its
 * tool-call arguments — replacing each with its placeholder, as requests are redacted. Thinking and reasoning are
 * signed and replayed by the client, so they are never changed (the record-only scan still reads them).
 *
 * <p>Each stream of deltas (one text block, one tool call) is scanned as it grows: the new delta together with what
 * is held from the last one and the last {@value #CONTEXT} released characters, so a rule that reads the name before a
 * value ({@code const apiKey = "…"}) and a credential split across events are both seen whole. What
 * {@link CredentialTail} says may still become a credential is held, written in front of the next delta of the same
 * stream, or alone just before the first event that does not continue it (a stop, another block, {@code [DONE]}).
 * A delta with nothing pending passes at once, and as it came when nothing in it changed.
 *
 * <p>Values are edited decoded and the event written again by Jackson, so it stays valid JSON; in a value that is JSON
 * text itself (chat {@code arguments}, {@code partial_json}) a replacement never cuts one of that text's escapes, and
 * the placeholder needs none. Confined to one response's thread.
 */
final class EventRedactor extends SlotRewriter {

    /** Released text kept per stream for the rules that read what comes before a value. */
    static final int CONTEXT = 256;
    /** Streams with held text at once; a value of a stream beyond that is decided as it stands. */
    static final int MAX_STREAMS = 64;

    /** One value decided: what the client gets now, what is held, and the released text as the model wrote it. */
    private record Decided(String out, String held, String released) {
    }

    private final Detector detector;
    private final Redactor keyed;
    private final CredentialTail tail;
    private final BiConsumer<String, String> redacted;
    private final Map<String, String> contexts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    /**
     * @param keyed    makes the placeholders; tells no vault of them, so a credential the model wrote is never put
     *                 back by a restore
     * @param redacted told the rule id and keyed fingerprint of each credential replaced
     */
    EventRedactor(Detector detector, Redactor keyed, CredentialTail tail, BiConsumer<String, String> redacted) {
        this.detector = detector;
        this.keyed = keyed;
        this.tail = tail;
        this.redacted = redacted;
    }

    /** Every event is read: a credential can sit in any delta. */
    @Override
    public boolean mayChange(byte[] bytes, int from, int to) {
        return true;
    }

    @Override
    List<Slot> slots(JsonNode root) {
        return RestoreFields.of(root);
    }

    @Override
    String alone(String stream, Carry carry) {
        Decided d = decide(contexts.getOrDefault(stream, ""), carry.text(), false, carry.slot().json());
        contexts.remove(stream);
        return d.out();
    }

    /** Redacts in one value (after its stream's held ending); returns whether the value changed. */
    @Override
    boolean rewrite(JsonNode root, Slot slot, String eventName, boolean streamed) {
        String value = EventJson.text(root, slot.path());
        String stream = streamed ? slot.stream() : null;
        Carry carry = stream == null ? null : carries.remove(stream);
        String context = stream == null ? "" : contexts.getOrDefault(stream, "");
        String pending = carry == null ? value : carry.text() + value;
        boolean mayHold = stream != null && slot.more() && carries.size() < MAX_STREAMS;
        Decided d = decide(context, pending, mayHold, slot.json());
        if (stream != null) {
            String seen = context + d.released();
            contexts.put(stream, seen.length() > CONTEXT ? seen.substring(seen.length() - CONTEXT) : seen);
            if (!d.held().isEmpty()) {
                carries.put(stream, new Carry(d.held(), root, slot, eventName));
            }
        }
        if (d.out().equals(value)) {
            return false;
        }
        EventJson.set(root, slot.path(), d.out());
        return true;
    }

    /**
     * Scans {@code context + pending} and splits {@code pending} into what goes out now, with every credential in it
     * replaced, and what is held.
     */
    private Decided decide(String context, String pending, boolean mayHold, boolean json) {
        if (pending.isEmpty()) {
            return new Decided("", "", "");
        }
        String s = context + pending;
        int base = context.length();
        List<Finding> found = detector.scan(s);
        int hold = mayHold ? tail.holdFrom(s, base, found, json) : s.length();
        StringBuilder out = null;
        int at = base;
        for (Finding f : found) {
            if (f.end() <= base || f.start() >= hold) {
                continue; // released before, or held with the tail
            }
            int start = Math.max(f.start(), base);
            int end = Math.min(f.end(), hold);
            if (json) {
                start = Math.max(base, escapeStart(s, start));
                end = Math.min(hold, escapeEnd(s, end));
            }
            if (start < at) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(hold - base + 32);
            }
            String secret = s.substring(f.start(), f.end());
            out.append(s, at, start).append(keyed.placeholder(f.ruleId(), secret));
            redacted.accept(f.ruleId(), keyed.fingerprint(secret));
            at = end;
        }
        String now = out == null ? s.substring(base, hold) : out.append(s, at, hold).toString();
        return new Decided(now, s.substring(hold), s.substring(base, hold));
    }

    /** {@code at}, or the start of the JSON escape ({@code \n}, {@code \u00e9}) in {@code s} that it falls inside. */
    static int escapeStart(String s, int at) {
        int[] e = escapeAround(s, at);
        return e == null ? at : e[0];
    }

    /** {@code at}, or the end of the JSON escape in {@code s} that it falls inside. */
    static int escapeEnd(String s, int at) {
        int[] e = escapeAround(s, at);
        return e == null ? at : e[1];
    }

    /** The escape {@code [start, end)} with {@code start < at < end}, or null when {@code at} cuts none. */
    private static int[] escapeAround(String s, int at) {
        int i = 0;
        while (i < at) {
            if (s.charAt(i) == '\\') {
                int end = Math.min(s.length(), i + (i + 1 < s.length() && s.charAt(i + 1) == 'u' ? 6 : 2));
                if (at < end) {
                    return new int[] {i, end};
                }
                i = end;
            } else {
                i++;
            }
        }
        return null;
    }
}
