package dev.airlock.detector;

import java.text.Normalizer;

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

    /** Every UTF-16 unit whose presence calls for a view, computed once (8 KiB) so the check is one load. */
    private static final java.util.BitSet CHANGES = new java.util.BitSet(65536);

    static {
        for (int c = 0x80; c < 65536; c++) {
            String s = String.valueOf((char) c);
            if (Character.isSurrogate((char) c) || invisible(s, 0) || (c >= 0xFF01 && c <= 0xFF5E)
                    || !Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
                CHANGES.set(c);
            }
        }
    }

    /** True when normalising would change something; plain ASCII and ordinary text never pay for a view. */
    static boolean needed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 && CHANGES.get(c)) {
                return true;
            }
        }
        return false;
    }

    static NormalizedView of(String s) {
        StringBuilder out = new StringBuilder(s.length());
        // NFKC can lengthen a character (U+FB03 "ﬃ" becomes three), so the map grows with the output.
        int[] origin = new int[s.length() + 1];
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            if (!invisible(s, i)) {
                String folded = cp < 0x80 ? null : fold(cp);
                String emitted = folded == null ? new String(Character.toChars(cp)) : folded;
                if (out.length() + emitted.length() >= origin.length) {
                    origin = java.util.Arrays.copyOf(origin, Math.max(origin.length * 2, out.length() + emitted.length() + 1));
                }
                for (int k = 0; k < emitted.length(); k++) {
                    origin[out.length()] = i;
                    out.append(emitted.charAt(k));
                }
            }
            i += width;
        }
        origin[out.length()] = s.length();
        return new NormalizedView(out.toString(), origin);
    }

    private static String fold(int cp) {
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            return String.valueOf((char) (cp - 0xFEE0));
        }
        String s = new String(Character.toChars(cp));
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        return n.equals(s) ? null : n;
    }

    private static boolean invisible(String s, int i) {
        int cp = s.codePointAt(i);
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
