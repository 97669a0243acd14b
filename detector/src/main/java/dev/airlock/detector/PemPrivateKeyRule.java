package dev.airlock.detector;

import java.util.List;

/**
 * PEM-armoured private keys: PKCS#1/#8, EC, DSA, OpenSSH, encrypted PKCS#8, PGP private key blocks and OpenVPN's
 * shared keys. The block must carry a real base64 body (a documentation stub such as a BEGIN line followed by
 * {@code ...} is not a key); a block cut off before its END line is still reported up to where its body stops.
 */
final class PemPrivateKeyRule extends SingleKeywordRule {

    private static final int MAX_BLOCK = 64 * 1024;
    private static final int MIN_BODY = 64;

    PemPrivateKeyRule() {
        super(new RuleInfo("private-key",
                "PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP, OpenVPN static key)",
                "-----BEGIN <[A-Z ]:0-16>PRIVATE KEY-----\\n<b64:64-4096>\\n-----END …PRIVATE KEY-----"),
                "-----BEGIN ", false);
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int labelStart = hit + keyword.literal().length();
        int labelEnd = labelStart;
        while (labelEnd < n && labelEnd - labelStart < 40 && (Ascii.isAlnum(c[labelEnd]) || c[labelEnd] == ' '
                || c[labelEnd] == '-' && !(labelEnd + 1 < n && c[labelEnd + 1] == '-'))) {
            labelEnd++;
        }
        String label = new String(c, labelStart, labelEnd - labelStart);
        // OpenVPN's shared keys (static key V1, tls-crypt-v2 client and server keys) are hex in the same armour.
        if (!label.endsWith("PRIVATE KEY") && !label.endsWith("PRIVATE KEY BLOCK") && !label.startsWith("OpenVPN ")) {
            return;
        }
        if (labelEnd + 5 > n || !new String(c, labelEnd, 5).equals("-----")) {
            return;
        }
        int bodyStart = labelEnd + 5;
        int limit = Math.min(n, bodyStart + MAX_BLOCK);
        int base64 = 0;
        int lastBody = bodyStart;
        int i = bodyStart;
        while (i < limit) {
            char ch = c[i];
            if (ch == '-' && i + 8 <= n && new String(c, i, 8).equals("-----END")) {
                int close = i + 8;
                while (close < n && close - i < 64 && (Ascii.isAlnum(c[close])
                        || c[close] == ' ' || c[close] == '-')) {
                    close++; // the END line's label and dashes, not the quote or comma of a string literal after it
                }
                if (base64 >= MIN_BODY) {
                    out.add(new Finding(id(), hit, close, Confidence.HIGH));
                }
                return;
            }
            if (isBase64(ch)) {
                base64++;
                lastBody = i + 1;
            } else if (ch == ':') {
                // Armour headers (Proc-Type, DEK-Info, Version, Comment) carry no key material.
                while (i < limit && c[i] != '\n') {
                    i++;
                }
            } else if (!(ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t' || ch == '\\' || isConcatenation(ch))) {
                break;
            }
            i++;
        }
        if (base64 >= MIN_BODY) {
            out.add(new Finding(id(), hit, lastBody, Confidence.MEDIUM));
        }
    }

    /**
     * A key pasted into code as one string literal per line: {@code "-----BEGIN …-----" +} then {@code "MIIE…" +}.
     * A variable between the quotes ({@code "…\n" + pem + "\n-----END…"}) is too short to count as a body.
     */
    private static boolean isConcatenation(char ch) {
        return ch == '"' || ch == '\'' || ch == '`' || ch == '+';
    }

    private static boolean isBase64(char ch) {
        return Ascii.isAlnum(ch) || ch == '+' || ch == '/' || ch == '=';
    }
}
