package dev.airlock.detector;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Exact values known to be secret (from environment variables and {@code .env} files), found wherever they occur,
 * whatever their format: a token no rule knows, a password too plain for any pattern. Only keyed hashes and lengths
 * are kept, never the values: each value leaves a hash of its first {@value #PREFIX} characters and a hash of the
 * whole, both under a random key of this process. A text is read once with a rolling hash of {@value #PREFIX}
 * characters; a position whose hash is a known prefix is confirmed by the whole-value hash of each length known for
 * that prefix. Immutable and thread-safe.
 */
public final class KnownSecrets {

    /** The rule id of a finding made here. */
    public static final String RULE_ID = "known-secret";
    /** Shorter values would match ordinary words and numbers. */
    public static final int MIN_LENGTH = 8;
    static final int PREFIX = 8;

    private static final long[] EMPTY = {};

    private final long base;
    private final long wholeBase;
    private final long basePower;
    /** Open-addressing table of prefix hashes; each slot's candidates are pairs of (length, whole hash). */
    private final long[] prefixes;
    private final long[][] candidates;
    private final int size;

    private KnownSecrets(Collection<? extends CharSequence> values) {
        SecureRandom random = new SecureRandom();
        this.base = random.nextLong() | 1;
        this.wholeBase = random.nextLong() | 1;
        long power = 1;
        for (int i = 1; i < PREFIX; i++) {
            power *= base;
        }
        this.basePower = power;
        List<CharSequence> usable = new ArrayList<>();
        for (CharSequence v : values) {
            if (v != null && v.length() >= MIN_LENGTH && !v.toString().isBlank()) {
                usable.add(v);
            }
        }
        int capacity = Integer.highestOneBit(Math.max(4, usable.size() * 2)) << 1;
        this.prefixes = new long[capacity];
        this.candidates = new long[capacity][];
        int distinct = 0;
        for (CharSequence v : usable) {
            long prefix = prefixHash(v);
            long pair0 = v.length();
            long pair1 = wholeHash(v, 0, v.length());
            int slot = slot(prefix);
            if (candidates[slot] == null) {
                prefixes[slot] = prefix;
                candidates[slot] = new long[] {pair0, pair1};
                distinct++;
            } else if (!contains(candidates[slot], pair0, pair1)) {
                long[] grown = Arrays.copyOf(candidates[slot], candidates[slot].length + 2);
                grown[grown.length - 2] = pair0;
                grown[grown.length - 1] = pair1;
                candidates[slot] = grown;
                distinct++;
            }
        }
        this.size = distinct;
    }

    /** The values to look for; those shorter than {@value #MIN_LENGTH} characters or blank are left out. */
    public static KnownSecrets of(Collection<? extends CharSequence> values) {
        return new KnownSecrets(values);
    }

    /** How many distinct values are known. */
    public int size() {
        return size;
    }

    /** Adds a finding for every occurrence of a known value in {@code text[0, length)}. */
    void find(char[] text, int length, List<Finding> out) {
        if (size == 0 || length < PREFIX) {
            return;
        }
        long h = 0;
        for (int i = 0; i < PREFIX; i++) {
            h = h * base + text[i];
        }
        for (int start = 0; ; start++) {
            long[] found = lookup(h);
            for (int c = 0; c < found.length; c += 2) {
                int len = (int) found[c];
                if (start + len <= length && wholeHash(text, start, start + len) == found[c + 1]) {
                    out.add(new Finding(RULE_ID, start, start + len, Confidence.HIGH));
                }
            }
            int next = start + PREFIX;
            if (next >= length) {
                return;
            }
            h = (h - text[start] * basePower) * base + text[next];
        }
    }

    private long[] lookup(long prefix) {
        int slot = (int) mix(prefix) & (prefixes.length - 1);
        while (candidates[slot] != null) {
            if (prefixes[slot] == prefix) {
                return candidates[slot];
            }
            slot = (slot + 1) & (prefixes.length - 1);
        }
        return EMPTY;
    }

    private int slot(long prefix) {
        int slot = (int) mix(prefix) & (prefixes.length - 1);
        while (candidates[slot] != null && prefixes[slot] != prefix) {
            slot = (slot + 1) & (prefixes.length - 1);
        }
        return slot;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    private long prefixHash(CharSequence v) {
        long h = 0;
        for (int i = 0; i < PREFIX; i++) {
            h = h * base + v.charAt(i);
        }
        return h;
    }

    private long wholeHash(CharSequence v, int from, int to) {
        long h = to - from;
        for (int i = from; i < to; i++) {
            h = h * wholeBase + v.charAt(i);
        }
        return h;
    }

    private long wholeHash(char[] v, int from, int to) {
        long h = to - from;
        for (int i = from; i < to; i++) {
            h = h * wholeBase + v[i];
        }
        return h;
    }

    private static boolean contains(long[] pairs, long length, long whole) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == length && pairs[i + 1] == whole) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "KnownSecrets[" + size + " values]";
    }
}
