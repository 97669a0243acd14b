package dev.airlock.proxy.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.response.RestoreFields.Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What restoring and redacting share: an event's values are the {@link Slot}s {@link RestoreFields} finds, each is
 * rewritten on its own, and the ending a stream's value held back is carried to the next delta of that stream — or
 * written alone, shaped like the delta it was cut from, just before the first event that may end it
 * ({@link #endsStreams}). Subclasses say which slots they touch, how one value is rewritten, and what a
 * held ending becomes when it must be written alone. Confined to one response's thread.
 */
abstract class SlotRewriter implements EventRewriter {

    /** A held ending, and the event and value it was cut from, to shape a delta if it must be written alone. */
    record Carry(String text, JsonNode event, Slot slot, String eventName) {
    }

    /** Held endings by stream, in the order they were cut. */
    final Map<String, Carry> carries = new LinkedHashMap<>();

    /** The values of {@code root} this rewriter works on. */
    abstract List<Slot> slots(JsonNode root);

    /**
     * Rewrites one value, after its stream's held ending when {@code streamed}, and holds a new ending in
     * {@link #carries}; returns whether the value changed.
     */
    abstract boolean rewrite(JsonNode root, Slot slot, String eventName, boolean streamed);

    /** The text a held ending of {@code stream} is written as when its stream does not continue. */
    abstract String alone(String stream, Carry carry);

    @Override
    public final Rewrite event(byte[] bytes, int from, int to, String eventName) {
        JsonNode root = EventJson.parse(bytes, from, to);
        List<Slot> slots = root == null ? List.of() : slots(root);
        List<Flush> before = List.of();
        if (!carries.isEmpty() && endsStreams(root)) {
            Set<String> continued = new HashSet<>();
            for (Slot s : slots) {
                if (s.stream() != null) {
                    continued.add(s.stream());
                }
            }
            before = flush(continued);
        }
        boolean changed = false;
        for (Slot s : slots) {
            changed |= rewrite(root, s, eventName, true);
        }
        return new Rewrite(before, changed ? EventJson.write(root) : null);
    }

    /**
     * Whether an event may end the streams whose endings are held: a block's or an item's end, a choice's or a
     * candidate's finish, the answer's end, or anything that is no JSON. Every other event (a ping, a citation or an
     * annotation, a content-filter or usage chunk, an empty delta, another call's delta) passes while the endings stay
     * held, so a value cut around it is still read whole: written alone before it, a credential's start went out
     * unjudged and its rest, read without it, went unrecognised.
     */
    static boolean endsStreams(JsonNode root) {
        if (root == null) {
            return true;
        }
        String type = root.path("type").asText("");
        if (type.equals("content_block_stop") || type.equals("message_delta") || type.equals("message_stop")
                || type.equals("error") || type.endsWith(".done") || type.endsWith("-end") || type.equals("finish")
                || type.equals("response.completed") || type.equals("response.incomplete")
                || type.equals("response.failed") || root.path("done").asBoolean(false)) {
            return true;
        }
        for (JsonNode choice : root.path("choices")) {
            if (choice.hasNonNull("finish_reason")) {
                return true;
            }
        }
        for (JsonNode candidate : root.path("candidates")) {
            if (candidate.hasNonNull("finishReason")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public final byte[] document(byte[] bytes, int from, int to) {
        JsonNode root = EventJson.parse(bytes, from, to);
        if (root == null) {
            return null;
        }
        boolean changed = false;
        for (Slot s : slots(root)) {
            changed |= rewrite(root, s, null, false);
        }
        return changed ? EventJson.write(root) : null;
    }

    @Override
    public final List<Flush> flushAll() {
        return flush(Set.of());
    }

    private List<Flush> flush(Set<String> keep) {
        List<Flush> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Carry>> it = carries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Carry> e = it.next();
            if (!keep.contains(e.getKey())) {
                Carry c = e.getValue();
                String text = alone(e.getKey(), c);
                out.add(new Flush(c.eventName(), EventJson.write(EventJson.alone(c.event(), c.slot().path(), text))));
                it.remove();
            }
        }
        return out;
    }
}
