package dev.airlock.detector;

/**
 * Decides whether an assigned value is a literal secret rather than an identifier, a reference, a type, a
 * path or a stand-in. The tests of this class are the product's false-positive budget.
 */
final class Values {

    private Values() {
    }

    static boolean looksLikeSecret(char[] c, int n, Assignment a, AssignmentRule.Strictness strictness) {
        int start = a.start();
        int end = a.end();
        int len = end - start;
        int min = switch (strictness) {
            case PASSWORD -> a.quoted() ? 6 : 8;
            case TOKEN -> a.spaceOnly() ? 16 : 10;
            case WEAK -> 16;
        };
        if (len < min || len > 256) {
            return false;
        }
        if (!a.quoted() && end < n && c[end] == '(') {
            return false; // a call: getPassword()
        }
        if (Placeholders.isPlaceholder(c, start, end) || isReferenceOrPath(c, start, end)) {
            return false;
        }
        int lower = 0;
        int upper = 0;
        int digit = 0;
        int symbol = 0;
        int separators = 0;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (Ascii.isLower(ch)) {
                lower++;
            } else if (Ascii.isUpper(ch)) {
                upper++;
            } else if (Ascii.isDigit(ch)) {
                digit++;
            } else if (ch == '-' || ch == '_' || ch == '.') {
                separators++;
            } else if (ch == ' ' || ch >= 128) {
                return false; // prose, or text in another script: not a credential
            } else {
                symbol++;
            }
        }
        int letters = lower + upper;
        if (letters == 0 || digit == len - separators) {
            return false; // numbers, versions, dates without letters
        }
        int classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0) + (symbol > 0 ? 1 : 0);
        switch (strictness) {
            case PASSWORD -> {
                if (classes < 2) {
                    return false;
                }
                if (!a.quoted() && digit == 0 && symbol == 0) {
                    return false; // an unquoted word is an identifier: password: PasswordField
                }
                return true;
            }
            case TOKEN, WEAK -> {
                if (digit == 0 && symbol == 0 && !randomLetters(c, start, end)) {
                    return false;
                }
                if (strictness == AssignmentRule.Strictness.WEAK && (digit == 0 || letters == 0)) {
                    return false;
                }
                return classes >= 2 && Entropy.atLeast(c, start, end, 3.0) && !isWordsWithNumber(c, start, end);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Mixed-case letters with short same-case runs look random ({@code qJvTzKpWmXr…}); identifiers are long
     * lowercase runs with single capitals ({@code getApplicationContext}).
     */
    private static boolean randomLetters(char[] c, int start, int end) {
        int len = end - start;
        if (len < 16) {
            return false;
        }
        int runs = 1;
        for (int i = start + 1; i < end; i++) {
            if (Ascii.isUpper(c[i]) != Ascii.isUpper(c[i - 1])) {
                runs++;
            }
        }
        return (double) len / runs < 2.5;
    }

    /** Words joined by separators with a version or counter: {@code my-service-v2}, {@code build_2024}. */
    private static boolean isWordsWithNumber(char[] c, int start, int end) {
        int segments = 1;
        int digitsOnlySegments = 0;
        boolean segmentHasLetter = false;
        boolean segmentHasDigit = false;
        int longestLetterRun = 0;
        int run = 0;
        for (int i = start; i <= end; i++) {
            char ch = i < end ? c[i] : '-';
            if (ch == '-' || ch == '_' || ch == '.') {
                if (segmentHasDigit && !segmentHasLetter) {
                    digitsOnlySegments++;
                }
                if (i < end) {
                    segments++;
                }
                segmentHasLetter = false;
                segmentHasDigit = false;
                run = 0;
            } else if (Ascii.isLower(ch)) {
                segmentHasLetter = true;
                run++;
                longestLetterRun = Math.max(longestLetterRun, run);
            } else {
                if (Ascii.isDigit(ch)) {
                    segmentHasDigit = true;
                } else {
                    segmentHasLetter = true;
                }
                run = 0;
            }
        }
        return segments >= 2 && digitsOnlySegments >= 1 && segments - digitsOnlySegments >= 1
                && longestLetterRun >= 4 && segments <= 4 && end - start < 32 && hasNoMixedSegment(c, start, end);
    }

    private static boolean hasNoMixedSegment(char[] c, int start, int end) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i <= end; i++) {
            char ch = i < end ? c[i] : '-';
            if (ch == '-' || ch == '_' || ch == '.') {
                if (letter && digit) {
                    return false;
                }
                letter = false;
                digit = false;
            } else if (Ascii.isDigit(ch)) {
                digit = true;
            } else {
                letter = true;
            }
        }
        return true;
    }

    static boolean isReferenceOrPath(char[] c, int start, int end) {
        char first = c[start];
        if (first == '/' || first == '~' || first == '%' || first == '@' || first == '&' || first == '*'
                || first == '!' || first == '#' || first == ':') {
            return true;
        }
        if (end - start >= 2 && first == '.' && (c[start + 1] == '/' || c[start + 1] == '.')) {
            return true;
        }
        boolean slash = false;
        boolean dot = false;
        int at = -1;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch == '/') {
                slash = true;
            } else if (ch == '.') {
                dot = true;
            } else if (ch == '@') {
                at = i;
            } else if (ch == ':' && i + 2 < end && c[i + 1] == '/' && c[i + 2] == '/') {
                return true; // a URL; credentials inside URLs have their own rule
            }
        }
        if (slash && dot) {
            return true; // a path or host with a file name
        }
        if (at > start && dot && at < end - 3) {
            return true; // an e-mail address
        }
        return isDottedIdentifier(c, start, end);
    }

    /** {@code self.password}, {@code config.api.token}: letters joined by dots. */
    private static boolean isDottedIdentifier(char[] c, int start, int end) {
        boolean dot = false;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch == '.') {
                dot = true;
            } else if (!Ascii.isLetter(ch) && ch != '_') {
                return false;
            }
        }
        return dot;
    }
}
