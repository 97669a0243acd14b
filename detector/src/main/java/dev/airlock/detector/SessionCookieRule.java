package dev.airlock.detector;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A session cookie in a {@code Cookie:} or {@code Set-Cookie:} header, as {@code curl -v}, browser devtools and HAR
 * files show them: whoever holds the value is logged in. Only cookies whose name says they carry the session or an
 * authentication token count, and only random-looking values; CSRF tokens and preferences do not.
 */
final class SessionCookieRule extends SingleKeywordRule {

    private static final int MAX_LINE = 8192;
    private static final int MIN_VALUE = 16;
    /** Names whose whole value is the session, in any case. */
    private static final Set<String> SESSION_NAMES = Set.of("sid", "sessionid", "session", "session_id",
            "jsessionid", "phpsessid", "asp.net_sessionid", "connect.sid", "laravel_session", "_session_id",
            "__session", "auth_token", "access_token", "session_token", "__secure-next-auth.session-token",
            "next-auth.session-token", "remember_token", "_gh_sess", "user_session");

    SessionCookieRule() {
        super(new RuleInfo("http-session-cookie", "Session cookie in a Cookie or Set-Cookie header",
                "Cookie: theme=dark; sessionid=<b62:32>"), "cookie:", true);
    }

    @Override
    public int priority() {
        return 2;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        if (hit < text.coveredTo(this) || !startsWord(c, hit)) {
            return; // inside a header read already; mycookie: the name of something else (set-cookie: has a dash)
        }
        int end = hit;
        while (end < n && end - hit < MAX_LINE && c[end] != '\n' && c[end] != '\r' && c[end] != '"'
                && c[end] != '\'') {
            end++;
        }
        text.cover(this, end);
        int i = hit + keyword.literal().length();
        while (i < end) {
            while (i < end && (c[i] == ' ' || c[i] == '\t' || c[i] == ';')) {
                i++;
            }
            int nameStart = i;
            while (i < end && c[i] != '=' && c[i] != ';') {
                i++;
            }
            if (i >= end || c[i] != '=') {
                continue; // a flag such as HttpOnly
            }
            String name = new String(c, nameStart, i - nameStart).strip().toLowerCase(Locale.ROOT);
            int valueStart = ++i;
            while (i < end && c[i] != ';' && c[i] != ' ' && c[i] != '\t') {
                i++;
            }
            if (SESSION_NAMES.contains(name) && i - valueStart >= MIN_VALUE && random(c, valueStart, i)) {
                out.add(new Finding(id(), valueStart, i, Confidence.MEDIUM));
            }
        }
    }

    /** Letters and digits mixed with enough entropy: not a word, a number, a date or a repeated filler. */
    private static boolean random(char[] c, int start, int end) {
        return Ascii.hasLetterAndDigit(c, start, end) && Entropy.atLeast(c, start, end, 3.0);
    }
}
