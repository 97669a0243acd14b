package dev.airlock.detector;

import java.util.List;

/**
 * A line of PostgreSQL's password file ({@code ~/.pgpass}, or the file {@code PGPASSFILE} names):
 * {@code hostname:port:database:username:password}, any of the first four a {@code *}, a {@code :} or {@code \}
 * inside a field escaped with {@code \}. Nothing names the password, so the line's shape does: it is found at its
 * port field, the default {@code :5432:} or the wildcard {@code :*:} that nearly every such line has, and the
 * fields before and after must be a host, a database and a user name, with the password running to the line's end.
 */
final class PgpassLineRule extends HandWrittenRule {

    private static final int MAX_FIELD = 128;

    PgpassLineRule() {
        super(new RuleInfo("pgpass-password", "Password in a PostgreSQL password file line (host:port:db:user:password)",
                "db.example.com:5432:app:appuser:<password>"), 2);
        trigger(":5432:", false, 0);
        trigger(":*:", false, 0);
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int hostStart = hit;
        while (hostStart > 0 && hit - hostStart <= MAX_FIELD && isHostChar(c[hostStart - 1])) {
            hostStart--;
        }
        if (hostStart > 0 && c[hostStart - 1] == '\\' && c[hostStart] == 'n') {
            hostStart++; // the letter of an undecoded JSON line break, not the host's
        }
        int lineStart = hostStart;
        while (lineStart > 0 && (c[lineStart - 1] == ' ' || c[lineStart - 1] == '\t')) {
            lineStart--;
        }
        if (hostStart == hit || !opensLine(c, lineStart) || !isHost(c, hostStart, hit)) {
            return; // the host opens its line: a field in the middle of something else is not a pgpass line
        }
        int database = hit + keyword.literal().length();
        int user = fieldEnd(c, n, database) + 1;
        if (user == 0 || user >= n) {
            return;
        }
        int password = fieldEnd(c, n, user) + 1;
        if (password == 0) {
            return;
        }
        int end = password;
        while (end < n && !endsLine(c, n, end) && end - password <= MAX_FIELD) {
            if (c[end] == ' ' || c[end] == '\t') {
                return; // prose or a log line, not a password field
            }
            end++;
        }
        if (end - password < 4 || end - password > MAX_FIELD || !looksLikePassword(c, password, end)) {
            return;
        }
        out.add(new Finding(id(), password, end, Confidence.MEDIUM));
    }

    /** At the start of the text or after a line break, also one of JSON text not yet decoded. */
    private static boolean opensLine(char[] c, int at) {
        return at == 0 || c[at - 1] == '\n' || at >= 2 && c[at - 2] == '\\' && c[at - 1] == 'n';
    }

    /** A line break, the closing quote of a string holding the file, or an undecoded JSON escape for one. */
    private static boolean endsLine(char[] c, int n, int at) {
        char ch = c[at];
        return ch == '\n' || ch == '\r' || ch == '"' || ch == '\\' && at + 1 < n && (c[at + 1] == 'n' || c[at + 1] == 'r');
    }

    /** The ':' ending the database or user field from {@code from}: a name or {@code *}, escapes allowed; else -1. */
    private static int fieldEnd(char[] c, int n, int from) {
        int i = from;
        while (i < n && i - from <= MAX_FIELD) {
            char ch = c[i];
            if (ch == ':') {
                return i > from ? i : -1;
            }
            if (ch == '\\' && i + 1 < n && (c[i + 1] == ':' || c[i + 1] == '\\')) {
                i += 2;
            } else if (Ascii.isAlnum(ch) || "_.$@*-".indexOf(ch) >= 0) {
                i++;
            } else {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isHostChar(char ch) {
        return Ascii.isAlnum(ch) || ch == '.' || ch == '-' || ch == '*' || ch == '_';
    }

    /** A host name or address, or {@code *}: a letter or a dot in it (not a number or a time's field). */
    private static boolean isHost(char[] c, int start, int end) {
        if (end - start == 1 && c[start] == '*') {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (Ascii.isLetter(c[i]) || c[i] == '.') {
                return true;
            }
        }
        return false;
    }

    /** Not a word, not a stand-in ({@code password}, {@code changeme}) or a placeholder. */
    private static boolean looksLikePassword(char[] c, int start, int end) {
        return !Ascii.allLower(c, start, end) && !Placeholders.isStandInPassword(new String(c, start, end - start))
                && !Placeholders.isPlaceholder(c, start, end);
    }
}
