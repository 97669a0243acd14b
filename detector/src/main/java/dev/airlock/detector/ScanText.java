package dev.airlock.detector;

/**
 * The text being scanned, held both as a {@code char[]} for the hand-written loops and as a {@code String}
 * for the anchored regexes that run at keyword hits.
 */
final class ScanText {

    final String string;
    final char[] chars;
    final int length;
    /** 0 for the text given to the detector, 1 and 2 for texts decoded out of it (base64, hex, percent). */
    final int depth;
    /** When this scan must stop ({@link ScanDeadline}), or null for never. */
    private final Long deadline = ScanDeadline.current();
    private int ruleCalls;

    /** Texts up to this many characters are copied into a per-thread buffer instead of a new array. */
    private static final int REUSED_BUFFER_LIMIT = 4 << 20;
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[8192]);

    ScanText(String string, int depth) {
        this.string = string;
        this.length = string.length();
        this.depth = depth;
        this.chars = depth == 0 ? buffer(length) : new char[length];
        string.getChars(0, length, chars, 0);
        if (length < chars.length) {
            chars[length] = '\0'; // validators see the array, not the length: one that reads on past a match stops here
        }
    }

    /** Counts a rule call; past the thread's {@link ScanDeadline} the scan stops with its exception. */
    void ruleCalled() {
        if (deadline != null && ++ruleCalls % ScanDeadline.CHECK_EVERY == 0 && System.nanoTime() - deadline > 0) {
            throw new ScanDeadline.ExceededException();
        }
    }

    /**
     * The top-level text of a scan is copied into a buffer the thread keeps: a prompt of a few hundred
     * kilobytes would otherwise allocate a fresh array on every request. Decoded texts scanned inside it get
     * arrays of their own. Characters past {@link #length} are stale: every reader is bounded by it, or by the
     * NUL written after the text.
     */
    private static char[] buffer(int length) {
        if (length > REUSED_BUFFER_LIMIT) {
            return new char[length];
        }
        char[] b = BUFFER.get();
        if (b.length < length) {
            b = new char[Math.max(length, b.length * 2)];
            BUFFER.set(b);
        }
        return b;
    }

    /**
     * The stretch {@code [plainFrom, plainTo)} an assignment's unquoted value was last read over: no character that
     * ends a value and none of another script. A value starting inside it is read on from its end, so a name
     * repeated through one long run ({@code password:password:…}) reads the run once, not once per name.
     */
    int plainFrom = -1;
    int plainTo = -1;

    /**
     * Per rule (or per keyword of a rule, for one shape of several), how far into this text it has already looked
     * (rules that read far around a keyword).
     */
    private java.util.Map<Object, Integer> covered;

    /** Per reader, three ints it keeps about this text (where a literal was last looked for, and found). */
    private java.util.Map<Object, int[]> notes;

    /** The positions of the characters of other scripts than ASCII, in order, found at the first ask. */
    private int[] nonAscii;
    private int nonAsciiCount = -1;
    /** Beyond this many the positions are not kept: such a text is mostly of another script, each found at once. */
    private static final int MAX_NON_ASCII_KEPT = 4096;

    /**
     * The first character of another script than ASCII at or after {@code from}, or {@link #length}. The words of
     * other scripts and the normalised view both walk these in a text that has any; a long prompt with a few is
     * then read for them once, not once per walk.
     */
    int nextNonAscii(int from) {
        if (nonAsciiCount < 0) {
            findNonAscii();
        }
        if (nonAscii == null) {
            return Ascii.nextNonAscii(chars, from, length);
        }
        int k = java.util.Arrays.binarySearch(nonAscii, 0, nonAsciiCount, from);
        k = k >= 0 ? k : -k - 1;
        return k < nonAsciiCount ? nonAscii[k] : length;
    }

    private void findNonAscii() {
        int[] found = new int[16];
        int count = 0;
        for (int i = Ascii.nextNonAscii(chars, 0, length); i < length; i = Ascii.nextNonAscii(chars, i + 1, length)) {
            if (count == MAX_NON_ASCII_KEPT) {
                nonAsciiCount = 0;
                return; // nonAscii stays null
            }
            if (count == found.length) {
                found = java.util.Arrays.copyOf(found, count * 2);
            }
            found[count++] = i;
        }
        nonAscii = found;
        nonAsciiCount = count;
    }

    /** Per pattern, a matcher over this text, made at its first use: a rule's shape is matched at each of its hits. */
    private java.util.Map<java.util.regex.Pattern, java.util.regex.Matcher> matchers;

    /**
     * A matcher of {@code pattern} over this text, the same one for every call: making one per hit (its group arrays
     * allocated and cleared) cost more than the match itself where a rule's keyword is frequent.
     */
    java.util.regex.Matcher matcher(java.util.regex.Pattern pattern) {
        if (matchers == null) {
            matchers = new java.util.IdentityHashMap<>();
        }
        return matchers.computeIfAbsent(pattern, p -> p.matcher(string));
    }

    int[] notes(Object reader) {
        if (notes == null) {
            notes = new java.util.IdentityHashMap<>();
        }
        return notes.computeIfAbsent(reader, r -> new int[] {-1, -1, -1});
    }

    /**
     * The end of the stretch {@code reader} has already examined in this text, 0 if none. A rule that reads a
     * whole document or window around each keyword skips keywords inside what it has read, so a text that
     * repeats the keyword thousands of times costs one read, not one per keyword.
     */
    int coveredTo(Object reader) {
        return covered == null ? 0 : covered.getOrDefault(reader, 0);
    }

    void cover(Object reader, int to) {
        if (covered == null) {
            covered = new java.util.IdentityHashMap<>();
        }
        covered.merge(reader, to, Math::max);
    }

    /**
     * True when nothing word-like precedes {@code i}: start of text, a non-alphanumeric character, or a
     * JSON/shell escape such as {@code \n} (a {@code .env} pasted into a JSON string keeps its escapes when
     * the text reaching the scanner was not decoded).
     */
    boolean leftBoundary(int i) {
        if (i <= 0) {
            return true;
        }
        char p = chars[i - 1];
        if (!Ascii.isAlnum(p)) {
            return true;
        }
        return i >= 2 && chars[i - 2] == '\\' && (p == 'n' || p == 'r' || p == 't');
    }
}
