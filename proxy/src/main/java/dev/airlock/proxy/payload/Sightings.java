package dev.airlock.proxy.payload;

import dev.airlock.proxy.payload.PrefixHash.Digest;

/**
 * Which keyed hashes were seen lately, each with a word about it, approximately and in fixed memory: the doorkeeper
 * in front of the conversation memories. Most bodies a busy gateway inspects are never resent, and remembering each
 * in objects that live until evicted had the collector copy them from survivor space to survivor space at every
 * young collection (new 32 KiB prompts at 500 requests/s: added p99 27 ms with the memories, 5.5 ms without). So a
 * memory keeps something only once its doorkeeper has seen it before, and a sighting costs two words in an array
 * allocated once.
 *
 * <p>Direct-mapped: a sighting overwrites whatever shared its slot, and key and word are written apart, so an answer
 * may be wrong either way. That is harmless, because a sighting only decides whether something is worth keeping,
 * never what a body holds: what is kept is proved by its own hash when used. Races between threads are as harmless.
 * The hashes are keyed and partitioned by client before they get here (see {@link PrefixHash}).
 */
final class Sightings {

    /** What {@link #find} answers for a key not sighted. */
    static final long NONE = -1;

    /** Key and word of each slot, side by side. */
    private final long[] slots;
    private final int mask;

    /** @param capacity slots, a power of two */
    Sightings(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        this.slots = new long[2 * capacity];
        this.mask = capacity - 1;
    }

    /** The key a digest is sighted under; {@code salt} tells apart digests of different things. Never zero. */
    static long key(Digest digest, long salt) {
        long k = digest.first() ^ Long.rotateLeft(digest.second(), 29) ^ salt * 0x9E37_79B9_7F4A_7C15L;
        return k == 0 ? 1 : k;
    }

    /** The word sighted with {@code key} lately, or {@link #NONE}. */
    long find(long key) {
        int i = slot(key);
        return slots[i] == key ? slots[i + 1] : NONE;
    }

    /** Sights {@code key} with {@code word} (not {@link #NONE}). */
    void sight(long key, long word) {
        int i = slot(key);
        slots[i + 1] = word;
        slots[i] = key;
    }

    /** Sights {@code key}, and tells whether it had been sighted already. */
    boolean sightAgain(long key) {
        if (find(key) != NONE) {
            return true;
        }
        sight(key, 0);
        return false;
    }

    private int slot(long key) {
        return ((int) (key ^ (key >>> 32)) & mask) << 1;
    }
}
