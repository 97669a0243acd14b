package dev.airlock.proxy.inspect;

/**
 * A request body whose {@code Content-Encoding} cannot be undone within the limits, so it cannot be scanned.
 *
 * <p>The message names what was wrong and what was expected, e.g. {@code gzip body is corrupt: unexpected end of
 * input (expected: a complete gzip stream)}. It never quotes the body and quotes a header token only when it is short
 * and printable, so it is safe to log and to return to the client. For the same reason it carries no cause: the
 * codecs' own exceptions are not ours to vouch for.
 */
public final class BodyDecodingException extends Exception {

    /** What kind of problem; the caller maps it to an HTTP status (415 for {@code UNSUPPORTED}, 413, 400). */
    public enum Kind {
        /** An encoding this proxy cannot decode (unknown token, or zstd without its native library). */
        UNSUPPORTED,
        /** The encoded bytes are not a complete, valid stream of the encoding named. */
        CORRUPT,
        /** Decoding would exceed the output limit or the compression ratio limit. */
        TOO_LARGE,
        /** More stacked encodings than allowed. */
        TOO_MANY
    }

    private final Kind kind;

    BodyDecodingException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
