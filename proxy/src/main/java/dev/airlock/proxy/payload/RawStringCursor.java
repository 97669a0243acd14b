package dev.airlock.proxy.payload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Maps offsets in the decoded text of one JSON string token (UTF-16 units, as the detector reports them) back to
 * byte offsets in the body, so a rewrite can replace exactly the bytes a finding came from and keep every other
 * byte of the token, escapes included.
 *
 * <p>Forward-only, one instance per token. It trusts the token's syntax: it is only used on tokens the parser has
 * already decoded and {@link Utf8Check} has validated, and {@link LeafRewriter} checks that the bytes it maps a
 * finding to decode to exactly the finding's text.
 */
final class RawStringCursor {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    private static final long BACKSLASHES = 0x5C5C_5C5C_5C5C_5C5CL;
    private static final long QUOTES = 0x2222_2222_2222_2222L;
    private static final long LETTER_U = 0x7575_7575_7575_7575L;

    private final byte[] raw;
    private int pos;
    private int decoded;
    /** Line feeds passed so far (a JSON string holds them escaped): the line of a finding within its leaf. */
    private int newlines;

    /** @param contentStart the byte after the opening quote */
    RawStringCursor(byte[] raw, int contentStart) {
        this.raw = raw;
        this.pos = contentStart;
    }

    /**
     * Byte offset where the source of decoded unit {@code target} starts; at the decoded length, the offset of the
     * closing quote. Targets must not decrease from call to call.
     */
    int rawOffset(int target) {
        // Back to eight bytes at a time after every escape or multi-byte character: code and logs have an escaped
        // newline every few dozen bytes, and stepping byte by byte from the first one on cost more than the scan.
        for (skipPlain(target); decoded < target; skipPlain(target)) {
            step();
        }
        if (decoded != target) {
            // Only a 4-byte UTF-8 sequence yields two units from one source; LeafRewriter never splits that pair.
            throw new IllegalStateException("decoded offset " + target + " falls inside a UTF-8 sequence");
        }
        return pos;
    }

    /**
     * The decoded text of raw string content {@code [from, to)}, both at unit boundaries of a token the parser has
     * accepted: what the parser decoded there, read again from the bytes.
     */
    static String decode(byte[] raw, int from, int to) {
        // Straight into a char array: a window of code has an escaped newline every few dozen bytes, and a builder fed
        // one small string per run between escapes cost a resumed read half as much as hashing the whole body.
        char[] out = new char[to - from]; // never more units than bytes
        int j = 0;
        int i = from;
        while (i < to) {
            int b = raw[i];
            if (b >= 0 && b != '\\') {
                out[j++] = (char) b;
                i++;
            } else if (b == '\\') {
                byte e = raw[i + 1];
                out[j++] = switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> (char) (hex(raw[i + 2]) << 12 | hex(raw[i + 3]) << 8 | hex(raw[i + 4]) << 4
                            | hex(raw[i + 5]));
                    default -> (char) e; // \" \\ \/
                };
                i += e == 'u' ? 6 : 2;
            } else {
                // A multi-byte sequence, already validated (Utf8Check): two, three or four bytes.
                int lead = b & 0xFF;
                if (lead < 0xE0) {
                    out[j++] = (char) ((lead & 0x1F) << 6 | raw[i + 1] & 0x3F);
                    i += 2;
                } else if (lead < 0xF0) {
                    out[j++] = (char) ((lead & 0x0F) << 12 | (raw[i + 1] & 0x3F) << 6 | raw[i + 2] & 0x3F);
                    i += 3;
                } else {
                    int cp = (lead & 0x07) << 18 | (raw[i + 1] & 0x3F) << 12 | (raw[i + 2] & 0x3F) << 6
                            | raw[i + 3] & 0x3F;
                    out[j++] = Character.highSurrogate(cp);
                    out[j++] = Character.lowSurrogate(cp);
                    i += 4;
                }
            }
        }
        return new String(out, 0, j);
    }

    private static int hex(byte digit) {
        return Character.digit(digit, 16);
    }

    /**
     * Whether the raw string content {@code [from, to)} may hold a <code>&#92;u</code> escape: false only when no
     * backslash in it is followed by a {@code u}. Eight positions at a time, with no branch on the text: the words at
     * {@code i} and {@code i + 1} are compared with the two bytes side by side. An escaped backslash before a
     * {@code u} answers true too, which only costs the caller a closer look.
     */
    static boolean hasUnicodeEscape(byte[] raw, int from, int to) {
        int i = from;
        long found = 0;
        // The byte at to (the closing quote) may be read as the one after the last.
        for (; i + 8 <= to; i += 8) {
            found |= hasByte((long) LONGS.get(raw, i), BACKSLASHES) & hasByte((long) LONGS.get(raw, i + 1), LETTER_U);
        }
        if ((found & HIGH_BITS) != 0) {
            return true;
        }
        for (; i < to; i++) {
            if (raw[i] == '\\' && raw[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }

    /**
     * Passes plain ASCII bytes (no escape, no quote, no multi-byte character), one unit each, eight at a time and then
     * up to the first byte in the word that is not, stopping at {@code target}. Most text is plain, and code or logs
     * have an escaped newline every few dozen bytes: stepping byte by byte to each cost more than the scan.
     */
    private void skipPlain(int target) {
        while (decoded < target && pos + 8 <= raw.length) {
            long w = (long) LONGS.get(raw, pos);
            long special = (w | hasByte(w, BACKSLASHES) | hasByte(w, QUOTES)) & HIGH_BITS;
            // hasByte can only be wrong above a byte it rightly marks, so the lowest mark is a real one.
            int plain = special == 0 ? 8 : Long.numberOfTrailingZeros(special) >>> 3;
            int n = Math.min(plain, target - decoded);
            pos += n;
            decoded += n;
            if (n < 8) {
                return;
            }
        }
    }

    /** The high bit of each byte of {@code w} that equals the byte repeated in {@code pattern} (no false negative). */
    private static long hasByte(long w, long pattern) {
        long x = w ^ pattern;
        return (x - LOW_BITS) & ~x;
    }

    /** The 1-based line within the token's decoded text that the cursor stands on. */
    int line() {
        return newlines + 1;
    }

    /** <code>&#92;u000a</code> at {@code at}, in either case. */
    private boolean isEscapedNewline(int at) {
        return raw[at + 2] == '0' && raw[at + 3] == '0' && raw[at + 4] == '0' && (raw[at + 5] | 0x20) == 'a';
    }

    private void step() {
        int b = raw[pos] & 0xFF;
        if (b == '"') {
            throw new IllegalStateException("decoded offset beyond the end of the string token");
        }
        if (b == '\\') {
            byte e = raw[pos + 1];
            newlines += e == 'n' || e == 'u' && isEscapedNewline(pos) ? 1 : 0;
            pos += e == 'u' ? 6 : 2;
            decoded += 1;
        } else if (b < 0x80) {
            pos += 1;
            decoded += 1;
        } else if (b >= 0xF0) {
            pos += 4;
            decoded += 2;
        } else {
            pos += b >= 0xE0 ? 3 : 2;
            decoded += 1;
        }
    }
}
