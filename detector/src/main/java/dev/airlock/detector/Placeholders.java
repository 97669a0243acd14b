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
            "sample_", "****", "....", "${", "{{", "}}", "#{",
            "process.env", "os.environ", "getenv", "env(", "env[", "env.", "secrets.", "vault:", "ssm:",
            "lorem", "ipsum");

    /** Words people write where a password goes in examples: {@code --user name:password}. */
    private static final Set<String> STAND_IN_PASSWORDS = Set.of(
            "password", "passwd", "pwd", "user", "username", "changeme", "pw", "token", "apikey", "api_key",
            "key", "none", "null", "x-oauth-basic", "yourpassword", "foo", "bar", "baz", "xxx", "***", "changeit",
            "tiger"); // Oracle's scott/tiger sample schema

    /** User names that mark a whole {@code user:password} pair as an example. */
    private static final Set<String> STAND_IN_USERS = Set.of(
            "user", "username", "usr", "login", "name", "your_user", "youruser", "myuser", "me", "dbuser",
            "db_user");

    /** Passwords that, next to a stand-in user, complete an example pair. */
    private static final Set<String> PAIR_PASSWORDS = Set.of("mypassword", "test");

    private Placeholders() {
    }

    /** True if the span is a stand-in rather than a real value: a template, a placeholder word or filler. */
    static boolean isPlaceholder(char[] text, int start, int end) {
        return isTemplate(text, start, end) || isRepetitive(text, start, end);
    }

    /**
     * Written to be replaced: placeholder words ({@code your_}, {@code example}, {@code xxxx}), templates and
     * references ({@code ${…}}, {@code {{…}}}, {@code process.env}), brackets and truncation ({@code sk-ant-...}).
     */
    static boolean isTemplate(char[] text, int start, int end) {
        String value = new String(text, start, end - start);
        if (hasPlaceholderWord(value)) {
            return true;
        }
        return value.startsWith("$") || value.startsWith("%") && WINDOWS_VARIABLE.matcher(value).lookingAt()
                || isBracketed(value)
                || hasXRun(text, start, end)
                || value.indexOf('#') >= 0 && HASH_FIELD.matcher(value).find()
                || value.indexOf('{') >= 0 && BRACE_FIELD.matcher(value).find()
                || (value.indexOf('<') >= 0 || value.indexOf('>') >= 0) && ANGLE_PLACEHOLDER.matcher(value).find()
                || value.contains("%(") && PYTHON_FORMAT.matcher(value).find()
                || hasCountingRun(text, start, end);
    }

    /**
     * For a run of random printable ASCII, where brackets, braces and '#' are just characters: only placeholder
     * words, x-runs, counting runs and filler make it a stand-in ({@code {W}} in it is no template field).
     */
    static boolean isWrittenPlaceholder(char[] text, int start, int end) {
        return hasPlaceholderWord(new String(text, start, end - start)) || hasXRun(text, start, end)
                || hasCountingRun(text, start, end) || isRepetitive(text, start, end);
    }

    private static boolean hasPlaceholderWord(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String w : WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fake-key pattern {@code a1b2c3d4…} (or its reverse, {@code d4c3b2a1}): letters and digits counting up
     * or down in step, four pairs or more. Random keys never do this.
     */
    static boolean hasCountingRun(char[] text, int start, int end) {
        int pairs = 0;
        for (int i = start; i + 3 < end; i += pairs > 0 ? 2 : 1) {
            char l = text[i];
            char d = text[i + 1];
            char nl = text[i + 2];
            char nd = text[i + 3];
            boolean letterDigit = Ascii.isLower(l) && Ascii.isDigit(d) && Ascii.isLower(nl) && Ascii.isDigit(nd);
            int step = nl - l;
            if (letterDigit && (step == 1 || step == -1) && nd - d == step) {
                if (++pairs >= 3) {
                    return true;
                }
            } else {
                pairs = 0;
            }
        }
        return false;
    }

    /**
     * {@code <your-key>}, {@code <API TOKEN>}, {@code sk-<project>-…}: words in angle brackets. A lone {@code <}
     * or {@code >} among other symbols is just a character of a random secret.
     */
    private static final java.util.regex.Pattern ANGLE_PLACEHOLDER =
            java.util.regex.Pattern.compile("<[A-Za-z][A-Za-z0-9 _.-]{0,40}>|^<|>$");

    /**
     * {@code sk-xxxxxxxx…}: six x's in a row is the placeholder convention. Four can occur by chance in a random
     * base62 key (one in tens of thousands), six practically cannot.
     */
    private static boolean hasXRun(char[] text, int start, int end) {
        int run = 0;
        for (int i = start; i < end; i++) {
            run = text[i] == 'x' || text[i] == 'X' ? run + 1 : 0;
            if (run >= 6) {
                return true;
            }
        }
        return false;
    }

    /** {@code f"share-{portfolio_id}"}, {@code "{user}:{token}"}: a format or template field. */
    private static final java.util.regex.Pattern BRACE_FIELD =
            java.util.regex.Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_.]{0,40}}");

    /** {@code #name#}, {@code #{user}#}: a template field between hashes. */
    private static final java.util.regex.Pattern HASH_FIELD = java.util.regex.Pattern.compile("#[A-Za-z_]{2,30}#");

    /**
     * {@code %DB_PASSWORD%}: a Windows command-line variable. (Not {@code !PASS!}, delayed expansion: people's
     * passwords start and end with an exclamation mark too often.)
     */
    private static final java.util.regex.Pattern WINDOWS_VARIABLE =
            java.util.regex.Pattern.compile("%[A-Za-z_][A-Za-z0-9_]{0,60}%");

    /** {@code %(password)s}: a Python format field. */
    private static final java.util.regex.Pattern PYTHON_FORMAT = java.util.regex.Pattern.compile("%\\([A-Za-z_]+\\)[sdr]");

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

    /** {@code username:password}, {@code user:passwd}: an example pair, not a credential. */
    static boolean isStandInPair(String user, String password) {
        return STAND_IN_USERS.contains(user.toLowerCase(Locale.ROOT))
                && (isStandInPassword(password) || PAIR_PASSWORDS.contains(password.toLowerCase(Locale.ROOT)));
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
