package dev.airlock.proxy.payload;

import java.util.List;

/**
 * A body to forward: the received bytes with some ranges replaced (placeholders), kept as pieces of the original and
 * the replacements rather than joined. An agent's resent history carries its credentials every turn, so every turn's
 * body is rewritten; joining it cost a new array the size of the whole body (a quarter of a remembered 256 KB turn),
 * allocated, zeroed and copied, only to be copied again into the direct memory TLS reads. The pieces go straight
 * there ({@link #forEach}); joined on the heap only when someone asks for {@link #toArray()}.
 *
 * <p>Immutable once handed on, apart from the joined array cached on first use; the pieces are never modified.
 */
public final class Spliced {

    /** Receives the pieces of a body in order. */
    @FunctionalInterface
    public interface Pieces {
        void piece(byte[] array, int offset, int length);
    }

    private final byte[] original;
    private final List<Splice> splices;
    private final int length;
    private byte[] joined;

    private Spliced(byte[] original, List<Splice> splices, int length) {
        this.original = original;
        this.splices = splices;
        this.length = length;
    }

    /** A body forwarded as received, or as rewritten into one array. */
    public static Spliced of(byte[] body) {
        Spliced s = new Spliced(body, List.of(), body.length);
        s.joined = body;
        return s;
    }

    /** {@code body} with {@code splices} applied: ordered, not overlapping, within the body. */
    static Spliced of(byte[] body, List<Splice> splices) {
        if (splices.isEmpty()) {
            return of(body);
        }
        long size = body.length;
        int from = 0;
        for (Splice s : splices) {
            if (s.start() < from || s.end() < s.start() || s.end() > body.length) {
                throw new IllegalStateException("splice [" + s.start() + ", " + s.end() + ") out of order or outside "
                        + "a body of " + body.length + " bytes");
            }
            from = s.end();
            size += s.bytes().length - (s.end() - s.start());
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("rewritten body too large: " + size + " bytes");
        }
        return new Spliced(body, List.copyOf(splices), (int) size);
    }

    public int length() {
        return length;
    }

    /** Whether this is the received array itself, untouched. */
    public boolean isUnchanged(byte[] received) {
        return splices.isEmpty() && original == received;
    }

    /** Hands over the pieces in order; empty ones are skipped. */
    public void forEach(Pieces out) {
        if (joined != null) {
            if (joined.length > 0) {
                out.piece(joined, 0, joined.length);
            }
            return;
        }
        int from = 0;
        for (Splice s : splices) {
            if (s.start() > from) {
                out.piece(original, from, s.start() - from);
            }
            if (s.bytes().length > 0) {
                out.piece(s.bytes(), 0, s.bytes().length);
            }
            from = s.end();
        }
        if (original.length > from) {
            out.piece(original, from, original.length - from);
        }
    }

    /** The whole body in one array: the received one when nothing was replaced, else joined once and kept. */
    public byte[] toArray() {
        byte[] j = joined;
        if (j == null) {
            byte[] out = new byte[length];
            int[] at = {0};
            forEach((array, offset, n) -> {
                System.arraycopy(array, offset, out, at[0], n);
                at[0] += n;
            });
            joined = j = out;
        }
        return j;
    }

    /** Says how long, never what. */
    @Override
    public String toString() {
        return "Spliced[" + length + " bytes, " + splices.size() + " replaced ranges]";
    }
}
