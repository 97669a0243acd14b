package dev.airlock.detector;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Values that look like credentials but are stand-ins: documentation examples, templates, masked values and
 * references to where the real value lives. These are the main source of false findings in real prompts.
 */
final class Placeholders {

    private static final List<String> WORDS = List.of(
            "example", "placeholder", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "yourpassword",
            "your api", "<your", "changeme", "change_me", "change-me", "replace_me", "replaceme", "replace_with", "replace-with", "insert_",
            "redacted", "dummy", "notreal", "not_real", "not-a-real", "fake_", "fakekey", "faketoken",
            "sample_", "xxxx", "****", "....", "____", "----", "<", ">", "${", "{{", "}}", "%(", "#{",
            "process.env", "os.environ", "getenv", "env(", "env[", "env.", "secrets.", "vault:", "ssm:",
            "lorem", "ipsum");

    /** Words people write where a password goes in examples: {@code user:password@host}. */
    private static final Set<String> STAND_IN_PASSWORDS = Set.of(
            "password", "pass", "passwd", "pwd", "secret", "user", "username", "changeme", "pw", "token",
            "apikey", "api_key", "key", "test", "none", "null", "x-oauth-basic", "mypassword", "yourpassword",
            "admin", "root", "guest", "foo", "bar", "baz", "xxx", "***");

    private Placeholders() {
    }

    /** True if the span is a stand-in rather than a real value. */
    static boolean isPlaceholder(char[] text, int start, int end) {
        String value = new String(text, start, end - start);
        String lower = value.toLowerCase(Locale.ROOT);
        for (String w : WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return value.startsWith("$") || isBracketed(value) || isRepetitive(text, start, end);
    }

    /** {@code [PASSWORD]}, {@code {SumoAccessKey}}, {@code (token)}, and this product's own placeholders. */
    private static boolean isBracketed(String v) {
        if (v.length() < 2) {
            return false;
        }
        char first = v.charAt(0);
        char last = v.charAt(v.length() - 1);
        return (first == '[' && (last == ']' || v.startsWith("[REDACTED:"))) || (first == '{' && last == '}')
                || (first == '(' && last == ')');
    }

    /** Too short, too uniform or too familiar to be a password anyone relies on. */
    static boolean isStandInPassword(String value) {
        return value.length() < 4 || value.chars().distinct().count() < 3
                || STAND_IN_PASSWORDS.contains(value.toLowerCase(Locale.ROOT))
                || value.chars().allMatch(ch -> ch == '*' || ch == 'x' || ch == 'X' || ch == '.');
    }

    /**
     * Filler rather than randomness: one character eight times in a row ({@code sk-or-v1-0000…}), or a span of
     * only one or two distinct characters ({@code abababab}).
     */
    static boolean isRepetitive(char[] text, int start, int end) {
        int n = end - start;
        if (n < 8) {
            return false;
        }
        int run = 1;
        for (int i = start + 1; i < end; i++) {
            run = text[i] == text[i - 1] ? run + 1 : 1;
            if (run >= 8) {
                return true;
            }
        }
        int distinct = 0;
        boolean[] seen = new boolean[128];
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c >= 128) {
                return false;
            }
            if (!seen[c]) {
                seen[c] = true;
                distinct++;
            }
        }
        return distinct <= 2;
    }
}
