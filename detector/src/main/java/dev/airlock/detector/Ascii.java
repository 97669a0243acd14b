package dev.airlock.detector;

/** Branch-free ASCII helpers for the hot loops; non-ASCII characters are never part of a keyword. */
final class Ascii {

    private Ascii() {
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return isLower(c) || isUpper(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Every character of {@code c[from, to)} is a lowercase ASCII letter. */
    static boolean allLower(char[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isLower(c[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code c[from, to)} holds at least one ASCII letter and one digit. */
    static boolean hasLetterAndDigit(char[] c, int from, int to) {
        boolean letter = false;
        boolean digit = false;
        for (int i = from; i < to; i++) {
            letter |= isLetter(c[i]);
            digit |= isDigit(c[i]);
        }
        return letter && digit;
    }

    /** Every character of {@code c[from, to)} is an ASCII letter. */
    static boolean allLetters(char[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isLetter(c[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c[from, to)} is digits only (true when empty). */
    static boolean allDigits(char[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(c[i])) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code ch} in {@code c[from, to)}, or -1. */
    static int indexOf(char[] c, int from, int to, char ch) {
        for (int i = from; i < to; i++) {
            if (c[i] == ch) {
                return i;
            }
        }
        return -1;
    }

    /** Where {@code literal} first starts in {@code c[from, to)} (ending there too), or -1. */
    static int indexOf(char[] c, int from, int to, String literal) {
        char first = literal.charAt(0);
        for (int i = from; i + literal.length() <= to; i++) {
            if (c[i] == first && startsWith(c, to, i, literal)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first character of another script than ASCII in {@code c[from, to)}, or {@code to}; eight characters at a
     * time, since the texts that hold any are still almost all ASCII.
     */
    static int nextNonAscii(char[] c, int from, int to) {
        int i = from;
        while (i + 8 <= to && (c[i] | c[i + 1] | c[i + 2] | c[i + 3] | c[i + 4] | c[i + 5] | c[i + 6] | c[i + 7])
                < 0x80) {
            i += 8;
        }
        while (i < to && c[i] < 0x80) {
            i++;
        }
        return i;
    }

    /** {@code s} is at {@code at} and ends before {@code end}. */
    static boolean startsWith(char[] c, int end, int at, String s) {
        if (at + s.length() > end) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (c[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** {@code lower}, a lower-case literal, is at {@code at} in any case and ends before {@code end}. */
    static boolean startsWithIgnoreCase(char[] c, int end, int at, String lower) {
        if (at + lower.length() > end) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            if (lower(c[at + k]) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
