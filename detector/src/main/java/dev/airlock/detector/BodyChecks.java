package dev.airlock.detector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Validators for vendor formats whose prefix is also an ordinary word ({@code ASIA}, {@code API-}, {@code SCW}):
 * an upper-case word after the prefix has the right length and alphabet, a random key almost always has a digit.
 */
final class BodyChecks {

    private BodyChecks() {
    }

    /** Rejects a match whose characters after {@code prefixLength} contain no digit. */
    static Validator digitAfter(int prefixLength) {
        return (text, start, end) -> hasDigit(text, start + prefixLength, end)
                ? Validator.Verdict.PLAUSIBLE : Validator.Verdict.REJECTED;
    }

    /**
     * AWS key ids: {@code AKIA} is no word, so any body counts; {@code ASIA}, {@code ABIA} and {@code ACCA} read
     * as words in upper-case prose ({@code ASIAPACIFICREGIONONE}), so their body must carry a digit. About one
     * random body in thirty has none; those temporary keys still travel with a session token that is reported.
     */
    static Validator.Verdict awsKeyId(char[] text, int start, int end) {
        if (text[start + 1] == 'K') {
            return Validator.Verdict.PLAUSIBLE;
        }
        return hasDigit(text, start + 4, end) ? Validator.Verdict.PLAUSIBLE : Validator.Verdict.REJECTED;
    }

    /**
     * Rejects a body that reads as words ({@code rnd_generatorStateForSeed1234}): half or more of its characters
     * sit in lower-case runs of four or more letters (a capital may start the run). A random base62 body has
     * such runs rarely and short; a camelCase or snake_case identifier is made of them.
     */
    static Validator notWords(int prefixLength) {
        return (text, start, end) -> {
            int from = start + prefixLength;
            int inWords = 0;
            int run = 0;
            for (int i = from; i <= end; i++) {
                boolean lower = i < end && Ascii.isLower(text[i]);
                if (lower) {
                    run++;
                    continue;
                }
                if (run >= 4) {
                    boolean capital = i - run - 1 >= from && Ascii.isUpper(text[i - run - 1]);
                    inWords += run + (capital ? 1 : 0);
                }
                run = 0;
            }
            return 2 * inWords >= end - from ? Validator.Verdict.REJECTED : Validator.Verdict.PLAUSIBLE;
        };
    }

    /**
     * A random base62 body: not words ({@link #notWords}) and not a lower-case hex digest, which is what sits after
     * {@code ico-} or {@code cio} in asset file names ({@code favicon.ico-7a38….png}).
     */
    static Validator randomBase62(int prefixLength) {
        Validator words = notWords(prefixLength);
        return (text, start, end) -> {
            if (words.check(text, start, end) == Validator.Verdict.REJECTED) {
                return Validator.Verdict.REJECTED;
            }
            for (int i = start + prefixLength; i < end; i++) {
                char c = text[i];
                if (!Ascii.isDigit(c) && (c < 'a' || c > 'f')) {
                    return Validator.Verdict.PLAUSIBLE;
                }
            }
            return Validator.Verdict.REJECTED;
        };
    }

    /**
     * A random body after a prefix many vendors share ({@code sk-}, {@code pa-}): random base62
     * ({@link #randomBase62}), with at least two of lower case, upper case and digits unless it is long, and no
     * run of six letters or digits in sequence ({@code abcdefgh}, {@code 123456}: one in millions in a random key,
     * the mark of a made-up one). The named formats' own prefixes after {@code sk-} ({@code sk-ant-},
     * {@code sk-proj-}) are theirs to judge.
     */
    static Validator randomKeyBody(int prefixLength) {
        Validator random = randomBase62(prefixLength);
        return (text, start, end) -> {
            if (random.check(text, start, end) == Validator.Verdict.REJECTED
                    && !randomLowercase(text, start + prefixLength, end) || hasSequence(text, start, end, 6)) {
                return Validator.Verdict.REJECTED;
            }
            for (String named : NAMED_SK_PREFIXES) {
                if (Ascii.startsWith(text, end, start + prefixLength, named)) {
                    return Validator.Verdict.REJECTED;
                }
            }
            boolean lower = false;
            boolean upper = false;
            boolean digit = false;
            for (int i = start + prefixLength; i < end; i++) {
                lower |= Ascii.isLower(text[i]);
                upper |= Ascii.isUpper(text[i]);
                digit |= Ascii.isDigit(text[i]);
            }
            int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
            return classes >= 2 || end - start - prefixLength >= 40
                    ? Validator.Verdict.PLAUSIBLE : Validator.Verdict.REJECTED;
        };
    }

    /**
     * A long body of lower-case letters (and digits) drawn at random, as some providers issue ({@code sk-} and 48
     * letters): words fill {@link #notWords}'s runs too, but with vowels. A fifth of random letters are vowels
     * and about two fifths of English; a lower-case hex digest is not random letters.
     */
    private static boolean randomLowercase(char[] text, int from, int end) {
        if (end - from < 40) {
            return false;
        }
        int letters = 0;
        int vowels = 0;
        boolean beyondHex = false;
        for (int i = from; i < end; i++) {
            char c = text[i];
            if (Ascii.isLower(c)) {
                letters++;
                vowels += "aeiou".indexOf(c) >= 0 ? 1 : 0;
                beyondHex |= c > 'f';
            } else if (!Ascii.isDigit(c)) {
                return false;
            }
        }
        return beyondHex && 10 * vowels <= 3 * letters;
    }

    private static final String[] NAMED_SK_PREFIXES = {"ant-", "proj-", "svcacct-", "admin-", "None-", "or-"};

    /** {@code length} letters or digits in a row, each one after the one before ({@code cdefgh}, {@code 345678}). */
    private static boolean hasSequence(char[] text, int start, int end, int length) {
        int run = 1;
        for (int i = start + 1; i < end; i++) {
            char a = Ascii.lower(text[i - 1]);
            char b = Ascii.lower(text[i]);
            boolean next = b == a + 1
                    && (Ascii.isLetter(b) && Ascii.isLetter(a) || Ascii.isDigit(b) && Ascii.isDigit(a));
            run = next ? run + 1 : 1;
            if (run >= length) {
                return true;
            }
        }
        return false;
    }

    /** A Cloudflare Tunnel token decodes to JSON with the account tag, the tunnel id and the tunnel secret. */
    static Validator.Verdict cloudflareTunnelToken(char[] text, int start, int end) {
        try {
            String json = new String(Base64.getDecoder().decode(new String(text, start, end - start)),
                    StandardCharsets.US_ASCII);
            return json.startsWith("{\"a\":\"") && json.contains("\"t\":\"") && json.contains("\"s\":\"")
                    ? Validator.Verdict.PLAUSIBLE : Validator.Verdict.REJECTED;
        } catch (IllegalArgumentException notBase64) {
            return Validator.Verdict.REJECTED;
        }
    }

    /**
     * Cloudflare's scannable tokens end in eight lower-case hex characters, the CRC32 of the forty characters
     * before them. The shape matches all 48 as base62 so a longer run is not cut short; a tail that is not
     * lower-case hex is not this format, a hex tail with the wrong CRC is only plausible (as with GitHub's
     * checksum: hand-made look-alikes lack it).
     */
    static Validator.Verdict cloudflareChecksum(char[] text, int start, int end) {
        int checkStart = end - 8;
        int bodyStart = checkStart - 40;
        if (bodyStart < start) {
            return Validator.Verdict.PLAUSIBLE;
        }
        for (int i = checkStart; i < end; i++) {
            char c = text[i];
            if (!Ascii.isDigit(c) && (c < 'a' || c > 'f')) {
                return Validator.Verdict.REJECTED;
            }
        }
        CRC32 crc = new CRC32();
        for (int i = bodyStart; i < checkStart; i++) {
            crc.update(text[i]);
        }
        String expected = String.format("%08x", crc.getValue());
        for (int i = 0; i < 8; i++) {
            if (text[checkStart + i] != expected.charAt(i)) {
                return Validator.Verdict.PLAUSIBLE;
            }
        }
        return Validator.Verdict.CONFIRMED;
    }

    /**
     * Grafana's legacy API keys are base64 of {@code {"k":…,"n":…,"id":…}}; Power BI report links share the
     * {@code {"k":"} opening but carry {@code "t"} and {@code "c"} instead of a key name.
     */
    static Validator.Verdict grafanaLegacyKey(char[] text, int start, int end) {
        int len = end - start;
        while (len > 0 && text[start + len - 1] == '=') {
            len--;
        }
        len -= len % 4 == 1 ? 1 : 0;
        try {
            String json = new String(Base64.getDecoder().decode(
                    padded(new String(text, start, len))), StandardCharsets.UTF_8);
            return json.contains("\"n\":") && json.contains("\"id\":")
                    ? Validator.Verdict.CONFIRMED : Validator.Verdict.REJECTED;
        } catch (IllegalArgumentException e) {
            return Validator.Verdict.REJECTED;
        }
    }

    private static String padded(String b64) {
        return b64 + "==".substring(0, (4 - b64.length() % 4) % 4 == 3 ? 2 : (4 - b64.length() % 4) % 4);
    }

    private static boolean hasDigit(char[] text, int from, int end) {
        for (int i = from; i < end; i++) {
            if (Ascii.isDigit(text[i])) {
                return true;
            }
        }
        return false;
    }
}
