package dev.airlock.proxy.payload;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what the detector found in large string leaves, so an agent that resends its whole conversation every
 * turn pays the detector only for the new text: the history's leaves are recognised by a keyed 128-bit hash of
 * member name and text and their findings (offsets, never values) reused. The detector is deterministic, so a cached
 * verdict is the verdict, and placeholders come out identical turn after turn.
 *
 * <p>Two polynomial hashes modulo the prime 2<sup>61</sup>−1 at random points of this process rather than a
 * cryptographic digest: hashing has to be an order of magnitude cheaper than scanning for the cache to pay. Modulo
 * a prime, two different texts of n characters collide for at most n of the 2<sup>61</sup> points, so a text built
 * to collide without knowing the points (which never leave memory) succeeds with odds below 2<sup>-80</sup> for both
 * hashes — unlike hashing modulo 2<sup>64</sup>, where fixed strings collide whatever the multiplier. Bounded: past
 * {@value #MAX_ENTRIES} entries the cache starts over, and a verdict with more than {@value #MAX_CACHED_FINDINGS}
 * findings is not kept. One per runtime: a reload (another rule pack) starts an empty one. Thread-safe.
 */
final class LeafVerdicts {

    /** Below this the scan is cheaper than the bookkeeping. */
    static final int MIN_CHARS = 256;
    static final int MAX_ENTRIES = 65_536;
    static final int MAX_CACHED_FINDINGS = 16;
    private static final long PRIME = (1L << 61) - 1;

    private record Key(long first, long second, int length) {
    }

    private final Detector detector;
    private final long m1;
    private final long m2;
    private final ConcurrentHashMap<Key, List<Finding>> verdicts = new ConcurrentHashMap<>();

    LeafVerdicts(Detector detector) {
        this.detector = detector;
        SecureRandom random = new SecureRandom();
        this.m1 = point(random);
        this.m2 = point(random);
    }

    /** {@link Detector#scanField} when {@code name} is given, {@link Detector#scan} otherwise; cached when large. */
    List<Finding> scan(String name, String text) {
        if (text.length() < MIN_CHARS) {
            return direct(name, text);
        }
        Key key = key(name, text);
        List<Finding> known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        List<Finding> found = List.copyOf(direct(name, text));
        if (found.size() > MAX_CACHED_FINDINGS) {
            return found; // rare, and not worth the memory
        }
        if (verdicts.size() >= MAX_ENTRIES) {
            verdicts.clear(); // crude and rare: the live conversation's leaves come back on its next turn
        }
        verdicts.put(key, found);
        return found;
    }

    int size() {
        return verdicts.size();
    }

    private List<Finding> direct(String name, String text) {
        return name == null ? detector.scan(text) : detector.scanField(name, text);
    }

    private Key key(String name, String text) {
        long a = 0;
        long b = 0;
        if (name != null) {
            for (int i = 0; i < name.length(); i++) {
                a = step(a, m1, name.charAt(i));
                b = step(b, m2, name.charAt(i));
            }
            a = step(a, m1, 0x1_0000); // past every char: the name cannot run into the text
            b = step(b, m2, 0x1_0000);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            a = step(a, m1, c);
            b = step(b, m2, c);
        }
        return new Key(a, b, (name == null ? 0 : name.length() + 1 << 24) ^ text.length());
    }

    private static long point(SecureRandom random) {
        return (1L << 17) + Math.floorMod(random.nextLong(), PRIME - (1L << 17));
    }

    /** {@code h * x + c} modulo 2^61−1, for {@code h, x} below the prime and {@code c} below 2^17. */
    static long step(long h, long x, int c) {
        long hi = Math.multiplyHigh(h, x);
        long lo = h * x;
        long r = (lo & PRIME) + ((lo >>> 61) | (hi << 3)) + c;
        r = (r & PRIME) + (r >>> 61);
        return r >= PRIME ? r - PRIME : r;
    }
}
