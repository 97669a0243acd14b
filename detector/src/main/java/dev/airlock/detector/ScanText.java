package dev.airlock.detector;

/**
 * The text being scanned, held both as a {@code char[]} for the hand-written loops and as a {@code String}
 * for the anchored regexes that run at keyword hits.
 */
final class ScanText {

    final String string;
    final char[] chars;
    final int length;
    /** 0 for the text given to the detector, 1 and 2 for texts decoded out of it (base64, hex, percent). */
    final int depth;

    ScanText(String string, int depth) {
        this.string = string;
        this.chars = string.toCharArray();
        this.length = chars.length;
        this.depth = depth;
    }

    char at(int i) {
        return chars[i];
    }

    /**
     * True when nothing word-like precedes {@code i}: start of text, a non-alphanumeric character, or a
     * JSON/shell escape such as {@code \n} (a {@code .env} pasted into a JSON string keeps its escapes when
     * the text reaching the scanner was not decoded).
     */
    boolean leftBoundary(int i) {
        if (i <= 0) {
            return true;
        }
        char p = chars[i - 1];
        if (!Ascii.isAlnum(p)) {
            return true;
        }
        return i >= 2 && chars[i - 2] == '\\' && (p == 'n' || p == 'r' || p == 't');
    }
}
