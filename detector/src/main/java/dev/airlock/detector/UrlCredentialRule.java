package dev.airlock.detector;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A password inside a URL's user information: {@code postgres://app:s3cr3t@db:5432/app}. Only the password is
 * reported, so redaction leaves a URL that still says which database it pointed at.
 */
final class UrlCredentialRule extends SingleKeywordRule {

    private final Set<String> schemes;
    private final boolean otherSchemes;

    /**
     * @param schemes      the schemes this rule reports (lower case)
     * @param otherSchemes report every scheme not in {@code schemes} instead (the catch-all rule)
     */
    UrlCredentialRule(String id, String description, String example, Set<String> schemes, boolean otherSchemes) {
        super(new RuleInfo(id, description, example), "://", false);
        this.schemes = schemes;
        this.otherSchemes = otherSchemes;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int schemeStart = hit;
        while (schemeStart > 0 && hit - schemeStart < 24 && isSchemeChar(c[schemeStart - 1])) {
            schemeStart--;
        }
        if (hit - schemeStart < 2) {
            return;
        }
        String scheme = new String(c, schemeStart, hit - schemeStart).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("jdbc:")) {
            scheme = scheme.substring(5);
        }
        int plus = scheme.indexOf('+');
        if (plus > 0) {
            scheme = scheme.substring(0, plus); // mongodb+srv, mysql+pymysql
        }
        if (schemes.contains(scheme) == otherSchemes) {
            return;
        }
        int userStart = hit + 3;
        int[] colonAt = userInfo(c, n, userStart, false);
        if (colonAt == null) {
            // A password written unencoded may hold what would end the authority ('?', '#', '<', '>'), as people
            // write them: read again with those as its characters, for a user that is no host name (no '.') and a
            // password whose part before the first of them is no port.
            colonAt = userInfo(c, n, userStart, true);
            if (colonAt == null || Ascii.indexOf(c, userStart, colonAt[0], '.') >= 0
                    || Ascii.allDigits(c, colonAt[0] + 1, firstUrlDelimiter(c, colonAt[0] + 1, colonAt[1]))) {
                return;
            }
        }
        int colon = colonAt[0];
        int at = colonAt[1];
        int start = colon + 1;
        int end = at;
        if (end <= start) {
            return;
        }
        String password = new String(c, start, end - start);
        String user = new String(c, userStart, colon - userStart);
        if (password.length() < 4 || password.chars().distinct().count() < 3 || Placeholders.isStandInPair(user, password)
                || user.isEmpty() && Placeholders.isStandInPassword(password)
                || password.equals(user) || Placeholders.isPlaceholder(c, start, end)
                || "{[<%:".indexOf(password.charAt(0)) >= 0) {
            return;
        }
        out.add(new Finding(id(), start, end, Confidence.MEDIUM));
    }

    /**
     * The first ':' and the last '@' of the user information from {@code from}, or null when there is no
     * {@code user:password@host} there. With {@code unencoded}, '?', '#', '<' and '>' after the ':' do not end it.
     */
    private static int[] userInfo(char[] c, int n, int from, boolean unencoded) {
        int colon = -1;
        int at = -1;
        for (int i = from; i < n && i - from < 256; i++) {
            char ch = c[i];
            if (ch == '@') {
                at = i; // the last '@' before the host: passwords may contain '@' when not encoded
            } else if (ch == ':' && colon < 0) {
                colon = i;
            } else if (unencoded && colon >= 0 && (ch == '?' || ch == '#' || ch == '<' || ch == '>')) {
                continue;
            } else if (ch == '/' || ch == '?' || ch == '#' || ch <= ' ' || ch == '"' || ch == '\'' || ch == '`'
                    || ch == '<' || ch == '>' || ch == '\\') {
                break;
            }
        }
        if (colon < 0 || at < 0 || colon > at || at + 1 >= n || !Ascii.isAlnum(c[at + 1]) && c[at + 1] != '[') {
            return null;
        }
        return new int[] {colon, at};
    }

    private static int firstUrlDelimiter(char[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (c[i] == '?' || c[i] == '#' || c[i] == '<' || c[i] == '>') {
                return i;
            }
        }
        return to;
    }

    private static boolean isSchemeChar(char ch) {
        return Ascii.isAlnum(ch) || ch == '+' || ch == '.' || ch == '-' || ch == ':';
    }
}
