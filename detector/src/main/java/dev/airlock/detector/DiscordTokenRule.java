package dev.airlock.detector;

import java.util.Base64;
import java.util.List;

/**
 * A Discord bot or user token: the account's id (a 17–20 digit snowflake) in base64, a dot, six characters of
 * timestamp, a dot and an HMAC of 27 (older) or 38 characters, all base64url. The id is what makes a bare token
 * recognisable: its digits decode from the first part, which therefore starts {@code M}, {@code N} or {@code O}.
 *
 * <p>It has no keyword: its prefix varies with the id. The detector's pass over base64-alphabet runs hands it each
 * run of an id's length that ends at a dot ({@link EncodedSpans}), so it costs nothing on text without one.
 */
final class DiscordTokenRule extends HandWrittenRule {

    static final String ID = "discord-token";
    private static final int MIN_ID = 23;
    private static final int MAX_ID = 27;

    DiscordTokenRule() {
        super(new RuleInfo(ID, "Discord bot or user token (its first part decodes to the account's id; found bare)",
                "<base64 of the id:23-27>.<b64u:6>.<b64u:27-38>"), 15);
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        // No keywords: see judge.
    }

    /**
     * The token whose first part ends the base64-alphabet run {@code c[start, runEnd)}, a '.' at {@code runEnd}, or
     * null. Digits in base64 never give '-' or '_', so a run glued to a name ({@code BOT_TOKEN_MTA…}) is read from
     * after its last one; a JSON escape's letter before it ({@code \nMTA…}) is not the token's.
     */
    static Finding judge(char[] c, int n, int start, int runEnd) {
        if (runEnd - start < MIN_ID || runEnd >= n || c[runEnd] != '.') {
            return null;
        }
        int glue = runEnd - 1;
        while (glue >= start && c[glue] != '_' && c[glue] != '-') {
            glue--;
        }
        int idStart = glue + 1;
        if (idStart == start && start > 0 && c[start - 1] == '\\' && "nrt".indexOf(c[start]) >= 0) {
            idStart++;
        }
        int length = runEnd - idStart;
        return length >= MIN_ID && length <= MAX_ID && c[idStart] >= 'M' && c[idStart] <= 'O'
                ? token(c, n, idStart, runEnd) : null;
    }

    private static Finding token(char[] c, int n, int start, int idEnd) {
        int stampEnd = idEnd + 1 + 6;
        if (stampEnd >= n || c[stampEnd] != '.' || !allBase64Url(c, idEnd + 1, stampEnd)) {
            return null;
        }
        int end = stampEnd + 1;
        while (end < n && end - stampEnd <= 39 && isBase64Url(c[end])) {
            end++;
        }
        int hmac = end - stampEnd - 1;
        if (hmac != 27 && hmac != 38 || !idDecodes(c, start, idEnd)
                || !Entropy.atLeast(c, stampEnd + 1, end, 3.5)) {
            return null;
        }
        return new Finding(ID, start, end, Confidence.HIGH);
    }

    private static boolean idDecodes(char[] c, int start, int end) {
        byte[] id;
        try {
            id = Base64.getUrlDecoder().decode(new String(c, start, end - start));
        } catch (IllegalArgumentException e) {
            return false; // a length no padding-free base64 has, or a character outside the alphabet
        }
        if (id.length < 17 || id.length > 20 || id[0] == '0') {
            return false;
        }
        for (byte b : id) {
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean allBase64Url(char[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBase64Url(c[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Url(char ch) {
        return Ascii.isAlnum(ch) || ch == '-' || ch == '_';
    }
}
