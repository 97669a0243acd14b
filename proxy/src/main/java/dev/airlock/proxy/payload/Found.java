package dev.airlock.proxy.payload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * What one {@link RedactionPass} has found so far, in document order: the hits with the types of their enclosing
 * objects, the findings split across two parts, and the hits whose object is still open (its {@code "type"} may come
 * after them). It also cuts what was found into the pieces a {@link Checkpoint} or a {@link Remainder} keeps, and
 * takes such pieces up again. Confined to the pass's thread.
 */
final class Found {

    private record Pending(int hit, int depth) {
    }

    final List<LeafHit> hits = new ArrayList<>();
    /** Parallel to {@link #hits}: the enclosing object's type, known once that object has closed. */
    final List<String> parentTypes = new ArrayList<>();
    final List<JsonFinding> splits = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();

    /** A hit in a leaf at {@code depth}; one directly in an object waits for that object's type. */
    void hit(LeafHit hit, boolean inObject, int depth) {
        hits.add(hit);
        parentTypes.add(null);
        if (inObject) {
            pending.add(new Pending(hits.size() - 1, depth));
        }
    }

    void split(JsonFinding split) {
        splits.add(split);
    }

    /** The object at {@code depth} has closed with this {@code "type"} (or null): its hits learn it. */
    void objectClosed(int depth, String type) {
        if (pending.isEmpty()) {
            return; // the usual case: no iterator per object
        }
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.depth() == depth) {
                parentTypes.set(p.hit(), type);
                it.remove();
            }
        }
    }

    /** Indexes, counted from {@code from}, of the hits directly in the root object, still waiting for it to close. */
    int[] rootLevelSince(int from) {
        return pending.stream().filter(p -> p.depth() == 1 && p.hit() >= from).mapToInt(p -> p.hit() - from).toArray();
    }

    /** Hits since {@code from}, for a checkpoint: immutable. */
    List<LeafHit> hitsSince(int from) {
        return List.copyOf(hits.subList(from, hits.size()));
    }

    /** Their types as known now (null while their object is open), for a checkpoint: immutable. */
    List<String> typesSince(int from) {
        return Collections.unmodifiableList(Arrays.asList(
                parentTypes.subList(from, parentTypes.size()).toArray(new String[0])));
    }

    List<JsonFinding> splitsSince(int from) {
        return List.copyOf(splits.subList(from, splits.size()));
    }

    /** What the chain of checkpoints up to {@code at} found, as it stood there. */
    void takeUp(Checkpoint at) {
        for (Checkpoint c : at.chain()) {
            hits.addAll(c.hits);
            parentTypes.addAll(c.parentTypes);
            splits.addAll(c.splits);
        }
        for (int hit : at.pending) {
            pending.add(new Pending(hit, 1));
        }
    }

    /**
     * What was found since hit {@code fromHit} and split {@code fromSplit}, in the rest of the body that starts at
     * byte {@code start} on line {@code line}. Call when the root object has closed; {@code rootLevel} are the hits
     * that waited for it, counted from {@code fromHit}.
     */
    Remainder remainder(int fromHit, int fromSplit, int[] rootLevel, int start, int line, String rootType) {
        List<LeafHit> found = new ArrayList<>(hits.size() - fromHit);
        List<String> types = new ArrayList<>(hits.size() - fromHit);
        for (int i = fromHit; i < hits.size(); i++) {
            found.add(Remainder.shift(hits.get(i), -start, -line));
            types.add(parentTypes.get(i));
        }
        for (int i : rootLevel) {
            types.set(i, null);
        }
        List<JsonFinding> rest = new ArrayList<>(splits.size() - fromSplit);
        for (int i = fromSplit; i < splits.size(); i++) {
            rest.add(Remainder.shift(splits.get(i), -line));
        }
        return new Remainder(List.copyOf(found), Collections.unmodifiableList(types), rootLevel, List.copyOf(rest),
                rootType);
    }

    /** What an earlier body found in a rest identical to this body's, which starts at {@code start} on {@code line}. */
    void takeUp(Remainder known, int start, int line) {
        int base = hits.size();
        for (int i = 0; i < known.hits().size(); i++) {
            hits.add(Remainder.shift(known.hits().get(i), start, line));
            parentTypes.add(known.parentTypes().get(i));
        }
        for (int i : known.rootLevel()) {
            pending.add(new Pending(base + i, 1));
        }
        for (JsonFinding f : known.splits()) {
            splits.add(Remainder.shift(f, line));
        }
    }

    /** The hits waiting for the root object, for a checkpoint. */
    int[] pendingHits() {
        return pending.stream().mapToInt(Pending::hit).toArray();
    }
}
