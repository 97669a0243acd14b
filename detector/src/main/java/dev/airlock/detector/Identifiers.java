package dev.airlock.detector;

/**
 * Recognises values that are names rather than secrets: code identifiers ({@code RoundRectangle2D},
 * {@code CgroupV1SubsystemController}), constants ({@code SGN_ALG_HMAC_MD5}), dotted names
 * ({@code CodePointTrie.Fast16}) and hex literals ({@code 0xCE01}). Names are built from words; random keys are
 * not, so the share of letters that sit in word-like runs tells them apart.
 */
final class Identifiers {

    private Identifiers() {
    }

    /**
     * Most letters sit in word-like runs: capitalised words ({@code Round}, {@code Rectangle}, {@code Passwords})
     * and a short lowercase first word ({@code hash}). A run is word-like when it has a vowel and no four
     * consonants in a row; random keys have such runs only by chance, short and few. All-lowercase values are not
     * judged ({@code roundrect} and a base36 key look alike, and code names are camelCase).
     */
    static boolean isWordy(char[] c, int start, int end) {
        int letters = 0;
        int inWords = 0;
        int humps = 0;
        int humpLetters = 0;
        int i = start;
        while (i < end && Ascii.isLower(c[i])) {
            i++;
        }
        int leading = i - start;
        letters += leading;
        while (i < end) {
            char ch = c[i];
            if (!Ascii.isUpper(ch)) {
                letters += Ascii.isLetter(ch) ? 1 : 0;
                i++;
                continue;
            }
            int j = i + 1;
            while (j < end && Ascii.isLower(c[j])) {
                j++;
            }
            letters += j - i;
            if (j - i >= 3 && isWordLike(c, i, j) && isWordLike(c, i + 1, j)) {
                inWords += j - i;
                humpLetters += j - i;
                humps++;
            }
            i = j;
        }
        // Names are made of real words, four letters or more on average; chance humps are short.
        if (humps == 0 || letters < 6 || humpLetters < 4 * humps) {
            return false;
        }
        if (leading >= 2 && leading <= 16 && isWordLike(c, start, start + leading)) {
            inWords += leading;
        }
        int coverage = humps >= 2 ? 7 : 8;
        return inWords * 10 >= letters * coverage;
    }

    private static boolean isWordLike(char[] c, int start, int end) {
        boolean vowel = false;
        int consonants = 0;
        for (int i = start; i < end; i++) {
            if (isVowel(c[i])) {
                vowel = true;
                consonants = 0;
            } else if (++consonants >= 4) {
                return false;
            }
        }
        return vowel && !isAlphabetRun(c, start, end);
    }

    private static boolean isVowel(char ch) {
        return switch (Ascii.lower(ch)) {
            case 'a', 'e', 'i', 'o', 'u', 'y' -> true;
            default -> false;
        };
    }

    /** Two or more words in camelCase ({@code hashPasswords}, {@code SunTlsRsaPremasterSecret}). */
    static boolean isCamelName(char[] c, int start, int end) {
        int humps = 0;
        for (int i = start + 1; i < end; i++) {
            if (Ascii.isUpper(c[i]) && Ascii.isLower(c[i - 1])) {
                humps++;
            }
        }
        return humps >= 1 && isWordy(c, start, end);
    }

    /** {@code SGN_ALG_HMAC_MD5_ARCFOUR}, {@code MAX_KEY_SIZE}: capitals and digits in underscore-joined parts. */
    static boolean isConstantName(char[] c, int start, int end) {
        int parts = 1;
        int lettersInPart = 0;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch == '_' || ch == '.') {
                if (lettersInPart < 2) {
                    return false;
                }
                parts++;
                lettersInPart = 0;
            } else if (Ascii.isUpper(ch)) {
                lettersInPart++;
            } else if (!Ascii.isDigit(ch)) {
                return false;
            }
        }
        return parts >= 2 && lettersInPart >= 2;
    }

    /**
     * {@code CodePointTrie.Fast16}, {@code sun.security.x509}: names joined by dots. Each part is a lowercase word
     * with optional trailing digits, a capitalised word with optional trailing digits, or a camelCase name;
     * {@code s.Z4bTMtng…} and {@code be8dfd.da8a68…} are tokens, not names.
     */
    static boolean isDottedName(char[] c, int start, int end) {
        int parts = 0;
        int partStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || c[i] == '.') {
                if (i == partStart || !isNamePart(c, partStart, i)) {
                    return false;
                }
                parts++;
                partStart = i + 1;
            }
        }
        return parts >= 2;
    }

    private static boolean isNamePart(char[] c, int start, int end) {
        int i = start;
        while (i < end - 1 && c[i] == '_') {
            i++; // _win32typing, __init__
        }
        if (i > start && (Ascii.isLetter(c[i]))) {
            start = i;
        }
        if (Ascii.isUpper(c[i])) {
            i++;
        }
        int lettersFrom = i;
        while (i < end && (Ascii.isLower(c[i]) || c[i] == '_')) {
            i++;
        }
        boolean word = i > lettersFrom || (i > start && i == end);
        while (i < end && Ascii.isDigit(c[i])) {
            i++;
        }
        return (word && i == end) || isWordy(c, start, end) || isShortName(c, start, end)
                || isConstantName(c, start, end);
    }

    /** {@code P11Key}, {@code PyPROPERTYKEY}, {@code x509}: a short member name; random parts are longer. */
    private static boolean isShortName(char[] c, int start, int end) {
        if (end - start > 15 || !Ascii.isLetter(c[start]) && c[start] != '_') {
            return false;
        }
        int digits = 0;
        for (int i = start; i < end; i++) {
            digits += Ascii.isDigit(c[i]) ? 1 : 0;
        }
        return digits <= 2;
    }

    /** {@code equals} or {@code equalsIgnoreCase}: a method that compares the value it is called on with a literal. */
    static boolean isEqualsMethod(char[] c, int start, int end) {
        int n = end - start;
        return (n == 6 || n == 16) && Ascii.startsWithIgnoreCase(c, end, start, n == 6 ? "equals" : "equalsignorecase");
    }

    /** {@code 2018-01-19T11:39:19Z}, {@code 2024-05-01 10:00:00}: a date and time. */
    static boolean isTimestamp(char[] c, int start, int end) {
        return end - start >= 10 && TIMESTAMP.matcher(java.nio.CharBuffer.wrap(c, start, end - start)).matches();
    }

    private static final java.util.regex.Pattern TIMESTAMP = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

    /** {@code Map_Data_June.mp4}, {@code report-2024.pdf}: a file name, not a key. */
    static boolean isFileName(char[] c, int start, int end) {
        int dot = -1;
        for (int i = end - 1; i > start && end - i <= 5; i--) {
            if (c[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot < 0 || end - dot < 3) {
            return false;
        }
        for (int i = dot + 1; i < end; i++) {
            if (!Ascii.isLower(c[i]) && !Ascii.isDigit(c[i])) {
                return false;
            }
        }
        for (int i = start; i < dot; i++) {
            if (!Ascii.isAlnum(c[i]) && c[i] != '_' && c[i] != '-' && c[i] != ' ') {
                return false;
            }
        }
        return Ascii.isLetter(c[dot + 1]);
    }

    /** {@code 0x02}, {@code 0xCE534351L}: a number written in hex, up to 64 bits, with a type suffix. */
    static boolean isHexNumber(char[] c, int start, int end) {
        if (end > start && "LlUu".indexOf(c[end - 1]) >= 0) {
            end--;
        }
        if (end - start < 3 || end - start > 18 || c[start] != '0' || (c[start + 1] != 'x' && c[start + 1] != 'X')) {
            return false;
        }
        for (int i = start + 2; i < end; i++) {
            if (!Ascii.isHex(c[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code base64_encoded_64_byte_salt}: a description in snake_case or kebab-case, with at least
     * {@code minWords} plain lowercase words (three letters or more, word-like) among three or more parts.
     */
    static boolean isSnakeWords(char[] c, int start, int end, int minWords) {
        int parts = 1;
        int words = 0;
        int partStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || c[i] == '_' || c[i] == '-') {
                if (i - partStart >= 3 && Ascii.allLower(c, partStart, i) && isWordLike(c, partStart, i)) {
                    words++;
                }
                if (i < end) {
                    parts++;
                }
                partStart = i + 1;
            }
        }
        return parts >= 3 && words >= minWords;
    }


    /** {@code abcdef}: consecutive letters of the alphabet are a fake key's filler, not a word. */
    private static boolean isAlphabetRun(char[] c, int start, int end) {
        for (int i = start + 1; i < end; i++) {
            if (Ascii.lower(c[i]) - Ascii.lower(c[i - 1]) != 1) {
                return false;
            }
        }
        return true;
    }
}
