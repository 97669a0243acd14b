package dev.airlock.detector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds every rule keyword in one pass over the text.
 *
 * <p>Written by hand rather than with an Aho-Corasick library because the job is narrower and hotter: all
 * keywords are ASCII and at least three characters long (the few words of other scripts, {@code пароль} or
 * {@code 密码}, are left to {@link OtherScriptWords}). Each keyword is indexed under one case-folded
 * three-character window inside it, the one whose two pairs are rarest in source code and prose (from a
 * measured table: {@code intercom} through {@code rco}, not the everyday {@code int}). Any occurrence of the
 * keyword puts its window at an even position or one before, so the loop steps two characters at a time and
 * asks one question per step: does the pair at the even position, with the character after it or the one
 * before it, make an indexed window? Characters are first reduced to small codes (those in no window all to
 * 0) and the pair's two answers are 64-bit masks over the neighbour's code, side by side in one table of which
 * text touches a few kilobytes. A step costs two loads for the characters, two for their codes and two for the
 * masks; two steps share one branch, taken in about one iteration in forty on JDK source. Only then is the
 * character around the window checked against the keywords' own ({@link #around}), and what passes looked up
 * exactly and compared.
 *
 * <p>The design it replaced tested the pair alone against a bitmap: one in six steps on JDK source passed, and
 * each pass read per-pair tables too large for the cache.
 */
final class KeywordIndex {

    private static final int GOLDEN = 0x9E3779B1;
    private static final int CODES = 64;
    /** Bits in {@link #around}: 16 KiB, a few hundred set. */
    private static final int AROUND_BITS = 17;
    private static final int BEFORE = 0;
    private static final int AFTER = 1 << 28;
    private static final int WHOLE = 2 << 28;

    /** One way to find a keyword: its indexed window starts {@code offset} characters into it. */
    private record Entry(Keyword keyword, int offset) {
    }

    /** Per ASCII character, its code: 0 for characters in no indexed window, else 1 to 63 (case folded). */
    private final byte[] code = new byte[128];
    /**
     * Per pair of codes {@code (a, b)} at {@code 2 * (a * 64 + b)}: the codes of the characters that follow
     * the pair in an indexed window; at the next index, the codes of those that precede it.
     */
    private final long[] masks = new long[2 * CODES * CODES];
    /**
     * Open-addressed table of the indexed windows, three ints a slot: the folded window ({@link #window}) or -1,
     * then the first and end index of its keywords in the entry arrays below.
     */
    private final int[] slots;
    private final int slotShift;
    private final int slotMask;
    /**
     * The keywords, flat so that comparing one reads two or three cache lines rather than following four
     * references: four ints each (offset of the window in the keyword, start and length of its compared form in
     * {@link #literals}, 1 when case is ignored), and the keyword itself for the rule call.
     */
    private final int[] entries;
    private final Keyword[] entryKeywords;
    private final char[] literals;
    /**
     * Hashed set of each keyword's window with one more character: the one before it, or after it when the window
     * starts the keyword, or none when it is the whole keyword. A window that occurs without any of its keywords'
     * neighbours ({@code ass} in {@code class}, indexed for {@code pass}) is dropped with one cached load instead
     * of the table lookup and compare.
     */
    private final long[] around = new long[(1 << AROUND_BITS) / 64];
    /** The keywords in other scripts than ASCII, looked for in a second pass over texts that have any. */
    private final OtherScriptWords otherScript;

    KeywordIndex(List<Keyword> all) {
        List<Keyword> keywords = all.stream().filter(Keyword::ascii).toList();
        otherScript = new OtherScriptWords(all.stream().filter(k -> !k.ascii()).toList());
        // Insertion order is kept per window: rules see their keywords in text order and, at one position,
        // in the order the rules were given, which matters to rules that remember how far they have read.
        Map<Integer, List<Entry>> byWindow = new LinkedHashMap<>();
        boolean[] inWindow = new boolean[128];
        for (Keyword k : keywords) {
            String lit = k.literal().toLowerCase(Locale.ROOT);
            int o = rarestAdjacentPairs(lit);
            int w = window(lit.charAt(o), lit.charAt(o + 1), lit.charAt(o + 2));
            byWindow.computeIfAbsent(w, x -> new ArrayList<>(2)).add(new Entry(k, o));
            int h = o > 0 ? aroundHash(lit.charAt(o - 1) << 21 | w, BEFORE)
                    : lit.length() > 3 ? aroundHash(w << 7 | lit.charAt(3), AFTER) : aroundHash(w << 7, WHOLE);
            around[h >>> 6] |= 1L << h;
            for (int j = o; j < o + 3; j++) {
                inWindow[lit.charAt(j)] = true;
            }
        }
        int next = 0;
        for (int ch = 1; ch < 128; ch++) {
            if (inWindow[ch]) {
                // More than 63 distinct characters (only custom rules could bring them) share codes: the
                // masks then let more steps through, never fewer.
                next++;
                code[ch] = (byte) (1 + (next - 1) % (CODES - 1));
            }
        }
        for (int ch = 'A'; ch <= 'Z'; ch++) {
            code[ch] = code[Ascii.lower((char) ch)];
        }
        for (int w : byWindow.keySet()) {
            int a = code[w >>> 14];
            int b = code[(w >>> 7) & 0x7f];
            int c = code[w & 0x7f];
            masks[2 * (a * CODES + b)] |= 1L << c;
            masks[2 * (b * CODES + c) + 1] |= 1L << a;
        }
        int slotBits = 4;
        while ((1 << slotBits) < byWindow.size() * 4) {
            slotBits++;
        }
        slotShift = 32 - slotBits;
        slotMask = (1 << slotBits) - 1;
        slots = new int[3 << slotBits];
        for (int slot = 0; slot < 1 << slotBits; slot++) {
            slots[3 * slot] = -1;
        }
        entries = new int[4 * keywords.size()];
        entryKeywords = new Keyword[keywords.size()];
        StringBuilder pool = new StringBuilder();
        int e = 0;
        for (Map.Entry<Integer, List<Entry>> byKey : byWindow.entrySet()) {
            int slot = (byKey.getKey() * GOLDEN) >>> slotShift;
            while (slots[3 * slot] != -1) {
                slot = (slot + 1) & slotMask;
            }
            slots[3 * slot] = byKey.getKey();
            slots[3 * slot + 1] = e;
            for (Entry entry : byKey.getValue()) {
                Keyword k = entry.keyword();
                String compared = k.compared();
                entries[4 * e] = entry.offset();
                entries[4 * e + 1] = pool.length();
                entries[4 * e + 2] = compared.length();
                entries[4 * e + 3] = k.ignoreCase() ? 1 : 0;
                entryKeywords[e] = k;
                pool.append(compared);
                e++;
            }
            slots[3 * slot + 2] = e;
        }
        literals = pool.toString().toCharArray();
    }

    private static int aroundHash(int fourCharacters, int side) {
        return ((fourCharacters ^ side) * GOLDEN) >>> (32 - AROUND_BITS);
    }

    /**
     * Whether a keyword indexed under the window {@code window} at {@code at} may start around it: the character
     * before or after the window (as the keyword has it) or none makes a member of {@link #around}. Never false
     * for an occurrence: then the character is the keyword's own.
     */
    private boolean mayMatch(char[] c, int n, int at, int window) {
        // Past either end of the text the neighbour reads as NUL, which no keyword has: at worst a hash collision
        // lets the window through. No branch until the three answers are in.
        int before = at > 0 ? FOLD[c[at - 1] & 0x7f] : 0;
        int after = at + 3 < n ? FOLD[c[at + 3] & 0x7f] : 0;
        return (aroundBit(before << 21 | window, BEFORE) | aroundBit(window << 7 | after, AFTER)
                | aroundBit(window << 7, WHOLE)) != 0;
    }

    /** 1 when the four characters, read from {@code side}, are in {@link #around}; else 0. */
    private long aroundBit(int fourCharacters, int side) {
        int h = aroundHash(fourCharacters, side);
        return around[h >>> 6] >>> h & 1;
    }

    /** Three case-folded 7-bit characters as one number. */
    private static int window(int a, int b, int c) {
        return a << 14 | b << 7 | c;
    }

    /**
     * The start of the two overlapping pairs ({@code o, o+1} and {@code o+1, o+2}) least frequent together:
     * the three characters they span are the keyword's window.
     */
    private static int rarestAdjacentPairs(String lit) {
        int best = 0;
        long bestScore = Long.MAX_VALUE;
        for (int o = 0; o + 2 < lit.length(); o++) {
            long score = (long) CharFrequency.ofPair(lit.charAt(o), lit.charAt(o + 1))
                    + CharFrequency.ofPair(lit.charAt(o + 1), lit.charAt(o + 2));
            if (score < bestScore) {
                bestScore = score;
                best = o;
            }
        }
        return best;
    }

    /**
     * Calls every rule whose keyword occurs in the text, at each occurrence, adding findings to {@code out};
     * returns whether the text has non-ASCII characters (only then can a normalised view differ), noted on the
     * way at the cost of one OR per character.
     *
     * <p>Rules are called in the order of the text, two positions per step: the window starting at the even
     * position, then the one starting just before it (the order findings were always added in, which decides
     * the name of a merged finding when two rules claim the same characters with equal rank). A non-ASCII
     * character is read by its low seven bits, which can only let a step through: the keyword compare rejects
     * it. In a text with non-ASCII characters, the keywords of other scripts come after.
     */
    boolean scan(ScanText text, List<Finding> out) {
        final char[] c = text.chars;
        final int n = text.length;
        final byte[] codes = code;
        final long[] pairs = masks;
        if (n == 0) {
            return false;
        }
        int seen = c[0];
        int before = 0; // code of the character before position i; 0, in no window, at the start
        int first = codes[c[0] & 0x7f];
        int i = 0;
        // Two steps per iteration share one branch, taken about once in forty iterations on JDK source.
        for (; i + 4 < n; i += 4) {
            char b = c[i + 1];
            char x = c[i + 2];
            char y = c[i + 3];
            char z = c[i + 4];
            seen |= b | x | y | z;
            int second = codes[b & 0x7f];
            int third = codes[x & 0x7f];
            int fourth = codes[y & 0x7f];
            int fifth = codes[z & 0x7f];
            int pair = (first * CODES + second) * 2;
            int nextPair = (third * CODES + fourth) * 2;
            long here = pairs[pair] >>> third;
            long back = pairs[pair + 1] >>> before;
            long nextHere = pairs[nextPair] >>> fifth;
            long nextBack = pairs[nextPair + 1] >>> second;
            if (((here | back | nextHere | nextBack) & 1) != 0) {
                int bits = (int) (here & 1 | (back & 1) << 1 | (nextHere & 1) << 2 | (nextBack & 1) << 3);
                visitEach(bits, text, i, out);
            }
            before = fourth;
            first = fifth;
        }
        for (; i + 2 < n; i += 2) {
            char b = c[i + 1];
            char x = c[i + 2];
            seen |= b | x;
            int second = codes[b & 0x7f];
            int third = codes[x & 0x7f];
            int pair = (first * CODES + second) * 2;
            long here = pairs[pair] >>> third;
            long back = pairs[pair + 1] >>> before;
            if (((here | back) & 1) != 0) {
                visitEach((int) (here & 1 | (back & 1) << 1), text, i, out);
            }
            before = second;
            first = third;
        }
        if (i + 1 < n) {
            seen |= c[i + 1];
            if (i > 0) {
                visit(text, i - 1, folded(c, i - 1), out);
            }
        }
        if (seen >= 128) {
            otherScript.scan(text, out);
            return true;
        }
        return false;
    }

    /**
     * Visits the windows of the steps at {@code i} and {@code i + 2} whose bit is set, in the order the rules
     * expect: starting at i, i - 1, i + 2, i + 1 (bits 0 to 3). The bits come from the masks, so a window without
     * one has no keyword; at position 0 the window before never has one (its first code, 0, is in no window).
     * One loop over the set bits rather than four tests: which of them is set is as good as random.
     */
    private void visitEach(int bits, ScanText text, int i, List<Finding> out) {
        while (bits != 0) {
            int bit = Integer.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            int at = i + STEP_OFFSET[bit];
            int window = folded(text.chars, at);
            if (mayMatch(text.chars, text.length, at, window)) {
                visit(text, at, window, out);
            }
        }
    }

    private static final int[] STEP_OFFSET = {0, -1, 2, 1};

    /** The window at {@code at} (three characters must be there), non-ASCII characters cut to seven bits. */
    private static int folded(char[] c, int at) {
        return window(FOLD[c[at] & 0x7f], FOLD[c[at + 1] & 0x7f], FOLD[c[at + 2] & 0x7f]);
    }

    /** The keywords indexed under the window at {@code at}, compared in full there. */
    private void visit(ScanText text, int at, int window, List<Finding> out) {
        int slot = (window * GOLDEN) >>> slotShift;
        int w;
        while ((w = slots[3 * slot]) != window) {
            if (w == -1) {
                return;
            }
            slot = (slot + 1) & slotMask;
        }
        for (int e = slots[3 * slot + 1], end = slots[3 * slot + 2]; e < end; e++) {
            int start = at - entries[4 * e];
            if (start >= 0 && matches(text.chars, text.length, start, e)) {
                Keyword k = entryKeywords[e];
                text.ruleCalled();
                k.rule().match(text, start, k, out);
            }
        }
    }

    /** Whether keyword {@code e} occurs at {@code at}: {@link Keyword#matchesAt}, on the flat copy. */
    private boolean matches(char[] text, int length, int at, int e) {
        int from = entries[4 * e + 1];
        int len = entries[4 * e + 2];
        if (at + len > length) {
            return false;
        }
        final char[] lit = literals;
        if (entries[4 * e + 3] != 0) {
            for (int i = 0; i < len; i++) {
                if (Ascii.lower(text[at + i]) != lit[from + i]) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < len; i++) {
                if (text[at + i] != lit[from + i]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** ASCII lower-casing table; NUL stays 0, which no keyword contains. */
    private static final byte[] FOLD = new byte[128];

    static {
        for (int ch = 1; ch < 128; ch++) {
            FOLD[ch] = (byte) Ascii.lower((char) ch);
        }
    }
}
