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
 * <p>Two 64-bit polynomial hashes under random multipliers of this process rather than a cryptographic digest:
 * hashing has to be an order of magnitude cheaper than scanning for the cache to pay, and the keys never leave
 * memory, so nobody can aim a collision at them. Bounded: past {@value #MAX_ENTRIES} entries the cache starts over.
 * One per runtime: a reload (another rule pack) starts an empty one. Thread-safe.
 */
final class LeafVerdicts {

    /** Below this the scan is cheaper than the bookkeeping. */
    static final int MIN_CHARS = 256;
    static final int MAX_ENTRIES = 65_536;

    private record Key(long first, long second, int length) {
    }

    private final Detector detector;
    private final long m1;
    private final long m2;
    private final ConcurrentHashMap<Key, List<Finding>> verdicts = new ConcurrentHashMap<>();

    LeafVerdicts(Detector detector) {
        this.detector = detector;
        SecureRandom random = new SecureRandom();
        this.m1 = random.nextLong() | 1;
        this.m2 = random.nextLong() | 1;
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
                a = a * m1 + name.charAt(i);
                b = b * m2 + name.charAt(i);
            }
            a = a * m1 + 0x1_0000; // past every char: the name cannot run into the text
            b = b * m2 + 0x1_0000;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            a = a * m1 + c;
            b = b * m2 + c;
        }
        return new Key(a, b, (name == null ? 0 : name.length() + 1 << 24) ^ text.length());
    }
}
