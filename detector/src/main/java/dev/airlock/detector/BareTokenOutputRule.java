package dev.airlock.detector;

import java.util.List;
import java.util.Set;

/**
 * A tool's whole output that is one random token: what {@code op read …}, {@code aws configure get
 * aws_secret_access_key}, {@code kubectl get secret … | base64 -d} or {@code openssl rand -base64 32} print, and what
 * an agent sends back as a tool result with nothing around it to name it. Judged only for JSON members that carry
 * text or tool output ({@code content}, {@code text}, {@code output}, …; see {@link Detector#scanField}), never in
 * free text, where a lone token is a word. Identifiers do not count: hex (commit hashes, container ids, UUIDs), a
 * lowercase prefix before {@code _} or {@code -} (an API's object ids: {@code cus_…}, {@code msg_…}), paths, base64
 * of prose; what is left must mix upper- and lower-case letters and digits with the entropy of a generated value.
 */
final class BareTokenOutputRule extends HandWrittenRule {

    static final String ID = "bare-token-output";
    private static final int MIN_LENGTH = 20;
    private static final int MAX_LENGTH = 256;
    /** Members whose value is a message's or a tool's text in the providers' request shapes. */
    private static final Set<String> OUTPUT_FIELDS = Set.of("content", "text", "output", "result", "stdout");

    BareTokenOutputRule() {
        super(new RuleInfo(ID, "A tool result that is one random token and nothing else (a secret read from a store)",
                "\"content\": \"<random:20+>\""), 0);
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        // No keywords: judged by Detector#scanField for output members only.
    }

    static boolean isOutputField(String name) {
        return OUTPUT_FIELDS.contains(name);
    }

    /** The finding for a value that is one random token (blanks around it left out), or null. */
    static Finding judge(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        if (value.startsWith(ShellReport.STDOUT_OPEN, start) && end - start <= MAX_LENGTH + 128) {
            // What a command the user typed in Claude Code's bash mode printed, between its tags.
            char[] c = value.toCharArray();
            int[] tagged = ShellReport.between(c, c.length, start, ShellReport.STDOUT_OPEN,
                    ShellReport.STDOUT_CLOSE);
            return tagged == null ? null : judge(c, tagged[0], tagged[1]);
        }
        // Measured before the copy: most members judged are long texts, rejected here without one.
        return end - start < MIN_LENGTH || end - start > MAX_LENGTH ? null : judge(value.toCharArray(), start, end);
    }

    private static Finding judge(char[] c, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && c[start] <= ' ') {
            start++;
        }
        while (end > start && c[end - 1] <= ' ') {
            end--;
        }
        return isGeneratedToken(c, start, end) ? new Finding(ID, start, end, Confidence.LOW) : null;
    }

    /**
     * Whether {@code c[start, end)} is one generated token: 20 to 256 printable ASCII characters without quotes,
     * upper- and lower-case letters and digits, no identifier, path or encoded prose, with the entropy of a random
     * value.
     */
    static boolean isGeneratedToken(char[] c, int start, int end) {
        if (end - start < MIN_LENGTH || end - start > MAX_LENGTH) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean hex = true;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch <= ' ' || ch >= 127 || ch == '"' || ch == '\'' || ch == '`' || ch == '\\') {
                return false; // words, a line of output, text in another script
            }
            upper |= Ascii.isUpper(ch);
            lower |= Ascii.isLower(ch);
            digit |= Ascii.isDigit(ch);
            hex &= Ascii.isHex(ch) || ch == '-';
        }
        return upper && lower && digit && !hex && !objectId(c, start, end) && !Values.isReferenceOrPath(c, start, end)
                && !Values.encodesProse(c, start, end) && !Placeholders.isPlaceholder(c, start, end)
                && !Identifiers.isWordy(c, start, end) && Entropy.atLeast(c, start, end, 4.0);
    }

    /** {@code cus_NffrFeUfNV2Hib}, {@code file-AbC…}: an API's object id, a lowercase type before the random part. */
    private static boolean objectId(char[] c, int start, int end) {
        int i = start;
        while (i < end && Ascii.isLower(c[i]) && i - start <= 10) {
            i++;
        }
        return i > start + 1 && i < end && (c[i] == '_' || c[i] == '-');
    }
}
