package dev.airlock.detector;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds every rule keyword in one pass over the text.
 *
 * <p>Written by hand rather than with an Aho-Corasick library because the job is narrower and hotter: all
 * keywords are ASCII and at least three characters long. Each keyword is indexed under the two overlapping
 * character pairs inside it that are rarest in source code and prose (from a measured table: {@code intercom}
 * through {@code rc} and {@code co}, not the everyday {@code in}). Any occurrence of the keyword puts one of the
 * two at an even position, so the loop looks at even positions only: one bitmap load per two characters
 * rejects almost everything, and the survivors compare only the keywords that share the pair and the character
 * next to it. Measured on JDK source, this is a third faster than testing every position against one pair.
 */
final class KeywordIndex {

    private static final int BIGRAMS = 128 * 128;
    private static final int AFTER = 0;
    private static final int BEFORE = 1;

    /** One way to find a keyword: its characters at {@code offset}, {@code offset + 1} form the indexed pair. */
    private record Entry(Keyword keyword, int offset) {
    }

    private final long[] present = new long[BIGRAMS / 64];
    /**
     * Per present pair, two tables of entries: by the folded character after the pair (for a keyword's first
     * window) and by the character before it (for its second window, whose pair ends the three characters).
     * Either way a hit compares only keywords whose third character is really there: a comment's {@code //}
     * never reaches {@code ://}.
     */
    private final Entry[][][] byPair = new Entry[BIGRAMS][][];

    KeywordIndex(List<Keyword> keywords) {
        List<List<List<List<Entry>>>> buckets = new ArrayList<>(BIGRAMS);
        for (int i = 0; i < BIGRAMS; i++) {
            buckets.add(null);
        }
        for (Keyword k : keywords) {
            String lit = k.literal().toLowerCase(java.util.Locale.ROOT);
            int o = rarestAdjacentPairs(lit);
            add(buckets, pair(lit, o), AFTER, lit.charAt(o + 2), new Entry(k, o));
            add(buckets, pair(lit, o + 1), BEFORE, lit.charAt(o), new Entry(k, o + 1));
        }
        for (int pair = 0; pair < BIGRAMS; pair++) {
            List<List<List<Entry>>> sides = buckets.get(pair);
            if (sides == null) {
                continue;
            }
            present[pair >>> 6] |= 1L << pair;
            Entry[][] table = new Entry[256][]; // [side * 128 + character]
            for (int side = AFTER; side <= BEFORE; side++) {
                List<List<Entry>> byChar = sides.get(side);
                for (int ch = 0; ch < 128; ch++) {
                    List<Entry> list = byChar.get(ch);
                    table[side * 128 + ch] = list == null ? null : list.toArray(Entry[]::new);
                }
            }
            byPair[pair] = table;
        }
    }

    private static int pair(String lit, int at) {
        return (lit.charAt(at) << 7) | lit.charAt(at + 1);
    }

    private static void add(List<List<List<List<Entry>>>> buckets, int pair, int side, char ch, Entry e) {
        List<List<List<Entry>>> sides = buckets.get(pair);
        if (sides == null) {
            sides = new ArrayList<>(2);
            for (int s = AFTER; s <= BEFORE; s++) {
                List<List<Entry>> byChar = new ArrayList<>(128);
                for (int i = 0; i < 128; i++) {
                    byChar.add(null);
                }
                sides.add(byChar);
            }
            buckets.set(pair, sides);
        }
        List<List<Entry>> byChar = sides.get(side);
        if (byChar.get(ch) == null) {
            byChar.set(ch, new ArrayList<>(2));
        }
        byChar.get(ch).add(e);
    }

    /**
     * The start of the two overlapping pairs ({@code o, o+1} and {@code o+1, o+2}) least frequent together: an
     * occurrence of the keyword puts one of them at an even position, which is all the loop looks at.
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
     * way at the cost of one OR per two characters.
     */
    boolean scan(ScanText text, List<Finding> out) {
        final char[] c = text.chars;
        final int n = text.length;
        final long[] bits = present;
        final byte[] fold = FOLD;
        int seen = 0;
        for (int i = 0; i + 1 < n; i += 2) {
            char a = c[i];
            char b = c[i + 1];
            seen |= a | b;
            if ((a | b) >= 128) {
                continue; // no keyword holds a non-ASCII character
            }
            int pair = (fold[a] << 7) | fold[b];
            if ((bits[pair >>> 6] & (1L << pair)) == 0) {
                continue;
            }
            Entry[][] tables = byPair[pair];
            int after = i + 2 < n && c[i + 2] < 128 ? fold[c[i + 2]] : 0;
            Entry[] candidates = tables[AFTER * 128 + after];
            if (candidates != null) {
                visit(text, i, candidates, out);
            }
            int before = i > 0 && c[i - 1] < 128 ? fold[c[i - 1]] : 0;
            candidates = tables[BEFORE * 128 + before];
            if (candidates != null) {
                visit(text, i, candidates, out);
            }
        }
        if ((n & 1) == 1) {
            seen |= c[n - 1];
        }
        return seen >= 128;
    }

    private static void visit(ScanText text, int at, Entry[] candidates, List<Finding> out) {
        for (Entry e : candidates) {
            int start = at - e.offset();
            Keyword k = e.keyword();
            if (start >= 0 && k.matchesAt(text.chars, text.length, start)) {
                k.rule().match(text, start, k, out);
            }
        }
    }

    /** ASCII lower-casing table; NUL stays 0, which no keyword contains. */
    private static final byte[] FOLD = new byte[128];

    static {
        for (int ch = 1; ch < 128; ch++) {
            FOLD[ch] = (byte) Ascii.lower((char) ch);
        }
    }
}
