package dev.airlock.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds every rule keyword in one pass over the text.
 *
 * <p>Written by hand rather than with an Aho-Corasick library because the job is narrower and hotter: all
 * keywords are ASCII and at least three characters long, so a 2 KiB bitmap of their first two case-folded
 * characters rejects almost every position with one load, and only the rare survivors compare the few
 * keywords that share those two characters (case-sensitive ones compare exactly).
 */
final class KeywordIndex {

    private static final int BIGRAMS = 128 * 128;

    private final long[] present = new long[BIGRAMS / 64];
    /** Per present bigram, its keywords grouped by their folded third character (null where none). */
    private final Keyword[][][] byTrigram = new Keyword[BIGRAMS][][];

    KeywordIndex(List<Keyword> keywords) {
        List<List<Keyword>> buckets = new ArrayList<>(BIGRAMS);
        for (int i = 0; i < BIGRAMS; i++) {
            buckets.add(null);
        }
        for (Keyword k : keywords) {
            String lit = k.literal();
            add(buckets, bigram(Ascii.lower(lit.charAt(0)), Ascii.lower(lit.charAt(1))), k);
        }
        for (int i = 0; i < BIGRAMS; i++) {
            List<Keyword> bucket = buckets.get(i);
            if (bucket != null) {
                // Longer literals first: a rule on "secret_key" sees its hit before the one on "secret".
                bucket.sort(Comparator.comparingInt((Keyword k) -> -k.literal().length()));
                present[i >>> 6] |= 1L << i;
                Keyword[][] byThird = new Keyword[128][];
                for (Keyword k : bucket) {
                    char t = Ascii.lower(k.literal().charAt(2));
                    Keyword[] old = byThird[t] == null ? new Keyword[0] : byThird[t];
                    Keyword[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                    grown[old.length] = k;
                    byThird[t] = grown;
                }
                byTrigram[i] = byThird;
            }
        }
    }

    private static void add(List<List<Keyword>> buckets, int bigram, Keyword k) {
        List<Keyword> bucket = buckets.get(bigram);
        if (bucket == null) {
            bucket = new ArrayList<>(2);
            buckets.set(bigram, bucket);
        }
        bucket.add(k);
    }

    private static int bigram(char a, char b) {
        return (a << 7) | b;
    }

    /** Calls every rule whose keyword occurs in the text, at each occurrence, adding findings to {@code out}. */
    void scan(ScanText text, List<Finding> out) {
        final char[] c = text.chars;
        final int last = text.length - 2;
        final long[] bits = present;
        final byte[] fold = FOLD;
        if (last < 0) {
            return;
        }
        int previous = c[0] < 128 ? fold[c[0]] : 0;
        for (int i = 0; i < last; i++) {
            char b = c[i + 1];
            int next = b < 128 ? fold[b] : 0; // 0 is in no keyword, so non-ASCII never hits
            int bigram = (previous << 7) | next;
            if ((bits[bigram >>> 6] & (1L << bigram)) != 0) {
                char t = c[i + 2];
                Keyword[] candidates = byTrigram[bigram][t < 128 ? fold[t] : 0];
                if (candidates != null) {
                    visit(text, i, candidates, out);
                }
            }
            previous = next;
        }
    }

    /** ASCII lower-casing table; NUL stays 0 and marks "cannot start a keyword". */
    private static final byte[] FOLD = new byte[128];

    static {
        for (int ch = 1; ch < 128; ch++) {
            FOLD[ch] = (byte) Ascii.lower((char) ch);
        }
    }

    private static void visit(ScanText text, int at, Keyword[] candidates, List<Finding> out) {
        for (Keyword k : candidates) {
            if (k.matchesAt(text.chars, text.length, at)) {
                k.rule().match(text, at, k, out);
            }
        }
    }

}
