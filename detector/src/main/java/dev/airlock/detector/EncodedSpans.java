package dev.airlock.detector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Finds base64, base64url, hex and percent-encoded runs whose decoded form is text, so the detector can
 * scan what they hide. A run that decodes to binary is dropped after its first dozen characters, which keeps
 * images and compressed blobs cheap.
 */
final class EncodedSpans {

    /**
     * A decoded run: where it sits in the scanned text and what it says.
     *
     * @param offsets for each decoded character (and one past the last), where it starts in the scanned text;
     *                null when the encoding does not map characters one by one (base64, hex), so a finding
     *                inside covers the whole run
     */
    record Span(int start, int end, String decoded, int[] offsets) {

        Span(int start, int end, String decoded) {
            this(start, end, decoded, null);
        }

        /** Where a stretch of the decoded text sits in the scanned text. */
        int sourceStart(int decodedStart) {
            return offsets == null ? start : offsets[decodedStart];
        }

        int sourceEnd(int decodedEnd) {
            return offsets == null ? end : offsets[decodedEnd];
        }
    }

    /** The shortest Wallet Import Format key. */
    private static final int WIF_LENGTH = 51;
    /** Shorter runs cannot hold an encoded credential worth decoding. {@link #runStarts} is written for 16. */
    private static final int MIN_RUN = 16;
    /**
     * Per UTF-16 unit, 1 when it belongs to either base64 alphabet. Indexed by the whole unit, so the hot loop
     * has no branch for non-ASCII text; only the first two cache lines are read while the text is ASCII.
     */
    private static final byte[] BASE64 = new byte[1 << 16];

    static {
        for (char ch : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_".toCharArray()) {
            BASE64[ch] = 1;
        }
    }

    private static boolean isBase64(char ch) {
        return BASE64[ch] != 0;
    }
    private static final int MAX_DECODED = 1 << 20;

    private EncodedSpans() {
    }

    /**
     * Decodes the long base64-alphabet runs and the percent-encoded stretches of the text. A run that is itself a
     * key with a checksum ({@link WifPrivateKeyRule}) or the start of a Discord token ({@link DiscordTokenRule}) is
     * added to {@code keys}.
     */
    static List<Span> find(ScanText text, List<Finding> keys) {
        List<Span> spans = new ArrayList<>();
        char[] c = text.chars;
        int n = text.length;
        // Runs are the maximal stretches of base64 characters at least MIN_RUN long, in text order. They are
        // found 64 characters at a time: one bit per character, then shifts and ANDs leave a bit only where
        // MIN_RUN base64 characters start, and the few words with such a bit are read character by character.
        // No branch depends on the text until then, which on prose and code (a separator every few
        // characters) made this twice as fast as skipping from separator to separator.
        int words = (n + 63) >>> 6;
        int from = 0; // where the next run may start: the character before it is not base64, or it is 0
        long word = base64Bits(c, 0, n);
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long next = base64Bits(c, base + 64, n);
            long starts = runStarts(word, next);
            while (starts != 0) {
                if (from > base) {
                    starts &= from - base >= 64 ? 0 : -1L << (from - base);
                    if (starts == 0) {
                        break;
                    }
                }
                // The lowest start at or after from begins a run: the character before it is not base64.
                int start = base + Long.numberOfTrailingZeros(starts);
                int runEnd = runEnd(c, n, word, next, start + MIN_RUN - base, base);
                if (runEnd - start >= WIF_LENGTH) {
                    Finding key = WifPrivateKeyRule.judge(c, start, runEnd);
                    if (key != null) {
                        keys.add(key);
                    }
                }
                if (runEnd < n && c[runEnd] == '.') {
                    Finding token = DiscordTokenRule.judge(c, n, start, runEnd);
                    if (token != null) {
                        keys.add(token);
                    }
                }
                from = runEnd + 1;
                int end = runEnd;
                while (end < n && end - runEnd < 2 && c[end] == '=') {
                    end++;
                }
                Span s = decodeRun(c, start, runEnd, end);
                if (s != null) {
                    spans.add(s);
                }
            }
            word = next;
        }
        if (!spans.isEmpty()) {
            // After the loop, not in it: a test there, however rarely true, slowed this hot loop by a few percent.
            joinWrapped(c, n, spans);
        }
        findPercent(text.string, c, n, spans);
        return spans;
    }

    /**
     * Where the run that is base64 up to {@code base + p} ends, read from the bits of the two words at {@code base}
     * ({@code 16 <= p < 80}): identifiers, paths and rules of dashes make runs of dozens of characters, found here
     * with shifts rather than a test per character. A run that goes past both words is followed character by
     * character.
     */
    private static int runEnd(char[] c, int n, long word, long next, int p, int base) {
        long gaps = p < 64 ? ~word >>> p | ~next << (64 - p) : ~next >>> (p - 64);
        if (gaps != 0) {
            return base + p + Long.numberOfTrailingZeros(gaps); // past the text the bits are 0: a gap at n
        }
        int end = p < 64 ? base + p + 64 : base + 128;
        while (end < n && isBase64(c[end])) {
            end++;
        }
        return end;
    }

    /** Bit k set when {@code c[from + k]} is a base64 character; 0 past the end of the text. */
    private static long base64Bits(char[] c, int from, int n) {
        byte[] b = BASE64;
        long bits = 0;
        if (n - from >= 64) {
            // Eight characters make a byte before they join the word: one long OR chain per character ran a third
            // slower.
            for (int k = 0; k < 64; k += 8) {
                int i = from + k;
                int eight = b[c[i]] | b[c[i + 1]] << 1 | b[c[i + 2]] << 2 | b[c[i + 3]] << 3
                        | b[c[i + 4]] << 4 | b[c[i + 5]] << 5 | b[c[i + 6]] << 6 | b[c[i + 7]] << 7;
                bits |= (long) eight << k;
            }
            return bits;
        }
        for (int k = 0; from + k < n; k++) {
            bits |= (long) b[c[from + k]] << k;
        }
        return bits;
    }

    /**
     * Bit k set when the 16 characters from bit k of {@code word} on are all base64, {@code next} holding the
     * bits of the 64 characters after it.
     */
    private static long runStarts(long word, long next) {
        long lo = word;
        long hi = next;
        lo &= lo >>> 1 | hi << 63;
        hi &= hi >>> 1;
        lo &= lo >>> 2 | hi << 62;
        hi &= hi >>> 2;
        lo &= lo >>> 4 | hi << 60;
        hi &= hi >>> 4;
        return lo & (lo >>> 8 | hi << 56);
    }

    private static Span decodeRun(char[] c, int start, int runEnd, int end) {
        if (isHex(c, start, runEnd)) {
            if ((runEnd - start) % 2 != 0) {
                return null;
            }
            byte[] bytes = new byte[Math.min((runEnd - start) / 2, MAX_DECODED)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) Integer.parseInt(new String(c, start + 2 * k, 2), 16);
            }
            return text(bytes) ? new Span(start, runEnd, new String(bytes, StandardCharsets.UTF_8)) : null;
        }
        // Cheap probe without allocation: the first sixteen characters decode to twelve bytes, and binary
        // (or an identifier read as base64) almost never decodes to twelve printable ones.
        if (!printableHead(c, start)) {
            return null;
        }
        boolean url = false;
        boolean std = false;
        for (int k = start; k < runEnd; k++) {
            char ch = c[k];
            url |= ch == '-' || ch == '_';
            std |= ch == '+' || ch == '/';
        }
        if (url && std) {
            return null;
        }
        Base64.Decoder decoder = url ? Base64.getUrlDecoder() : Base64.getDecoder();
        try {
            int usable = Math.min(runEnd - start, MAX_DECODED / 3 * 4) / 4 * 4;
            String encoded = new String(c, start, usable);
            byte[] tail = decodeRemainder(c, start + usable, runEnd, end, decoder);
            byte[] body = decoder.decode(encoded);
            byte[] all = tail == null ? body : concat(body, tail);
            return text(all) ? new Span(start, end, new String(all, StandardCharsets.UTF_8)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Widths of wrapped base64 lines worth joining: MIME's 76, PEM's 64, GitHub's contents API's 60 and others. */
    private static final int MIN_WRAP = 40;
    private static final int MAX_WRAP = 128;

    /**
     * Where a block of base64 wrapped in lines of one width ends (past the last line and its padding), when the
     * run from {@code start} to {@code runEnd} is its first line and at least one more follows; -1 otherwise.
     * Lines break at a line feed, CR LF, or the two characters {@code \n} of JSON text not yet decoded.
     */
    private static int wrappedBlockEnd(char[] c, int n, int start, int runEnd) {
        int width = runEnd - start;
        if (width < MIN_WRAP || width > MAX_WRAP || width % 4 != 0) {
            return -1;
        }
        int blockEnd = -1;
        int i = runEnd;
        while (true) {
            int lineStart = i + lineBreak(c, n, i);
            if (lineStart == i) {
                return blockEnd;
            }
            int j = lineStart;
            while (j < n && isBase64(c[j]) && j - lineStart <= width) {
                j++;
            }
            int padded = j;
            while (padded < n && padded - j < 2 && c[padded] == '=') {
                padded++;
            }
            int length = j - lineStart;
            if (length == 0 || length > width || length < width && padded == j && length % 4 == 1) {
                return blockEnd;
            }
            if (length < width || padded > j) {
                return padded; // the last, shorter line
            }
            blockEnd = j;
            i = j;
        }
    }

    /** Length of the line break at {@code i}: LF, CR LF, or an escaped {@code \n} / {@code \r\n}; else 0. */
    private static int lineBreak(char[] c, int n, int i) {
        if (i < n && c[i] == '\n') {
            return 1;
        }
        if (i + 1 < n && c[i] == '\r' && c[i + 1] == '\n') {
            return 2;
        }
        if (i + 1 < n && c[i] == '\\' && c[i + 1] == 'n') {
            return 2;
        }
        if (i + 3 < n && c[i] == '\\' && c[i + 1] == 'r' && c[i + 2] == '\\' && c[i + 3] == 'n') {
            return 4;
        }
        return 0;
    }

    /**
     * Replaces the lines of each wrapped block (see {@link #wrappedBlockEnd}), decoded one by one, with the block
     * decoded whole: a value cut by a line break is then read whole.
     */
    private static void joinWrapped(char[] c, int n, List<Span> spans) {
        for (int i = 0; i < spans.size(); i++) {
            Span line = spans.get(i);
            if (line.offsets() != null || c[line.end() - 1] == '=' || lineBreak(c, n, line.end()) == 0) {
                continue;
            }
            int blockEnd = wrappedBlockEnd(c, n, line.start(), line.end());
            if (blockEnd < 0) {
                continue;
            }
            Span block = decodeWrapped(c, line.start(), blockEnd);
            if (block == null) {
                continue;
            }
            spans.set(i, block);
            while (i + 1 < spans.size() && spans.get(i + 1).start() < blockEnd) {
                spans.remove(i + 1);
            }
        }
    }

    /** Decodes a wrapped block as one run: a finding inside covers the whole block. */
    private static Span decodeWrapped(char[] c, int start, int blockEnd) {
        StringBuilder joined = new StringBuilder(blockEnd - start);
        for (int i = start; i < blockEnd; ) {
            int br = lineBreak(c, blockEnd, i);
            if (br > 0) {
                i += br;
            } else {
                joined.append(c[i++]);
            }
        }
        char[] run = joined.toString().toCharArray();
        int runEnd = run.length;
        while (runEnd > 0 && run[runEnd - 1] == '=') {
            runEnd--;
        }
        Span s = decodeRun(run, 0, runEnd, run.length);
        return s == null ? null : new Span(start, blockEnd, s.decoded());
    }

    private static final int[] SEXTET = new int[128];

    static {
        java.util.Arrays.fill(SEXTET, -1);
        String std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int k = 0; k < std.length(); k++) {
            SEXTET[std.charAt(k)] = k;
        }
        SEXTET['+'] = 62;
        SEXTET['-'] = 62;
        SEXTET['/'] = 63;
        SEXTET['_'] = 63;
    }

    private static boolean printableHead(char[] c, int start) {
        for (int q = start; q < start + MIN_RUN; q += 4) {
            int bits = SEXTET[c[q]] << 18 | SEXTET[c[q + 1]] << 12 | SEXTET[c[q + 2]] << 6 | SEXTET[c[q + 3]];
            for (int shift = 16; shift >= 0; shift -= 8) {
                int b = (bits >> shift) & 0xff;
                if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b >= 0x7f) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The last one to three characters, padded as the encoder would have. */
    private static byte[] decodeRemainder(char[] c, int from, int runEnd, int end, Base64.Decoder decoder) {
        int left = runEnd - from;
        if (left == 0 || left == 1) {
            return null;
        }
        String last = new String(c, from, left) + "==".substring(0, 4 - left);
        return decoder.decode(last);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean isHex(char[] c, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!Ascii.isHex(c[k])) {
                return false;
            }
        }
        return true;
    }

    /** Printable text: at most one byte in twenty outside printable ASCII, tab and newlines (UTF-8 allowed). */
    private static boolean text(byte[] bytes) {
        if (bytes.length < 8) {
            return false;
        }
        int bad = 0;
        for (byte b : bytes) {
            int v = b & 0xff;
            if (v < 0x20 && v != '\n' && v != '\r' && v != '\t' || v == 0x7f) {
                bad++;
            } else if (v >= 0x80) {
                bad++; // counted, so random bytes (half of which are >= 0x80) never pass
            }
        }
        return bad * 20 <= bytes.length;
    }

    private static void findPercent(String s, char[] c, int n, List<Span> spans) {
        int i = s.indexOf('%');
        while (i >= 0 && i < n) {
            if (i + 2 >= n || !Ascii.isHex(c[i + 1]) || !Ascii.isHex(c[i + 2])) {
                i = s.indexOf('%', i + 1);
                continue;
            }
            int start = i;
            while (start > 0 && isUrlChar(c[start - 1])) {
                start--;
            }
            int end = i;
            while (end < n && isUrlChar(c[end])) {
                end++;
            }
            Span span = percentDecode(c, start, end);
            if (span != null) {
                spans.add(span);
            }
            i = s.indexOf('%', end + 1);
        }
    }

    private static boolean isUrlChar(char ch) {
        return Ascii.isAlnum(ch) || "%._~+-=&:@!$*,;/?".indexOf(ch) >= 0;
    }

    /**
     * Decodes a percent-encoded run. A URL run holds more than the secret ({@code ?token=…&page=2}), so each decoded
     * character keeps its source offset and a finding maps back to exactly the characters that encode it. Runs
     * that decode to non-ASCII keep no map (multi-byte characters would need one per byte): a finding in them
     * covers the run.
     */
    private static Span percentDecode(char[] c, int start, int end) {
        byte[] out = new byte[end - start];
        int[] offsets = new int[end - start + 1];
        int len = 0;
        boolean ascii = true;
        for (int k = start; k < end; k++) {
            offsets[len] = k;
            if (c[k] == '%' && k + 2 < end && Ascii.isHex(c[k + 1]) && Ascii.isHex(c[k + 2])) {
                out[len] = (byte) Integer.parseInt(new String(c, k + 1, 2), 16);
                k += 2;
            } else {
                out[len] = (byte) c[k];
            }
            ascii &= out[len] >= 0;
            len++;
        }
        offsets[len] = end;
        String decoded = new String(out, 0, len, StandardCharsets.UTF_8);
        return new Span(start, end, decoded, ascii ? Arrays.copyOf(offsets, len + 1) : null);
    }
}
