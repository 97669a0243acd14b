package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a credential split across two sibling parts: the same field of consecutive array elements
 * ({@code content[0].text} and {@code content[1].text}, Gemini {@code parts[i].text}) or consecutive strings of one
 * array. Each leaf is scanned on its own elsewhere; here only a bounded window around each seam is scanned
 * (the end of the previous part joined to the start of the next), and only findings crossing the seam count.
 */
final class SplitParts {

    /** Longer than any single credential the rules describe, short enough to keep each seam cheap. */
    static final int WINDOW = 256;
    /** Sibling fields tracked at once (text, thinking, …); more distinct fields per element are rare. */
    private static final int SLOTS = 4;

    private record Part(int serial, int index, String field, String text) {
    }

    private final Detector detector;
    private final int[] arraySerial;
    private final Part[] recent = new Part[SLOTS];
    private int serials;
    private int next;

    SplitParts(Detector detector, int maxDepth) {
        this.detector = detector;
        this.arraySerial = new int[maxDepth + 2];
    }

    /** An array opened at {@code depth}; parts of different arrays are never joined. */
    void arrayStarted(int depth) {
        arraySerial[depth] = ++serials;
    }

    /**
     * Checks the seam between this string leaf and the previous sibling part, if there is one.
     *
     * @return findings crossing the seam, with offsets in this leaf (start 0, end where the credential ends here)
     */
    List<Finding> next(JsonStreamContext ctx, int depth, String text) {
        int serial;
        int index;
        String field;
        if (ctx.inArray()) {
            serial = arraySerial[depth];
            index = ctx.getCurrentIndex();
            field = null;
        } else if (ctx.inObject() && ctx.getParent() != null && ctx.getParent().inArray() && depth > 0) {
            serial = arraySerial[depth - 1];
            index = ctx.getParent().getCurrentIndex();
            field = ctx.getCurrentName();
        } else {
            return List.of();
        }
        List<Finding> out = List.of();
        int slot = find(serial, field);
        if (slot >= 0) {
            Part prev = recent[slot];
            if (prev.index() == index - 1 && !prev.text().isEmpty() && !text.isEmpty()) {
                out = seam(prev.text(), text);
            }
            recent[slot] = new Part(serial, index, field, text);
        } else {
            recent[next] = new Part(serial, index, field, text);
            next = (next + 1) % SLOTS;
        }
        return out;
    }

    private int find(int serial, String field) {
        for (int i = 0; i < SLOTS; i++) {
            Part p = recent[i];
            if (p != null && p.serial() == serial && (p.field() == null ? field == null : p.field().equals(field))) {
                return i;
            }
        }
        return -1;
    }

    private List<Finding> seam(String before, String after) {
        String tail = before.substring(Math.max(0, before.length() - WINDOW));
        String head = after.substring(0, Math.min(after.length(), WINDOW));
        List<Finding> found = detector.scan(tail + head);
        List<Finding> out = null;
        for (Finding f : found) {
            if (f.start() < tail.length() && f.end() > tail.length()) {
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(new Finding(f.ruleId(), 0, f.end() - tail.length(), f.confidence()));
            }
        }
        return out == null ? List.of() : out;
    }
}
