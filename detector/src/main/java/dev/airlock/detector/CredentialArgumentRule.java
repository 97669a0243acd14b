package dev.airlock.detector;

import java.util.List;

/**
 * A password or signing key written as a literal argument of a call whose signature says what that argument is:
 * {@code mysqli_connect("db", "app", "…")}, {@code DriverManager.getConnection(url, "app", "…")},
 * {@code jwt.sign(payload, "…")}, {@code crypto.createHmac("sha256", "…")}. No name stands next to such a value,
 * so no assignment rule can see it; the call's position does. Arguments are read quote- and nesting-aware, so
 * commas inside a DSN or a nested call do not shift the count, and the argument must be the literal alone
 * (optionally converted to bytes): {@code "…" + suffix} is an expression, not a hardcoded value.
 */
final class CredentialArgumentRule extends HandWrittenRule {

    /** How far after the call's '(' the arguments are read: a call spread over a few lines. */
    private static final int MAX_CALL = 1024;
    private static final int MAX_VALUE = 256;

    private enum Kind { PASSWORD, SIGNING_KEY }

    /** A call and which of its arguments (from 0) holds the credential. */
    private record Call(String literal, int argument, Kind kind) {
    }

    private static final List<Call> CALLS = List.of(
            // Database clients: host or DSN, user, password.
            new Call("mysqli_connect(", 2, Kind.PASSWORD), new Call("mysql_connect(", 2, Kind.PASSWORD),
            new Call("mysql_pconnect(", 2, Kind.PASSWORD), new Call("new mysqli(", 2, Kind.PASSWORD),
            new Call("mysqli_real_connect(", 3, Kind.PASSWORD), new Call("new PDO(", 2, Kind.PASSWORD),
            new Call("DriverManager.getConnection(", 2, Kind.PASSWORD), new Call("new Sequelize(", 2, Kind.PASSWORD),
            new Call("pymysql.connect(", 2, Kind.PASSWORD), new Call("MySQLdb.connect(", 2, Kind.PASSWORD),
            // PHP's FTP, SSH, LDAP and IMAP logins: connection, user, password.
            new Call("ftp_login(", 2, Kind.PASSWORD), new Call("ssh2_auth_password(", 2, Kind.PASSWORD),
            new Call("ldap_bind(", 2, Kind.PASSWORD), new Call("imap_open(", 2, Kind.PASSWORD),
            // User and password: OkHttp, Apache HttpClient, java.net, and Python's smtplib/ftplib/imaplib logins.
            new Call("Credentials.basic(", 1, Kind.PASSWORD),
            new Call("new UsernamePasswordCredentials(", 1, Kind.PASSWORD),
            new Call("new PasswordAuthentication(", 1, Kind.PASSWORD), new Call(".login(", 1, Kind.PASSWORD),
            // JWT and HMAC signing keys.
            new Call("jwt.sign(", 1, Kind.SIGNING_KEY), new Call("jwt.verify(", 1, Kind.SIGNING_KEY),
            new Call("jwt.encode(", 1, Kind.SIGNING_KEY), new Call("jwt.decode(", 1, Kind.SIGNING_KEY),
            new Call("JWT.encode(", 1, Kind.SIGNING_KEY), new Call("JWT.decode(", 1, Kind.SIGNING_KEY),
            new Call("Algorithm.HMAC256(", 0, Kind.SIGNING_KEY), new Call("Algorithm.HMAC384(", 0, Kind.SIGNING_KEY),
            new Call("Algorithm.HMAC512(", 0, Kind.SIGNING_KEY), new Call("signWith(", 1, Kind.SIGNING_KEY),
            new Call("Keys.hmacShaKeyFor(", 0, Kind.SIGNING_KEY), new Call("SignedString(", 0, Kind.SIGNING_KEY),
            new Call("new SymmetricSecurityKey(", 0, Kind.SIGNING_KEY), new Call("createHmac(", 1, Kind.SIGNING_KEY),
            new Call("hmac.new(", 0, Kind.SIGNING_KEY), new Call("HMAC.new(", 0, Kind.SIGNING_KEY),
            new Call("new SecretKeySpec(", 0, Kind.SIGNING_KEY), new Call("Fernet(", 0, Kind.SIGNING_KEY));

    /** Conversions of a literal to bytes or characters around it: {@code []byte("…")}, {@code Buffer.from("…")}. */
    private static final String[] WRAPPERS = {"[]byte(", "Buffer.from(", "bytes(", "Encoding.UTF8.GetBytes(",
        "Encoding.ASCII.GetBytes(", "Encoding.Default.GetBytes("};
    /** The same after it: {@code "…".getBytes(UTF_8)}, {@code "…".encode()}, {@code "…".as_bytes()}. */
    private static final String[] SUFFIXES = {".getBytes(", ".toCharArray(", ".encode(", ".as_bytes(", ".into(",
        ".to_vec(", ".toByteArray("};

    CredentialArgumentRule() {
        super(new RuleInfo("credential-argument",
                "Password or signing key as a literal argument of a connect, login or signing call (mysqli_connect, "
                        + "new PDO, DriverManager.getConnection, jwt.sign, createHmac, …)",
                "DriverManager.getConnection(url, \"app\", \"<password>\")"), 2);
        for (int i = 0; i < CALLS.size(); i++) {
            trigger(CALLS.get(i).literal(), false, i);
        }
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        Call call = CALLS.get(keyword.variant());
        char[] c = text.chars;
        int n = text.length;
        char first = call.literal().charAt(0);
        if (first != '.' && !SingleKeywordRule.startsWord(c, hit)) {
            return; // my_hmac.new(, notjwt.sign(
        }
        if (hit < text.coveredTo(this)) {
            return; // inside the arguments of a call read before: nested calls (hostile or odd) are read once
        }
        int from = hit + call.literal().length();
        int argStart = argumentStart(c, n, from, call.argument());
        // What was read is not read again for a keyword inside it: up to the argument, or where the reading stopped.
        text.cover(this, argStart >= 0 ? argStart : -argStart - 2);
        if (argStart < 0) {
            return;
        }
        long literal = literalArgument(c, n, argStart);
        if (literal < 0) {
            return;
        }
        int start = (int) (literal >>> 32);
        int end = (int) literal;
        if (plausible(c, start, end, call.kind())) {
            out.add(new Finding(id(), start, end, Confidence.MEDIUM));
        }
    }

    /**
     * Where argument {@code target} starts (after its blanks), reading from just after the '('; when the call closes
     * first, a string breaks off or the call is longer than {@value #MAX_CALL} characters, {@code -2 - stop} for the
     * index {@code stop} where the reading stopped.
     */
    private static int argumentStart(char[] c, int n, int from, int target) {
        int argument = 0;
        int depth = 0;
        int limit = Math.min(n, from + MAX_CALL);
        int i = from;
        while (i < limit) {
            if (argument == target && depth == 0) {
                while (i < limit && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r')) {
                    i++;
                }
                return i < limit ? i : -2 - i;
            }
            char ch = c[i];
            if (ch == '"' || ch == '\'' || ch == '`') {
                int close = closingQuote(c, limit, i);
                if (close < 0) {
                    return -2 - i;
                }
                i = close;
            } else if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                if (depth == 0) {
                    return -2 - i;
                }
                depth--;
            } else if (ch == ',' && depth == 0) {
                argument++;
            }
            i++;
        }
        return -2 - i;
    }

    /** Index of the quote closing the string opened at {@code open}, on the same line; -1 when there is none. */
    private static int closingQuote(char[] c, int limit, int open) {
        char q = c[open];
        for (int i = open + 1; i < limit; i++) {
            if (c[i] == '\\') {
                i++;
            } else if (c[i] == q) {
                return i;
            } else if (c[i] == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The string literal that is the whole argument at {@code at}, packed as start and end of its content, or -1:
     * quoted (Python's {@code b''}/{@code r''} prefixes and the byte conversions around it allowed), then the
     * argument's end.
     */
    private static long literalArgument(char[] c, int n, int at) {
        int i = at;
        boolean wrapped = false;
        for (String w : WRAPPERS) {
            if (Ascii.startsWith(c, n, i, w)) {
                i += w.length();
                wrapped = true;
                break;
            }
        }
        if (i + 1 < n && (c[i] == 'b' || c[i] == 'r' || c[i] == 'B') && (c[i + 1] == '"' || c[i + 1] == '\'')) {
            i++;
        }
        if (i >= n || c[i] != '"' && c[i] != '\'') {
            return -1;
        }
        int close = closingQuote(c, Math.min(n, i + MAX_VALUE + 2), i);
        if (close < 0) {
            return -1;
        }
        int start = i + 1;
        int end = close;
        i = close + 1;
        for (String s : SUFFIXES) {
            if (Ascii.startsWith(c, n, i, s)) {
                i = closingParenthesis(c, n, i + s.length());
                break;
            }
        }
        if (i >= 0 && wrapped) {
            i = closingParenthesis(c, n, i);
        }
        if (i < 0) {
            return -1;
        }
        while (i < n && (c[i] == ' ' || c[i] == '\t')) {
            i++;
        }
        boolean whole = i < n && (c[i] == ',' || c[i] == ')' || c[i] == '\n' || c[i] == '\r');
        return whole && end > start ? (long) start << 32 | end : -1;
    }

    /** After the ')' closing a conversion's arguments ({@code UTF_8}, nothing), or -1 for anything more. */
    private static int closingParenthesis(char[] c, int n, int from) {
        for (int i = from; i < n && i - from < 64; i++) {
            if (c[i] == ')') {
                return i + 1;
            }
            if (c[i] == '(' || c[i] == '"' || c[i] == '\'' || c[i] == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * A literal that reads as a credential: no blanks (a caption or a message), not a lowercase word, a stand-in,
     * a template, filler, a path or an e-mail address (anonymous FTP's password); a signing key also not a name in
     * snake, kebab or camel case ({@code my-secret-key}, {@code jwtSecret}) unless it has digits.
     */
    private static boolean plausible(char[] c, int start, int end, Kind kind) {
        int len = end - start;
        if (len < (kind == Kind.PASSWORD ? 4 : 8) || len > MAX_VALUE) {
            return false;
        }
        boolean plainWord = true;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch <= ' ' || ch >= 127 || ch == '\\' && i + 1 < end && c[i + 1] == 'u') {
                return false;
            }
            plainWord &= Ascii.isLower(ch);
            digit |= Ascii.isDigit(ch);
        }
        if (plainWord || Placeholders.isStandInPassword(new String(c, start, len))
                || Placeholders.isPlaceholder(c, start, end) || Identifiers.isConstantName(c, start, end)
                || Values.isReferenceOrPath(c, start, end)) {
            return false;
        }
        return kind == Kind.PASSWORD || digit
                || !Identifiers.isSnakeWords(c, start, end, 2) && !Identifiers.isCamelName(c, start, end);
    }
}
