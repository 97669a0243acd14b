package dev.airlock.proxy.payload;

import dev.airlock.proxy.payload.PrefixHash.Digest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A place in an inspected body where reading can start again: just after an element of an array that is a member of
 * the root object ({@code messages[i]}, {@code input[i]}, {@code contents[i]}, {@code tools[i]}), with the keyed hash
 * of every byte before it and what a {@link RedactionPass} knew there. A later body whose first {@code offset} bytes
 * hash the same is the same up to there, so only the rest of it needs reading.
 *
 * <p>Checkpoints of one body form a chain through {@link #parent}, each holding what was found since the one before
 * it; bodies that share a beginning share its checkpoints. What is kept is offsets, rule ids, keyed fingerprints and
 * hashes: no text of the body but member names and a redacted {@code "type"} value. Everything but the bookkeeping
 * of {@link InspectedPrefixes} is immutable.
 */
final class Checkpoint {

    private static final int[] NONE = new int[0];

    final Checkpoint parent;
    /** Bytes before this place; the byte before it closes the element. */
    final int offset;
    final Digest digest;
    /** The whole blocks before this place and their state: where {@link InspectedPrefixes} files it. */
    final int block;
    final Digest blockDigest;
    /** 1-based line at {@code offset}. */
    final int line;
    /** The root member holding the array, and the index of the element that ends here. */
    final String member;
    final int index;
    /** The root object's {@code "type"} as far as read (redacted form), or null. */
    final String rootType;
    /** Hits (by index from the start of the body) whose enclosing object is the root: still open here. */
    final int[] pending;
    /** Found since the parent checkpoint, with the enclosing objects' types as known here. */
    final List<LeafHit> hits;
    final List<String> parentTypes;
    final List<JsonFinding> splits;
    final SplitParts.Saved parts;
    /** Tool calls read before here whose command prints a secret and whose result has not come: their ids' hashes. */
    final long[] pendingCalls;

    // Owned by InspectedPrefixes and only touched under its lock.
    /** Children held, plus one if a remembered body ends here. */
    int refs;
    boolean live;
    boolean leaf;

    Checkpoint(Checkpoint parent, int offset, Digest digest, int block, Digest blockDigest, int line, String member,
               int index, String rootType, int[] pending, List<LeafHit> hits, List<String> parentTypes,
               List<JsonFinding> splits, SplitParts.Saved parts, long[] pendingCalls) {
        this.parent = parent;
        this.offset = offset;
        this.digest = digest;
        this.block = block;
        this.blockDigest = blockDigest;
        this.line = line;
        this.member = member;
        this.index = index;
        this.rootType = rootType;
        this.pending = pending.length == 0 ? NONE : pending;
        this.hits = hits;
        this.parentTypes = parentTypes;
        this.splits = splits;
        this.parts = parts;
        this.pendingCalls = pendingCalls;
    }

    /** What this checkpoint counts against the memory bound. */
    int units() {
        return 1 + hits.size() + splits.size();
    }

    /** This chain from its first checkpoint. */
    Deque<Checkpoint> chain() {
        Deque<Checkpoint> out = new ArrayDeque<>();
        for (Checkpoint c = this; c != null; c = c.parent) {
            out.addFirst(c);
        }
        return out;
    }

    /**
     * A document the parser reads exactly as it would read the body from here on: the root object open, its member
     * holding the array, and as many elements as there were before, each a {@code 0}, so indexes and nesting come
     * out right; the rest of the body follows. A position in it is {@code body.length - input.length} bytes
     * before the same position in the body.
     */
    byte[] resumeInput(byte[] body) {
        byte[] name = LeafRewriter.jsonStringBytes(member);
        int elements = index + 1;
        int head = 3 + name.length + 2 + 2 * elements - 1;
        byte[] out = new byte[head + body.length - offset];
        int i = 0;
        out[i++] = '{';
        out[i++] = '"';
        System.arraycopy(name, 0, out, i, name.length);
        i += name.length;
        out[i++] = '"';
        out[i++] = ':';
        out[i++] = '[';
        for (int e = 0; e < elements; e++) {
            if (e > 0) {
                out[i++] = ',';
            }
            out[i++] = '0';
        }
        if (i != head) {
            throw new IllegalStateException("resume prefix of " + i + " bytes, expected " + head);
        }
        System.arraycopy(body, offset, out, head, body.length - offset);
        return out;
    }

    @Override
    public String toString() {
        return "Checkpoint[offset=" + offset + ", line=" + line + ", index=" + index + ", hits=" + hits.size()
                + ", pending=" + Arrays.toString(pending) + "]";
    }
}
