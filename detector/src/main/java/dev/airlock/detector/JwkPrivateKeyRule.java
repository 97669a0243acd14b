package dev.airlock.detector;

import java.util.List;
import java.util.Set;

/**
 * The private members of a JSON Web Key (RFC 7517/7518): {@code d} of an RSA, EC or OKP key and RSA's CRT values
 * {@code p}, {@code q}, {@code dp}, {@code dq}, {@code qi}, and {@code k} of a symmetric ({@code "kty":"oct"}) key.
 * A public JWK has none of them, so it is never reported. The object around {@code "kty"} is read quote-aware,
 * also as escaped JSON inside a string ({@code {\"kty\":…}}); each private member's value is one finding.
 */
final class JwkPrivateKeyRule extends SingleKeywordRule {

    private static final int MAX_BEFORE = 4096;
    private static final int MAX_OBJECT = 32 * 1024;
    private static final int MIN_VALUE = 16;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi");

    JwkPrivateKeyRule() {
        super(new RuleInfo("jwk-private-key", "Private or symmetric key in a JSON Web Key (d, p, q, dp, dq, qi; k of oct)",
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"…\",\"y\":\"…\",\"d\":\"<b64u:43>\"}"), "kty", false);
    }

    @Override
    public int priority() {
        return 15;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int floor = text.coveredTo(this);
        if (hit < floor || hit == 0 || !isQuote(c[hit - 1]) || hit + 3 >= n || quoteLength(c, n, hit + 3) == 0) {
            return;
        }
        // Each character is looked at once however often "kty" repeats: back no further than the last hit's reading.
        int open = objectStart(c, hit, floor);
        if (open < 0) {
            text.cover(this, hit + 3);
            return;
        }
        boolean symmetric = false;
        long symmetricKey = -1;
        int i = open + 1;
        int depth = 1;
        int limit = Math.min(n, open + MAX_OBJECT);
        while (i < limit && depth > 0) {
            char ch = c[i];
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
            }
            int q = quoteLength(c, n, i);
            if (q == 0) {
                i++;
                continue;
            }
            int nameStart = i + q;
            int nameEnd = stringEnd(c, limit, nameStart);
            if (nameEnd < 0) {
                break;
            }
            i = nameEnd + quoteLength(c, n, nameEnd);
            int colon = skipBlanks(c, limit, i);
            if (depth != 1 || colon >= limit || c[colon] != ':') {
                continue; // a value, or a member of a nested object
            }
            int valueQuote = skipBlanks(c, limit, colon + 1);
            int vq = valueQuote < limit ? quoteLength(c, n, valueQuote) : 0;
            if (vq == 0) {
                i = colon + 1;
                continue;
            }
            int valueStart = valueQuote + vq;
            int valueEnd = stringEnd(c, limit, valueStart);
            if (valueEnd < 0) {
                break;
            }
            String name = new String(c, nameStart, nameEnd - nameStart);
            if (name.equals("kty") && valueEnd - valueStart == 3 && new String(c, valueStart, 3).equals("oct")) {
                symmetric = true;
            } else if (name.equals("k") && isKeyMaterial(c, valueStart, valueEnd)) {
                symmetricKey = (long) valueStart << 32 | valueEnd;
            } else if (PRIVATE_MEMBERS.contains(name) && isKeyMaterial(c, valueStart, valueEnd)) {
                out.add(new Finding(id(), valueStart, valueEnd, Confidence.HIGH));
            }
            i = valueEnd + quoteLength(c, n, valueEnd);
        }
        text.cover(this, Math.max(i, hit + 3));
        // k is key material only in a symmetric key ("kty" may come after it); elsewhere it may be anything.
        if (symmetric && symmetricKey >= 0) {
            out.add(new Finding(id(), (int) (symmetricKey >>> 32), (int) symmetricKey, Confidence.HIGH));
        }
    }

    /**
     * The '{' opening the object around {@code hit}, searching back over nested objects to {@code floor}; -1 when too
     * far.
     */
    private static int objectStart(char[] c, int hit, int floor) {
        int depth = 0;
        for (int i = hit - 1; i >= floor && hit - i <= MAX_BEFORE; i--) {
            if (c[i] == '}') {
                depth++;
            } else if (c[i] == '{') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** Base64url of at least {@value #MIN_VALUE} characters that is no stand-in. */
    private static boolean isKeyMaterial(char[] c, int start, int end) {
        if (end - start < MIN_VALUE) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!(Ascii.isAlnum(c[i]) || c[i] == '-' || c[i] == '_' || c[i] == '=')) {
                return false;
            }
        }
        return !Placeholders.isPlaceholder(c, start, end);
    }

    /** 1 for a quote, 2 for an escaped one ({@code \"}), 0 for anything else. */
    private static int quoteLength(char[] c, int n, int i) {
        if (isQuote(c[i])) {
            return 1;
        }
        return c[i] == '\\' && i + 1 < n && isQuote(c[i + 1]) ? 2 : 0;
    }

    /** Where the string starting at {@code start} ends: its closing quote (or the backslash of one). */
    private static int stringEnd(char[] c, int limit, int start) {
        for (int i = start; i < limit; i++) {
            if (isQuote(c[i]) || c[i] == '\\' && i + 1 < limit && isQuote(c[i + 1])) {
                return i;
            }
            if (c[i] == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static int skipBlanks(char[] c, int limit, int i) {
        while (i < limit && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean isQuote(char ch) {
        return ch == '"' || ch == '\'';
    }
}
