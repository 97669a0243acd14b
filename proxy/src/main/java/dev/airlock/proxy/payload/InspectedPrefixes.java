package dev.airlock.proxy.payload;

import dev.airlock.proxy.payload.PrefixHash.Digest;
import dev.airlock.proxy.payload.PrefixHash.Prefixes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Checkpoint}s of recently inspected bodies, so a coding agent that resends its growing conversation every
 * turn has only the bytes after the longest remembered beginning read, scanned and redacted.
 *
 * <p>Each checkpoint is filed under the state of the keyed {@link PrefixHash} after the whole blocks before it. For a
 * new body, hashed once, the blocks are tried from its end backwards; the first block under which a checkpoint's own
 * hash matches the body's prefix of that length gives the longest remembered beginning. Nothing is trusted without
 * that hash of every byte before the checkpoint. Lookups take no lock; filing and eviction do, briefly.
 *
 * <p>Only the checkpoints of a body that continues one inspected before are kept: one read from a checkpoint, or one
 * whose first half at least was the beginning of an earlier body up to a place a checkpoint would have been left
 * ({@link #recurring}). Of any other body only those places are sighted ({@link Sightings}, two words each), so a
 * gateway's stream of bodies that are never resent costs no memory that lives, and a conversation is remembered from
 * its second turn on (read whole at that turn, from a checkpoint at the next). A rest is likewise kept the second time
 * it is read.
 *
 * <p>Bounded: at most {@value #MAX_UNITS} checkpoints and hits (about 340 bytes each, so about 11 MB) are held; past
 * that the bodies used least recently are forgotten, and with them every checkpoint no remaining body shares (a
 * 256 KB conversation takes about 90). A block holds at most {@value #MAX_BUCKET} checkpoints; remembered rests of
 * bodies ({@link Remainder}) take at most {@value #MAX_REMAINDER_UNITS} units more. One per {@link JsonRedaction}, so a
 * reload (another rule pack) starts empty; in memory only, with hash keys drawn at start.
 */
final class InspectedPrefixes {

    /** Smaller bodies are read whole: the bookkeeping would cost about what it saves. */
    static final int MIN_BODY = 8 * 1024;
    /** Checkpoints are at least this far apart, and further in large bodies ({@link #gap}). */
    static final int MIN_GAP = 1024;
    static final int MAX_UNITS = 32_768;
    /** An element index past this is not a checkpoint: resuming writes one byte pair per earlier element. */
    static final int MAX_INDEX = 1 << 16;
    private static final int MAX_BUCKET = 8;
    /** A shorter rest of a body is read rather than looked up. */
    static final int MIN_REMAINDER = 1024;
    static final int MAX_REMAINDER_UNITS = 16_384;

    private record BlockKey(int block, Digest digest) {
    }

    private final PrefixHash hash;
    private final int minBody;
    private final int minGap;
    private final int maxUnits;
    private final ConcurrentHashMap<BlockKey, Checkpoint[]> filed = new ConcurrentHashMap<>();
    /** Where bodies that were not remembered would have left checkpoints: by block, as {@link #filed}. */
    private final Sightings places = new Sightings(1 << 16);
    private final Sightings restsRead = new Sightings(1 << 12);
    /** Where remembered bodies end, least recently used first. Guarded by this. */
    private final LinkedHashMap<Checkpoint, Boolean> ends = new LinkedHashMap<>(64, 0.75f, true);
    private int units;
    private final int minRemainder;
    /** The rests of bodies after their first root array, least recently used first. Guarded by this. */
    private final LinkedHashMap<Digest, Remainder> remainders = new LinkedHashMap<>(64, 0.75f, true);
    private int remainderUnits;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong resumes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong rests = new AtomicLong();

    InspectedPrefixes() {
        this(MIN_BODY, MIN_GAP, MAX_UNITS, MIN_REMAINDER);
    }

    InspectedPrefixes(int minBody, int minGap, int maxUnits, int minRemainder) {
        this.hash = new PrefixHash(new SecureRandom());
        this.minBody = minBody;
        this.minGap = minGap;
        this.maxUnits = maxUnits;
        this.minRemainder = minRemainder;
    }

    int minRemainder() {
        return minRemainder;
    }

    /** What reading the rest of a body whose hash is {@code digest} found, or null. */
    synchronized Remainder remainder(Digest digest) {
        return remainders.get(digest);
    }

    /** Keeps what reading a rest found from the second time a rest with that hash is read. */
    void rememberRest(Digest digest, Remainder remainder) {
        if (restsRead.sightAgain(Sightings.key(digest, 0))) {
            keepRest(digest, remainder);
        }
    }

    private synchronized void keepRest(Digest digest, Remainder remainder) {
        Remainder old = remainders.put(digest, remainder);
        remainderUnits += remainder.units() - (old == null ? 0 : old.units());
        for (Iterator<Remainder> eldest = remainders.values().iterator();
             remainderUnits > MAX_REMAINDER_UNITS && eldest.hasNext(); ) {
            remainderUnits -= eldest.next().units();
            eldest.remove();
        }
    }

    boolean worthIt(byte[] body) {
        return body.length >= minBody;
    }

    int minGap() {
        return minGap;
    }

    /**
     * The least distance from the previous checkpoint to one at {@code offset}: 1/512 of the offset past the
     * minimum, so even the largest body leaves only a few thousand, and resuming reads at most that much again.
     */
    static long gap(int minGap, long offset) {
        return Math.max(minGap, offset >>> 9);
    }

    /** A body was read from {@code checkpoint} on instead of from its start. */
    void resumed(Checkpoint checkpoint) {
        resumes.incrementAndGet();
        skipped.addAndGet(checkpoint.offset);
    }

    /** The rest of a body after its first root array was taken from memory. */
    void restTaken() {
        rests.incrementAndGet();
    }

    long restsTaken() {
        return rests.get();
    }

    /** Bodies read from a checkpoint, and the bytes not read again that way. */
    long resumes() {
        return resumes.get();
    }

    long skippedBytes() {
        return skipped.get();
    }

    /** A resumed read failed where a whole one would not have: counted, never silent in tests. */
    void failed() {
        failures.incrementAndGet();
    }

    int failures() {
        return failures.get();
    }

    Prefixes hash(byte[] body, String partition) {
        return hash.of(body, partition);
    }

    /** The checkpoint with the longest remembered beginning of this body, or null. */
    Checkpoint longest(Prefixes body) {
        for (int b = body.blocks(); b >= 0; b--) {
            Checkpoint[] candidates = filed.get(new BlockKey(b, body.block(b)));
            if (candidates == null) {
                continue;
            }
            Checkpoint best = null;
            for (Checkpoint c : candidates) {
                if (c.offset <= body.length() && (best == null || c.offset > best.offset)
                        && c.digest.equals(body.at(c.offset))) {
                    best = c;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /**
     * Whether a body read from its start continues one inspected before: its prefix of at least half its length was
     * the beginning of an earlier body up to a checkpoint's place there ({@link #sight}).
     */
    boolean recurring(Prefixes body) {
        long half = (body.length() + 1L) / 2;
        // A place filed under block b lies before the end of that block.
        for (int b = body.blocks(); (b + 1L) * PrefixHash.BLOCK > half; b--) {
            long place = places.find(Sightings.key(body.block(b), b));
            int offset = (int) (place >>> 32);
            if (place != Sightings.NONE && offset >= half && offset <= body.length()
                    && (int) place == (int) Sightings.key(body.at(offset), offset)) {
                return true;
            }
        }
        return false;
    }

    /** Sights a place a checkpoint would have been left at in a body that is not remembered, for {@link #recurring}. */
    void sight(Prefixes body, int offset) {
        int block = offset / PrefixHash.BLOCK;
        long check = Sightings.key(body.at(offset), offset) & 0xFFFF_FFFFL;
        places.sight(Sightings.key(body.block(block), block), (long) offset << 32 | check);
    }

    /**
     * Remembers a body that was read from {@code from} (null: from its start) and left the checkpoints {@code made},
     * chained onto {@code from}. Nothing is remembered if {@code from} was forgotten meanwhile.
     */
    synchronized void remember(Checkpoint from, List<Checkpoint> made) {
        if (from != null && !from.live) {
            return;
        }
        Checkpoint end = made.isEmpty() ? from : made.get(made.size() - 1);
        if (end == null) {
            return;
        }
        if (!made.isEmpty() && made.get(0).parent != from) {
            throw new IllegalStateException("checkpoints not chained onto the one they were read from");
        }
        if (from != null && !made.isEmpty()) {
            from.refs++;
        }
        for (int i = 0; i < made.size(); i++) {
            Checkpoint c = made.get(i);
            c.live = true;
            c.refs = i < made.size() - 1 ? 1 : 0;
            units += c.units();
            file(c);
        }
        if (!end.leaf) {
            end.leaf = true;
            end.refs++;
        }
        ends.put(end, Boolean.TRUE);
        while (units > maxUnits && !ends.isEmpty()) {
            Iterator<Checkpoint> eldest = ends.keySet().iterator();
            Checkpoint gone = eldest.next();
            eldest.remove();
            gone.leaf = false;
            release(gone);
        }
    }

    synchronized int units() {
        return units;
    }

    /** Drops one hold on {@code c}, and forgets every checkpoint of the chain that nothing holds any more. */
    private void release(Checkpoint c) {
        while (c != null && --c.refs == 0) {
            c.live = false;
            units -= c.units();
            unfile(c);
            c = c.parent;
        }
    }

    private void file(Checkpoint c) {
        BlockKey key = new BlockKey(c.block, c.blockDigest);
        Checkpoint[] old = filed.get(key);
        Checkpoint[] now;
        if (old == null) {
            now = new Checkpoint[] {c};
        } else if (old.length < MAX_BUCKET) {
            now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = c;
        } else {
            // The oldest leaves the block but stays in its chains; only resuming at it is no longer possible.
            now = Arrays.copyOfRange(old, 1, old.length + 1);
            now[old.length - 1] = c;
        }
        filed.put(key, now);
    }

    private void unfile(Checkpoint c) {
        BlockKey key = new BlockKey(c.block, c.blockDigest);
        Checkpoint[] old = filed.get(key);
        if (old == null) {
            return;
        }
        int at = Arrays.asList(old).indexOf(c);
        if (at < 0) {
            return;
        }
        if (old.length == 1) {
            filed.remove(key);
            return;
        }
        Checkpoint[] now = new Checkpoint[old.length - 1];
        System.arraycopy(old, 0, now, 0, at);
        System.arraycopy(old, at + 1, now, at, old.length - at - 1);
        filed.put(key, now);
    }
}
