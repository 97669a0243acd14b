package dev.airlock.detector;

import java.util.List;

/**
 * An AWS secret access key written just after its access key id, with no name of its own: the credentials CSV the
 * console hands out ({@code AKIA…,wJalr…}), {@code new BasicAWSCredentials("AKIA…", "…")}, Go's
 * {@code NewStaticCredentials("AKIA…", "…", "")}, the two answers to {@code aws configure}. A secret key alone is 40
 * characters of base64 and cannot be told from other such strings; following a valid key id within a few lines it
 * can. Only the secret is reported: the id is its own rule's finding.
 */
final class AwsPairedSecretRule extends HandWrittenRule {

    private static final int ID_LENGTH = 20;
    private static final int SECRET_LENGTH = 40;
    /** How far after the id the secret may start: a CSV row, a call's arguments, two lines of a session log. */
    private static final int WINDOW = 160;
    private static final Validator NOT_WORDS = BodyChecks.notWords(0);
    private static final CharClass BASE32 = CharClass.named("b32");
    private static final CharClass BASE64 = CharClass.named("b64");

    /** Priority 7: below the rule that names the secret (its finding says more), above the generic ones. */
    AwsPairedSecretRule() {
        super(new RuleInfo("aws-secret-access-key-paired",
                "AWS secret access key following its access key id (CSV, call arguments)", "AKIA<b32:16>,<b64:40>"), 7);
        for (String prefix : List.of("AKIA", "ASIA", "ABIA", "ACCA")) {
            trigger(prefix, false, 0);
        }
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int idEnd = hit + ID_LENGTH;
        if (idEnd > n || hit > 0 && Ascii.isAlnum(c[hit - 1]) || idEnd < n && Ascii.isAlnum(c[idEnd])
                || !isBase32(c, hit + 4, idEnd) || BodyChecks.awsKeyId(c, hit, idEnd) != Validator.Verdict.PLAUSIBLE
                || Placeholders.isPlaceholder(c, hit, idEnd)) {
            return;
        }
        int limit = Math.min(n, idEnd + WINDOW);
        int i = idEnd;
        while (i < limit) {
            if (!isBase64(c[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isBase64(c[i])) {
                i++;
            }
            boolean delimited = i == n || c[i] != '=' && c[i] != '-' && c[i] != '_' && c[i] != '.';
            boolean afterDelimiter = c[start - 1] != '-' && c[start - 1] != '_' && c[start - 1] != '.';
            if (i - start == SECRET_LENGTH && delimited && afterDelimiter && looksRandom(c, start, i)) {
                out.add(new Finding(id(), start, i, Confidence.MEDIUM));
                return;
            }
        }
    }

    /**
     * All three character kinds, few slashes and no words (a path is made of them), the entropy of random base64
     * (4.3 bits a character or more: all but one in a thousand draws of 40) and no stand-in ({@code …EXAMPLEKEY}).
     */
    private static boolean looksRandom(char[] c, int start, int end) {
        int upper = 0;
        int lower = 0;
        int digit = 0;
        int slash = 0;
        for (int i = start; i < end; i++) {
            upper += Ascii.isUpper(c[i]) ? 1 : 0;
            lower += Ascii.isLower(c[i]) ? 1 : 0;
            digit += Ascii.isDigit(c[i]) ? 1 : 0;
            slash += c[i] == '/' ? 1 : 0;
        }
        return upper > 0 && lower > 0 && digit > 0 && slash <= 4 && Entropy.atLeast(c, start, end, 4.3)
                && NOT_WORDS.check(c, start, end) == Validator.Verdict.PLAUSIBLE
                && !Placeholders.isPlaceholder(c, start, end);
    }

    private static boolean isBase32(char[] c, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!BASE32.contains(c[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64(char ch) {
        return BASE64.contains(ch);
    }
}
