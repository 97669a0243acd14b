package dev.airlock.detector;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The text as a reader sees it: invisible characters (zero-width, soft hyphen, bidi controls, Unicode tag
 * characters, variation selectors) removed and compatibility forms (fullwidth {@code ｇｈｐ＿}, mathematical
 * letters) folded by NFKC, with a map from every normalised index back to the original, so a finding in the
 * normalised view redacts exactly the original characters that made it.
 */
final class NormalizedView {

    final String text;
    private final int[] origin;

    private NormalizedView(String text, int[] origin) {
        this.text = text;
        this.origin = origin;
    }

    /** Every UTF-16 unit whose presence calls for a view, one bit each, computed once (8 KiB). */
    private static final long[] CHANGES = new long[65536 / 64];

    static {
        for (int c = 0x80; c < 65536; c++) {
            String s = String.valueOf((char) c);
            if (Character.isSurrogate((char) c) || invisible(c) || (c >= 0xFF01 && c <= 0xFF5E)
                    || !Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
                CHANGES[c >>> 6] |= 1L << c;
            }
        }
    }

    /** Whether normalising changes or drops {@code c}: one load, no bounds test beyond the array's own. */
    private static boolean changes(char c) {
        return (CHANGES[c >>> 6] >>> c & 1) != 0;
    }

    private static final int MAX_TOKEN = 64 * 1024;

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /**
     * The stretches of the text that normalising would change, each widened by {@code margin} on both sides (then to
     * the ends of the tokens it cuts, up to {@link #MAX_TOKEN}) and merged where they touch, as start/end pairs;
     * empty when nothing changes. A few curly quotes or an ellipsis in a long paste then cost a view of their
     * neighbourhood, not of the whole text.
     */
    static int[] regions(ScanText text, int margin) {
        char[] s = text.chars;
        int length = text.length;
        int[] out = new int[8];
        int count = 0;
        for (int i = text.nextNonAscii(0); i < length; i = text.nextNonAscii(i + 1)) {
            char c = s[i];
            if (changes(c)) {
                int start = Math.max(0, i - margin);
                int end = Math.min(length, i + 1 + margin);
                int previousEnd = count > 0 ? out[count - 1] : -1;
                // A long token (a JWT, a PEM line) cut by the margin is taken whole, so no credential is split.
                // Neither end is read again where the region before already reached: a text with no space and a
                // changed character every few (Japanese with full-width punctuation) stays linear.
                for (int stop = Math.max(Math.max(0, start - MAX_TOKEN), previousEnd); start > stop
                        && !isSpace(s[start - 1]); ) {
                    start--;
                }
                int tokenStop = Math.min(length, end + MAX_TOKEN);
                if (previousEnd > end) {
                    // The same token continues: the region before ended at its space, or gave up where this one
                    // goes on reading.
                    end = previousEnd;
                }
                while (end < tokenStop && !isSpace(s[end])) {
                    end++;
                }
                if (count > 0 && start <= previousEnd) {
                    out[count - 1] = Math.max(previousEnd, end);
                } else {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = start;
                    out[count++] = end;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }

    static NormalizedView of(String s) {
        char[] in = s.toCharArray();
        int n = in.length;
        // NFKC can lengthen a character (U+FB03 "ﬃ" becomes three, "…" three dots), so the arrays may have to grow;
        // a little slack spares the copy for the usual handful of such characters.
        char[] out = new char[n + 32];
        int[] origin = new int[n + 33];
        int length = 0;
        int i = 0;
        while (i < n) {
            // The common case even in a text that needs a view: a run of characters kept as they are, copied at once.
            int run = i;
            while (i < n && (in[i] < 0x80 || !changes(in[i]))) {
                i++;
            }
            if (i > run) {
                if (length + (i - run) >= origin.length) {
                    origin = Arrays.copyOf(origin, Math.max(origin.length * 2, length + (i - run) + 1));
                    out = Arrays.copyOf(out, origin.length);
                }
                System.arraycopy(in, run, out, length, i - run);
                for (int k = run; k < i; k++) {
                    origin[length++] = k;
                }
                continue;
            }
            int cp = Character.codePointAt(in, i);
            int width = Character.charCount(cp);
            if (!invisible(cp)) {
                String folded = fold(cp);
                int emitted = folded == null ? width : folded.length();
                if (length + emitted >= origin.length) {
                    origin = Arrays.copyOf(origin, Math.max(origin.length * 2, length + emitted + 1));
                    out = Arrays.copyOf(out, origin.length);
                }
                for (int k = 0; k < emitted; k++) {
                    origin[length] = i;
                    out[length++] = folded == null ? in[i + k] : folded.charAt(k);
                }
            }
            i += width;
        }
        origin[length] = n;
        return new NormalizedView(new String(out, 0, length), origin);
    }

    private static String fold(int cp) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            return String.valueOf((char) (cp - 0xFEE0));
        }
        String s = new String(Character.toChars(cp));
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        return n.equals(s) ? null : n;
    }

    private static boolean invisible(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4
                || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180E) || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0
                || (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /** Maps a finding in the normalised text to the original characters it came from. */
    Finding toOriginal(Finding f, String original) {
        int start = origin[f.start()];
        int lastOrigin = origin[f.end() - 1];
        int end = lastOrigin + Character.charCount(original.codePointAt(lastOrigin));
        return f.spanning(start, end);
    }
}
