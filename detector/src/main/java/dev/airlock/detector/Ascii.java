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

    /** The first {@code ch} in {@code c[from, to)}, or -1. */
    static int indexOf(char[] c, int from, int to, char ch) {
        for (int i = from; i < to; i++) {
            if (c[i] == ch) {
                return i;
            }
        }
        return -1;
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
