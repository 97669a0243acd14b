package dev.airlock.proxy.payload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Rejects a body that is not UTF-8 JSON text (RFC 8259 §8.1) before the parser sees it.
 *
 * <p>Jackson alone is not enough: it accepts overlong forms ({@code C0 80}), UTF-8-encoded surrogates
 * ({@code ED A0 80}) and lead bytes past U+10FFFF, skips a byte order mark silently, and switches to UTF-16 or
 * UTF-32 when the first bytes hold zeros. Each of those would let bytes the scanner never saw as text reach the
 * upstream, or make byte offsets meaningless. After this check every string token decodes exactly one way.
 */
final class Utf8Check {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8Check() {
    }

    static void requireUtf8Json(byte[] b) throws PayloadException {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            throw new PayloadException(PayloadException.Reason.INVALID_JSON, "invalid JSON", TextPosition.of(b, 0),
                    "byte order mark (EF BB BF) before the document (expected a JSON value)");
        }
        // The parser's encoding detection only looks at the first four bytes; a zero there means UTF-16/32.
        for (int i = 0; i < Math.min(4, b.length); i++) {
            if (b[i] == 0) {
                throw new PayloadException(PayloadException.Reason.INVALID_UTF8, "invalid UTF-8", TextPosition.of(b, i),
                        "NUL byte (expected UTF-8 JSON text; UTF-16 and UTF-32 are not accepted)");
            }
        }
        validate(b);
    }

    /** Strict RFC 3629 validation alone, without the checks on the first bytes. */
    static void validate(byte[] b) throws PayloadException {
        validate(b, 0, b.length);
    }

    /** As {@link #validate(byte[])}, for {@code b[from, to)}, which must not cut a sequence. */
    static void validate(byte[] b, int from, int to) throws PayloadException {
        int n = to;
        int i = from;
        while (i < n) {
            // Request bodies are mostly ASCII: skip eight bytes at a time while no high bit is set.
            while (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= n) {
                return;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            i += sequence(b, i, c);
        }
    }

    /** Length of the valid multi-byte sequence starting at {@code i} with lead byte {@code c}, or throws. */
    private static int sequence(byte[] b, int i, int c) throws PayloadException {
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        String narrowed = null;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) {
                lo = 0xA0;
                narrowed = "overlong encoding";
            } else if (c == 0xED) {
                hi = 0x9F;
                narrowed = "encoded UTF-16 surrogate";
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) {
                lo = 0x90;
                narrowed = "overlong encoding";
            } else if (c == 0xF4) {
                hi = 0x8F;
                narrowed = "code point above U+10FFFF";
            }
        } else {
            throw bad(b, i, String.format("byte 0x%02X cannot start a UTF-8 sequence (%s)", c,
                    c < 0xC0 ? "stray continuation byte" : c < 0xC2 ? "overlong encoding" : "never used in UTF-8"));
        }
        if (i + len > b.length) {
            throw bad(b, i, String.format("truncated sequence: lead byte 0x%02X needs %d bytes, the body ends after %d",
                    c, len, b.length - i));
        }
        for (int k = 1; k < len; k++) {
            int d = b[i + k] & 0xFF;
            if ((d & 0xC0) != 0x80) {
                throw bad(b, i, String.format(
                        "expected a continuation byte (0x80-0xBF) in the sequence starting 0x%02X, found 0x%02X",
                        c, d));
            }
            if (k == 1 && (d < lo || d > hi)) {
                throw bad(b, i, String.format("%s (0x%02X 0x%02X)", narrowed, c, d));
            }
        }
        return len;
    }

    private static PayloadException bad(byte[] b, int at, String detail) {
        return new PayloadException(PayloadException.Reason.INVALID_UTF8, "invalid UTF-8", TextPosition.of(b, at),
                detail);
    }
}
