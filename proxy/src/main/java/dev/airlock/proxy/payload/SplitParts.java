package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * Where a part's last {@value #WINDOW} decoded characters can be read again: the raw bytes from {@code rawStart}
     * to the closing quote at {@code rawEnd} decode to a suffix of the part's text, the whole of it when
     * {@code whole}, else at least {@value #WINDOW} units of it. No text is kept.
     */
    record Tail(int serial, int index, String field, int rawStart, int rawEnd, boolean whole) {
    }

    /**
     * What a later part of the array open at a {@link Checkpoint} can be joined with: the parts of that array still
     * held (by slot; null where a slot holds nothing that array can meet again) and the counters.
     */
    record Saved(int serials, int arraySerial, int next, List<Tail> tails) {
    }

    private static final class Part {
        final int serial;
        final int index;
        final String field;
        /** The decoded text, or its last {@value #WINDOW} units for a part restored from a checkpoint. */
        final String text;
        /** Body offsets after the opening quote and of the closing one; -1 where no checkpoint can need them. */
        final int contentStart;
        final int contentEnd;
        Tail tail;

        Part(int serial, int index, String field, String text, int contentStart, int contentEnd) {
            this.serial = serial;
            this.index = index;
            this.field = field;
            this.text = text;
            this.contentStart = contentStart;
            this.contentEnd = contentEnd;
        }

        Tail tail(byte[] body) {
            if (tail == null && contentStart >= 0) {
                int start = windowStart(body, contentStart, contentEnd);
                tail = new Tail(serial, index, field, start, contentEnd, start == contentStart);
            }
            return tail;
        }
    }

    /**
     * A place to start decoding so at least {@value #WINDOW} units follow, found without walking the token: any
     * unit is at most six bytes (<code>&#92;uXXXX</code>), and a byte that continues no UTF-8 sequence, with no
     * backslash in the five bytes before it, starts a unit (an escape that began earlier has ended). The start of
     * the content when no such byte is near.
     */
    static int windowStart(byte[] body, int contentStart, int contentEnd) {
        int q = contentEnd - 6 * WINDOW;
        for (int limit = Math.max(contentStart, q - 64); q > limit; q--) {
            if ((body[q] & 0xC0) != 0x80 && noBackslash(body, Math.max(contentStart, q - 5), q)) {
                return q;
            }
        }
        return contentStart;
    }

    private static boolean noBackslash(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == '\\') {
                return false;
            }
        }
        return true;
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
     * @param contentStart body offset after the leaf's opening quote, or -1 when no checkpoint will need it
     * @param contentEnd   body offset of its closing quote, or -1
     * @return findings crossing the seam, with offsets in this leaf (start 0, end where the credential ends here)
     */
    List<Finding> next(JsonStreamContext ctx, int depth, String text, int contentStart, int contentEnd) {
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
        Part part = new Part(serial, index, field, text, contentStart, contentEnd);
        int slot = find(serial, field);
        if (slot >= 0) {
            Part prev = recent[slot];
            if (prev.index == index - 1 && !prev.text.isEmpty() && !text.isEmpty()) {
                out = seam(prev.text, text);
            }
            recent[slot] = part;
        } else {
            recent[next] = part;
            next = (next + 1) % SLOTS;
        }
        return out;
    }

    /**
     * The state a later part of the array open at {@code depth} depends on, or null if a part it may meet has no
     * known place in the body. Parts of closed arrays are left out: their arrays' serials never come back, so only
     * the slot they occupy matters, and an empty slot is taken the same way.
     */
    Saved save(byte[] body, int depth) {
        int serial = arraySerial[depth];
        List<Tail> tails = new ArrayList<>(SLOTS);
        for (Part p : recent) {
            Tail t = null;
            if (p != null && p.serial == serial) {
                t = p.tail(body);
                if (t == null) {
                    return null;
                }
            }
            tails.add(t);
        }
        return new Saved(serials, serial, next, Collections.unmodifiableList(tails));
    }

    /** Takes up the state saved at a checkpoint, reading the parts' last characters again from {@code body}. */
    void restore(Saved saved, byte[] body, int depth) {
        serials = saved.serials();
        arraySerial[depth] = saved.arraySerial();
        next = saved.next();
        for (int i = 0; i < SLOTS; i++) {
            Tail t = saved.tails().get(i);
            if (t == null) {
                recent[i] = null;
                continue;
            }
            String decoded = RawStringCursor.decode(body, t.rawStart(), t.rawEnd());
            if (!t.whole() && decoded.length() < WINDOW) {
                throw new IllegalStateException("a remembered part decodes to " + decoded.length() + " units, fewer "
                        + "than its window");
            }
            Part p = new Part(t.serial(), t.index(), t.field(),
                    decoded.substring(Math.max(0, decoded.length() - WINDOW)), -1, -1);
            p.tail = t;
            recent[i] = p;
        }
    }

    private int find(int serial, String field) {
        for (int i = 0; i < SLOTS; i++) {
            Part p = recent[i];
            if (p != null && p.serial == serial && (p.field == null ? field == null : p.field.equals(field))) {
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
        List<Finding> tailAlone = null;
        for (Finding f : found) {
            if (f.start() < tail.length() && f.end() > tail.length()) {
                if (tailAlone == null) {
                    tailAlone = detector.scan(tail);
                }
                if (extendsACompleteFinding(f, tailAlone, tail.length())) {
                    continue;
                }
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(new Finding(f.ruleId(), 0, f.end() - tail.length(), f.confidence()));
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * The earlier part already ends with a credential that another rule found more surely, from where this one
     * starts: the seam only glued the next part's first word to it ("my token is ghp_…" then "ok", read as one
     * unquoted value). The same rule finding more across the seam is a credential that goes on (a value or a
     * variable-length token cut in two), and counts.
     */
    private static boolean extendsACompleteFinding(Finding crossing, List<Finding> tailAlone, int seam) {
        for (Finding t : tailAlone) {
            if (t.end() == seam && t.start() <= crossing.start() && !t.ruleId().equals(crossing.ruleId())
                    && t.confidence().compareTo(crossing.confidence()) > 0) {
                return true;
            }
        }
        return false;
    }
}
