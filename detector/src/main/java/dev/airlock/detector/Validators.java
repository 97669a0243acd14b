package dev.airlock.detector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/** Structural checks shared by several rules. */
final class Validators {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Validators() {
    }

    /**
     * GitHub and npm tokens end in six base62 characters that encode the CRC32 of the 30 random characters
     * after the prefix. A mismatch is reported, not rejected: fabricated tokens in docs and tests have the
     * shape without the checksum, and a redaction there costs less than a missed real token.
     */
    static Validator crc32Base62(int prefixLength) {
        return (text, start, end) -> {
            int bodyStart = start + prefixLength;
            int checkStart = end - 6;
            if (checkStart - bodyStart != 30) {
                return Validator.Verdict.PLAUSIBLE;
            }
            CRC32 crc = new CRC32();
            for (int i = bodyStart; i < checkStart; i++) {
                crc.update(text[i]);
            }
            String expected = base62(crc.getValue(), 6);
            for (int i = 0; i < 6; i++) {
                if (text[checkStart + i] != expected.charAt(i)) {
                    return Validator.Verdict.PLAUSIBLE;
                }
            }
            return Validator.Verdict.CONFIRMED;
        };
    }

    static String base62(long value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    /** A JWT's first part must decode to a JSON object naming its algorithm. */
    static Validator.Verdict jwt(char[] text, int start, int end) {
        int dot = -1;
        for (int i = start; i < end; i++) {
            if (text[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot < 0) {
            return Validator.Verdict.REJECTED;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(new String(text, start, dot - start)
                    .replace('+', '-').replace('/', '_').replace("=", "")), StandardCharsets.UTF_8);
            return header.trim().startsWith("{") && header.contains("\"alg\"")
                    ? Validator.Verdict.CONFIRMED : Validator.Verdict.REJECTED;
        } catch (IllegalArgumentException e) {
            return Validator.Verdict.REJECTED;
        }
    }

    /** HTTP Basic credentials: base64 of {@code user:password} with a non-empty password. */
    static Validator.Verdict basicAuth(char[] text, int start, int end) {
        try {
            byte[] decoded = Base64.getDecoder().decode(new String(text, start, end - start));
            String s = new String(decoded, StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                return Validator.Verdict.REJECTED;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < 0x20 || s.charAt(i) == 0xFFFD) {
                    return Validator.Verdict.REJECTED;
                }
            }
            return Validator.Verdict.CONFIRMED;
        } catch (IllegalArgumentException e) {
            return Validator.Verdict.REJECTED;
        }
    }
}
