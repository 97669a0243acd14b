package dev.airlock.proxy.payload;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading the rest of a body found, from just after an array that is a member of the root object to the end:
 * what Claude Code sends after its messages (the system prompt, the tool definitions, settings) and resends unchanged
 * every turn. Reading those bytes depends on nothing before them: every name on the path of a leaf there is read
 * there, every array there is opened there (so no part there joins one before), and the root object's type is the
 * last one written. So the same bytes after any such array give the same findings, shifted by where they start.
 *
 * <p>Offsets and lines are relative to the first byte of the rest and its line; like a {@link Checkpoint}, nothing
 * here is text of the body but pointers, member names and redacted {@code "type"} values.
 *
 * @param hits        found in the rest, with byte offsets from its start and lines from its first line (0-based)
 * @param parentTypes parallel to {@code hits}; null for those directly in the root object
 * @param rootLevel   indexes into {@code hits} of those directly in the root object: typed when it closes
 * @param splits      split findings, lines relative as for hits
 * @param rootType    the root object's {@code "type"} as the rest last writes it (redacted form), or null if the
 *                    rest writes none
 */
record Remainder(List<LeafHit> hits, List<String> parentTypes, int[] rootLevel, List<JsonFinding> splits,
                 String rootType) {

    /** What this counts against the memory bound. */
    int units() {
        return 1 + hits.size() + splits.size();
    }

    static LeafHit shift(LeafHit h, int bytes, int lines) {
        List<LeafHit.Spot> spots = new ArrayList<>(h.spots().size());
        for (LeafHit.Spot s : h.spots()) {
            spots.add(new LeafHit.Spot(s.finding(), s.textLine(), s.fingerprint(), s.rawStart() + bytes,
                    s.rawEnd() + bytes));
        }
        return new LeafHit(h.line() + lines, h.pointer(), h.fieldName(), h.key(), spots);
    }

    static JsonFinding shift(JsonFinding f, int lines) {
        return new JsonFinding(f.ruleId(), f.confidence(), f.pointer(), f.inKey(), f.start(), f.end(), f.line() + lines,
                f.textLine(), f.fingerprint(), f.unredactable(), f.split());
    }
}
