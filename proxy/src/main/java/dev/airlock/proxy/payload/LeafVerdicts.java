package dev.airlock.proxy.payload;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what the detector found in large string leaves, so an agent that resends its whole conversation every
 * turn pays the detector only for the new text: the history's leaves are recognised by a keyed 128-bit hash of
 * member name and text and their findings (offsets, never values) reused. The detector is deterministic, so a cached
 * verdict is the verdict, and placeholders come out identical turn after turn.
 *
 * <p>The key is {@link PrefixHash} over the leaf's bytes in the body, escapes and all (they spell exactly one text, and
 * re-encoding a text with a non-Latin-1 character to UTF-8 cost a tenth of a request), or over its UTF-8 when the
 * caller has no such bytes, with the member name hashed first as the partition: NH
 * compresses 16 bytes per multiplication and two polynomials modulo 2<sup>61</sup>−1 join the blocks, under keys that
 * never leave this process, so a text built to pass for another succeeds with odds about 2<sup>-63</sup>. Hashing has
 * to be an order of magnitude cheaper than scanning for the cache to pay; a polynomial step per character was not (it
 * cost more than the scan of the same text). UTF-8 is one-to-one on the texts it is given: the caller refuses a leaf
 * with a lone surrogate before it gets here. The two kinds of key are told apart in the partition. Bounded: past
 * {@value #MAX_ENTRIES} entries the cache starts over, and a verdict with more than {@value #MAX_CACHED_FINDINGS}
 * findings is not kept. A verdict is kept the second time its leaf is scanned, not the first ({@link Sightings}): most
 * large leaves are never sent again, and an agent's come back every turn; in a body that continues a conversation it is
 * kept at once. One per runtime: a reload (another rule pack) starts an empty one. Thread-safe.
 */
final class LeafVerdicts {

    /** Below this the scan is cheaper than the bookkeeping. */
    static final int MIN_CHARS = 256;
    static final int MAX_ENTRIES = 65_536;
    static final int MAX_CACHED_FINDINGS = 16;

    private record Key(PrefixHash.Digest digest, int length) {
    }

    private final Detector detector;
    private final PrefixHash hash = new PrefixHash(new SecureRandom());
    private final ConcurrentHashMap<Key, List<Finding>> verdicts = new ConcurrentHashMap<>();
    private final Sightings scanned = new Sightings(1 << 16);

    LeafVerdicts(Detector detector) {
        this.detector = detector;
    }

    /** The verdicts one client's bodies are scanned with (see {@link #scan(String, String, String)}). */
    Client of(String partition) {
        return of(partition, false);
    }

    /**
     * As {@link #of(String)}; with {@code conversation} (the body continues one read before) a verdict is kept the
     * first time: an agent's newest messages are read again next turn, when the cache marker it puts on the newest
     * one moves on and the message before changes.
     */
    Client of(String partition, boolean conversation) {
        return (name, text, source, from, to) -> scan(partition, name, text, source, from, to, conversation);
    }

    /** Scans leaves for one client. */
    @FunctionalInterface
    interface Client {
        /**
         * @param source the bytes {@code [from, to)} between the quotes of the string token {@code text} was decoded
         *               from, or null when not known
         */
        List<Finding> scan(String name, String text, byte[] source, int from, int to);
    }

    /**
     * {@link Detector#scanField} when {@code name} is given, {@link Detector#scan} otherwise; cached when large, per
     * {@code partition} (the client's credentials, "" for none), so no client can tell from timing whether another
     * sent a given text.
     */
    List<Finding> scan(String partition, String name, String text) {
        return scan(partition, name, text, null, 0, 0);
    }

    /** As {@link #scan(String, String, String)}, keyed by the token's bytes when {@code source} is given. */
    List<Finding> scan(String partition, String name, String text, byte[] source, int from, int to) {
        return scan(partition, name, text, source, from, to, false);
    }

    private List<Finding> scan(String partition, String name, String text, byte[] source, int from, int to,
                               boolean keepAtOnce) {
        if (text.length() < MIN_CHARS) {
            return direct(name, text);
        }
        Key key = source == null ? key(partition, name, text)
                : key(partition, name, TOKEN_BYTES, text.length(), source, from, to);
        List<Finding> known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        boolean again = keepAtOnce || scanned.sightAgain(Sightings.key(key.digest(), key.length()));
        List<Finding> found = direct(name, text);
        if (!again || found.size() > MAX_CACHED_FINDINGS) { // the latter rare, and not worth the memory
            return found;
        }
        List<Finding> kept = List.copyOf(found);
        if (verdicts.size() >= MAX_ENTRIES) {
            verdicts.clear(); // crude and rare: the live conversation's leaves come back on its next turn
        }
        verdicts.put(key, kept);
        return kept;
    }

    int size() {
        return verdicts.size();
    }

    private List<Finding> direct(String name, String text) {
        return name == null ? detector.scan(text) : detector.scanField(name, text);
    }

    /**
     * The text without a lone surrogate (see the class comment); client and member name (or its absence) hashed first,
     * the client's length in front so the two cannot run into each other.
     */
    private Key key(String partition, String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return key(partition, name, TEXT_UTF8, text.length(), bytes, 0, bytes.length);
    }

    /** What the hashed bytes are: the text in UTF-8, or the JSON token's content as sent. */
    private static final char TEXT_UTF8 = 't';
    private static final char TOKEN_BYTES = 'j';

    private Key key(String partition, String name, char form, int chars, byte[] source, int from, int to) {
        String prefix = partition.length() + ":" + partition + form + (name == null ? "" : "n" + name);
        return new Key(hash.of(source, from, to, prefix), chars);
    }
}
