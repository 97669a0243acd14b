package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.rule;

import dev.airlock.detector.AssignmentRule.Strictness;
import dev.airlock.detector.AssignmentRule.Term;
import java.util.List;
import java.util.Set;

/**
 * Credentials recognised by context rather than by a vendor's format: assignments to names like
 * {@code password} or {@code api_key}, HTTP authorization values, command-line flags and URLs with a
 * password in them. They run after every vendor rule has had its say (lowest priority).
 */
final class GenericRules {

    private static final String NOT_QUOTE_OR_SPACE = "[!#-&(-~]";
    private static final String NOT_QUOTE_SPACE_OR_COLON = "[!#-&(-9;-~]";
    private static final String NOT_QUOTE = "[ !#-&(-~]";
    private static final String BLANK = "[ \t\n\r]";
    /** A run of spaces and tabs between words of a command line or a statement. */
    private static final String BLANKS = "<[ \t]:1-8>";

    private GenericRules() {
    }

    /** @param ceded names whose values only an exclusive named rule may judge */
    static List<Rule> rules(List<String> ceded) {
        AssignmentRule password = new AssignmentRule("generic-password",
                "A literal password assigned in code, config, .env or YAML", "DB_PASSWORD=<password>", List.of(
                        new Term("password", false), new Term("passwd", false),
                        new Term("passphrase", false), new Term("pwd", true), new Term("pass", true),
                        new Term("masterauth", false),
                        // The word in other languages, as identifiers and prose write it in ASCII ...
                        new Term("passwort", false), new Term("wachtwoord", false), new Term("senha", true),
                        new Term("contrasena", false), new Term("mot_de_passe", false), new Term("mot de passe", false),
                        new Term("haslo", true), new Term("kennwort", false), new Term("salasana", false),
                        new Term("heslo", true), new Term("losenord", false), new Term("sifre", true),
                        new Term("passord", false), new Term("adgangskode", false), new Term("kata sandi", false),
                        // ... and in their own scripts: found only in texts that have non-ASCII characters.
                        new Term("contraseña", false), new Term("hasło", false), new Term("lösenord", false),
                        new Term("şifre", false), new Term("пароль", false), new Term("парола", false),
                        new Term("лозинка", false), new Term("密码", false), new Term("密碼", false),
                        new Term("口令", false), new Term("パスワード", false), new Term("暗証番号", false),
                        new Term("비밀번호", false), new Term("mật khẩu", false),
                        new Term("סיסמה", false), new Term("كلمة المرور", false), new Term("كلمة السر", false),
                        new Term("رمز عبور", false), new Term("รหัสผ่าน", false), new Term("पासवर्ड", false)),
                Strictness.PASSWORD, null, 0, 0, 1, Confidence.LOW, ceded, false);
        AssignmentRule secret = new AssignmentRule("generic-secret",
                "A literal secret, token or API key assigned to a name that says so", "api_key = \"<random:16+>\"",
                List.of(
                        new Term("secret", false), new Term("token", true), new Term("api_key", false),
                        new Term("api-key", false), new Term("apikey", false), new Term("access_key", false),
                        new Term("accesskey", false), new Term("auth_key", false), new Term("authkey", false),
                        new Term("private_key", false), new Term("privatekey", false),
                        new Term("credentials", false), new Term("credential", false),
                        new Term("auth", true), new Term("signing_key", false), new Term("login", true),
                        new Term("токен", false), new Term("секрет", false), new Term("密钥", false),
                        new Term("密鑰", false), new Term("秘钥", false), new Term("令牌", false),
                        new Term("トークン", false), new Term("シークレット", false), new Term("APIキー", false),
                        new Term("アクセスキー", false), new Term("秘密鍵", false), new Term("토큰", false),
                        new Term("API 키", false)),
                Strictness.TOKEN, null, 0, 0, 1, Confidence.LOW, ceded, false);
        AssignmentRule key = new AssignmentRule("generic-key",
                "A long random value assigned to a name ending in key, access or private", "service_key: <random:16+>",
                List.of(new Term("key", true), new Term("access", true), new Term("private", true),
                        new Term("ключ", false), new Term("clé", false)),
                Strictness.WEAK, null, 0, 0, 0, Confidence.LOW, ceded, false);
        return List.of(password, secret, key,
                new TerraformVariableRule(List.of(password, secret, key)),
                rule("authorization-bearer", "Bearer token in an Authorization header or command line")
                        .shapeIgnoreCase("bearer {<[A-Za-z0-9._~+/=-]:12-4096>}")
                        .entropy(3.5).priority(2).anywhere().build(),
                rule("authorization-basic", "HTTP Basic credentials (base64 of user:password)")
                        .shapeIgnoreCase("basic {<b64:8-1024><[=]:0-2>}")
                        .validator(Validators::basicAuth).priority(2).anywhere().build(),
                rule("authorization-scheme", "Credential after another scheme in an Authorization header (Token, Bot, "
                        + "ApiKey, sso-key, …) or alone in it")
                        .shapeIgnoreCase("authorization:<[ \t]:0-8><[A-Za-z-]:2-24><[ \t]:1-8>"
                                        + "{<[A-Za-z0-9._~+/=:-]:16-4096>}",
                                // A bare token, no scheme: the whole header value up to its quote or line end.
                                "authorization:<[ \t]:1-8>{<[A-Za-z0-9._~+/=:-]:16-4096>}")
                        .entropy(3.5).validator(GenericRules::otherScheme).priority(2).build(),
                new SessionCookieRule(),
                new PgpassLineRule(),
                new NextLineValueRule(),
                new BareTokenOutputRule(),
                rule("cli-password-flag", "Password given on a command line (-p'…', curl -u user:pass, psexec -p, "
                        + "mysql -p…, sshpass -p, redis-cli -a, ldapsearch -w, smbclient -U user%pass, net use, net user, "
                        + "ssh-keygen -N, mysqladmin password, gh secret set --body, ssm put-parameter SecureString, "
                        + "keytool -storepass, openssl enc -k, sqlcmd -P, zip -P, 7z -p…, "
                        + "echo … | sudo -S / --password-stdin)")
                        .shape(cliShapes())
                        .validator(GenericRules::cliPassword).priority(2).anywhere().build(),
                rule("dotnet-network-credential", "Password passed to .NET NetworkCredential")
                        .shape("NetworkCredential(\"<" + NOT_QUOTE_OR_SPACE + ":1-64>\", \"{<" + NOT_QUOTE + ":4-128>}\"",
                                "NetworkCredential(\"<" + NOT_QUOTE_OR_SPACE + ":1-64>\",\"{<" + NOT_QUOTE + ":4-128>}\"")
                        .validator(GenericRules::notStandIn).priority(2).build(),
                rule("dotnet-directory-entry", "Password passed to .NET DirectoryEntry (LDAP bind)")
                        .shape("DirectoryEntry(\"<" + NOT_QUOTE + ":1-256>\",<" + BLANK + ":0-32>\"<" + NOT_QUOTE
                                + ":1-128>\",<" + BLANK + ":0-32>\"{<" + NOT_QUOTE + ":4-128>}\"")
                        .validator(GenericRules::notStandIn).priority(2).build(),
                rule("credential-call", "Password passed with its user to a login or basic-auth call (auth=(user, "
                        + "pass), HTTPBasicAuth, SetBasicAuth, smtp.login, authenticate)")
                        .shapeIgnoreCase(credentialCallShapes())
                        .validator(GenericRules::calledPassword).priority(2).anywhere().build(),
                new CredentialArgumentRule(),
                rule("sql-identified-by", "Password set in SQL: CREATE or ALTER USER … IDENTIFIED BY '…', SET PASSWORD")
                        .shapeIgnoreCase(identifiedByShapes())
                        .validator(GenericRules::sqlUserPassword).priority(2).build(),
                rule("powershell-plaintext-password",
                        "Password given in plain text to PowerShell's ConvertTo-SecureString")
                        .shapeIgnoreCase(secureStringShapes())
                        .validator(GenericRules::notStandIn).priority(2).build(),
                new UrlCredentialRule("postgres-uri", "PostgreSQL connection URI with a password",
                        "postgres://<user>:<password>@<host>/<db>", Set.of("postgres", "postgresql"), false),
                new UrlCredentialRule("mysql-uri", "MySQL or MariaDB connection URI with a password",
                        "mysql://<user>:<password>@<host>/<db>", Set.of("mysql", "mariadb"), false),
                new UrlCredentialRule("mongodb-uri", "MongoDB connection URI with a password",
                        "mongodb+srv://<user>:<password>@<host>/", Set.of("mongodb"), false),
                new UrlCredentialRule("redis-uri", "Redis connection URI with a password",
                        "redis://<user>:<password>@<host>:6379", Set.of("redis", "rediss"), false),
                new UrlCredentialRule("amqp-uri", "AMQP (RabbitMQ) connection URI with a password",
                        "amqps://<user>:<password>@<host>/<vhost>", Set.of("amqp", "amqps"), false),
                new UrlCredentialRule("url-credentials", "Any other URL with a password in its user information",
                        "https://<user>:<password>@<host>/",
                        Set.of("postgres", "postgresql", "mysql", "mariadb", "mongodb", "redis", "rediss", "amqp",
                                "amqps"), true));
    }

    /**
     * {@code -p'…'}, {@code -p"…"}, and {@code -u user:password} / {@code --user …} / {@code --user=…} bare or quoted,
     * the flag after a space, a tab or a line break (a command continued with a backslash), and any run of blanks
     * after it.
     */
    private static String[] cliShapes() {
        List<String> shapes = new java.util.ArrayList<>(List.of(
                " -p'{<" + NOT_QUOTE_OR_SPACE + ":4-128>}'", " -p\"{<" + NOT_QUOTE_OR_SPACE + ":4-128>}\""));
        for (String flag : List.of(" -u" + BLANKS, "\t-u" + BLANKS, "\n-u" + BLANKS, "--user" + BLANKS, "--user=")) {
            for (String quote : List.of("", "'", "\"")) {
                shapes.add(flag + quote + "<" + NOT_QUOTE_SPACE_OR_COLON + ":0-64>:{<" + NOT_QUOTE_OR_SPACE + ":4-128>}"
                        + quote);
                // The shell joins user:'pass' into one word.
                shapes.add(flag + "<" + NOT_QUOTE_SPACE_OR_COLON + ":1-64>:" + quote + "{<" + NOT_QUOTE_OR_SPACE
                        + ":4-128>}" + quote);
                // An API key as the user with no password (curl -u sk_…:), as Stripe, Mailgun and others document.
                shapes.add(flag + quote + "{<" + NOT_QUOTE_SPACE_OR_COLON + ":10-128>}:" + quote + "<[ \t\n]:1>");
            }
            if (!flag.endsWith("=")) {
                shapes.add(flag + "<" + NOT_QUOTE_OR_SPACE + ":1-64>" + BLANKS + "-p" + BLANKS + "{<"
                        + NOT_QUOTE_OR_SPACE + ":4-128>}");
            }
        }
        // The MySQL and MariaDB clients take the password glued to -p (a space after -p means "ask me"). The
        // arguments before it stay within the one command: no pipe, semicolon or ampersand.
        String rest = "<[ -%'-:<-{}-~]:0-120>";
        for (String client : List.of("mysql", "mariadb", "7z a", "7z x", "7z e")) {
            // After a blank, or a quote as an item of an argument vector: subprocess.run(["mysql", "-u", "root", "-p…"]).
            shapes.add(client + rest + "<[ \"]:1>-p{<" + NOT_QUOTE_OR_SPACE + ":4-128>}");
        }
        // Oracle's clients take user/password@database as one argument, and so does its JDBC thin URL.
        for (String client : List.of("sqlplus", "expdp", "impdp", "sqlldr", "rman", "dgmgrl")) {
            shapes.add(client + rest + " <[A-Za-z0-9_$#]:1-64>/{<[!#-&(-.0-?A-~]:4-128>}@");
        }
        shapes.add("jdbc:oracle:thin:<[A-Za-z0-9_$#]:1-64>/{<[!#-&(-.0-?A-~]:4-128>}@");
        for (String quote : List.of("", "'", "\"")) {
            shapes.add("sshpass -p" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            shapes.add("redis-cli" + rest + " -a" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            shapes.add("net use" + rest + "/user:<" + NOT_QUOTE_OR_SPACE + ":1-128>" + BLANKS + quote + "{<"
                    + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            // Windows sets a local account's password with net user NAME PASSWORD [/add] (* asks for it).
            shapes.add("net user" + BLANKS + "<[!#-&(-.0-~]:1-64>" + BLANKS + quote + "{<[!#-&(-)+-.0-~]:1><"
                    + NOT_QUOTE_OR_SPACE + ":3-127>}" + quote);
            // A new key's passphrase, mysqladmin's new password, a GitHub Actions secret's value, an SSM SecureString.
            shapes.add("ssh-keygen" + rest + " -N" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            shapes.add("mysqladmin" + rest + " password" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}"
                    + quote);
            shapes.add("gh secret set" + rest + " --body" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-256>}"
                    + quote);
            shapes.add("gh secret set" + rest + " -b" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-256>}" + quote);
            shapes.add("put-parameter" + rest + " --value" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-256>}"
                    + quote);
            // OpenLDAP's clients bind with -w password (-W asks for it).
            shapes.add("ldap<[a-z]:3-10>" + rest + " -w" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}"
                    + quote);
            // Java's keytool and jarsigner, SQL Server's sqlcmd and bcp, and zip's archive password.
            for (String flag : List.of(" -storepass", " -keypass", " -srcstorepass", " -deststorepass",
                    " -srckeypass", " -destkeypass")) {
                shapes.add(flag + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            }
            // OpenSSL enc's -k (its -pass pass:… reads as an assignment to "pass" already).
            shapes.add("openssl" + rest + " -k" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            // RabbitMQ's users and Apache's htpasswd in batch mode take the password as the last argument.
            for (String command : List.of("rabbitmqctl add_user", "rabbitmqctl change_password")) {
                shapes.add(command + BLANKS + "<" + NOT_QUOTE_OR_SPACE + ":1-64>" + BLANKS + quote + "{<"
                        + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            }
            shapes.add("htpasswd" + BLANKS + "-<[a-zA-Z]:0-3>b<[a-zA-Z]:0-3>" + BLANKS + "<" + NOT_QUOTE_OR_SPACE
                    + ":1-256>" + BLANKS + "<" + NOT_QUOTE_OR_SPACE + ":1-64>" + BLANKS + quote + "{<"
                    + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            // A user:password line piped to chpasswd.
            shapes.add("echo" + BLANKS + quote + "<[!#-&(-9;-~]:1-64>:{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote
                    + "<[ \t]:0-8>|" + rest + "chpasswd");
            // A password piped into a command that reads it from standard input.
            for (String reader : List.of("--password-stdin", "sudo -S", "sudo -kS", "--with-token")) {
                shapes.add("echo" + BLANKS + "<[-ne ]:0-4>" + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote
                        + "<[ \t]:0-8>|" + rest + reader);
            }
            for (String client : List.of("sqlcmd", "bcp ", "zip ", "unzip ")) {
                shapes.add(client + rest + " -P" + BLANKS + quote + "{<" + NOT_QUOTE_OR_SPACE + ":4-128>}" + quote);
            }
            // Samba's clients take user%password.
            shapes.add("smbclient" + rest + " -U" + BLANKS + quote + "<[!#-$&(-~]:1-64>%{<" + NOT_QUOTE_OR_SPACE
                    + ":4-128>}" + quote);
        }
        return shapes.toArray(String[]::new);
    }

    /**
     * {@code IDENTIFIED BY 'secret'} (MySQL, MariaDB, Oracle) and {@code IDENTIFIED WITH plugin BY 'secret'}, quoted:
     * unquoted, "identified by" is as often prose or ASN.1 ({@code -- identified by id-PBES2}).
     */
    private static String[] identifiedByShapes() {
        List<String> shapes = new java.util.ArrayList<>();
        for (String by : List.of("identified" + BLANKS + "by" + BLANKS,
                "identified" + BLANKS + "with" + BLANKS + "<[a-z0-9_]:1-40>" + BLANKS + "by" + BLANKS)) {
            for (String quote : List.of("'", "\"")) {
                shapes.add(by + quote + "{<" + NOT_QUOTE + ":4-128>}" + quote);
            }
        }
        // MySQL's SET PASSWORD [FOR 'user'@'host'] = '…'.
        for (String quote : List.of("'", "\"")) {
            shapes.add("set" + BLANKS + "password" + BLANKS + "for" + BLANKS + "<[!-~]:1-128>" + "<[ \t]:0-8>=<[ \t]:0-8>"
                    + quote + "{<" + NOT_QUOTE + ":4-128>}" + quote);
            shapes.add("set" + BLANKS + "password<[ \t]:0-8>=<[ \t]:0-8>" + quote + "{<" + NOT_QUOTE + ":4-128>}" + quote);
        }
        return shapes.toArray(String[]::new);
    }

    /**
     * {@code auth=("user", "password")} (Python requests), {@code HTTPBasicAuth("user", "password")},
     * {@code SetBasicAuth("user", "password")} (Go) and {@code .login("user", "password")} (smtplib, ftplib, imaplib):
     * the second string is the password.
     */
    private static String[] credentialCallShapes() {
        List<String> shapes = new java.util.ArrayList<>();
        String ows = "<[ \t]:0-4>";
        for (String userQuote : List.of("'", "\"")) {
            for (String quote : List.of("'", "\"")) {
                String pair = userQuote + "<" + NOT_QUOTE + ":1-128>" + userQuote + "," + ows + quote + "{<"
                        + NOT_QUOTE + ":4-128>}" + quote + ows + ")";
                // Spelled out, not "auth" and blanks: a shape runs at every hit of its keyword, and code says
                // "auth" a lot.
                shapes.add("auth=(" + ows + pair);
                shapes.add("auth = (" + ows + pair);
                shapes.add("basicauth(" + ows + pair);
                // login("admin", "…"), ftp.login(…), client.authenticate(…), doLogin(…): the pair is what decides.
                shapes.add("login(" + ows + pair);
                shapes.add("authenticate(" + ows + pair);
            }
        }
        return shapes.toArray(String[]::new);
    }

    /** A called password is a literal that looks like one (not a label, a word or a phrase) and no stand-in. */
    private static Validator.Verdict calledPassword(char[] text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (text[k] == ' ') {
                return Validator.Verdict.REJECTED; // login("Sign in", "Welcome back"): captions
            }
        }
        return looksLikePassword(text, start, end) ? notStandIn(text, start, end) : Validator.Verdict.REJECTED;
    }

    /**
     * Basic (validated as base64 of a pair by its own rule), Bearer (its own rule) and Digest (parameters, not a
     * credential) are judged elsewhere.
     */
    private static Validator.Verdict otherScheme(char[] text, int start, int end) {
        int schemeEnd = start;
        while (schemeEnd > 0 && (text[schemeEnd - 1] == ' ' || text[schemeEnd - 1] == '\t')) {
            schemeEnd--;
        }
        int schemeStart = schemeEnd;
        while (schemeStart > 0 && (Ascii.isLetter(text[schemeStart - 1]) || text[schemeStart - 1] == '-')) {
            schemeStart--;
        }
        String scheme = new String(text, schemeStart, schemeEnd - schemeStart).toLowerCase(java.util.Locale.ROOT);
        if (scheme.isEmpty() && (authParamFollows(text, end) || Ascii.allLetters(text, start, end))) {
            // A bare value, but not a long scheme name before its parameters (AWS4-HMAC-SHA256 Credential=…) and not
            // words ("Authorization: RequiredOnEveryCall" in a document): tokens have digits or symbols.
            return Validator.Verdict.REJECTED;
        }
        return scheme.equals("basic") || scheme.equals("bearer") || scheme.equals("digest")
                ? Validator.Verdict.REJECTED : notStandIn(text, start, end);
    }

    /** Blanks then {@code name=}: the auth-params of a scheme (RFC 9110 §11.4), so what came before was its name. */
    private static boolean authParamFollows(char[] text, int end) {
        int k = end;
        while (k < text.length && (text[k] == ' ' || text[k] == '\t')) {
            k++;
        }
        if (k == end) {
            return false;
        }
        int name = k;
        while (k < text.length && (Ascii.isAlnum(text[k]) || text[k] == '-' || text[k] == '_')) {
            k++;
        }
        return k > name && k < text.length && text[k] == '=';
    }

    /** {@code IDENTIFIED BY '…'} only counts in a statement about a user or a role, or in MySQL's SET PASSWORD. */
    private static Validator.Verdict sqlUserPassword(char[] text, int start, int end) {
        String statement = commandLine(text, start);
        return statement.contains("user") || statement.contains("role") || statement.contains("set password")
                ? notStandIn(text, start, end) : Validator.Verdict.REJECTED;
    }

    /**
     * {@code ConvertTo-SecureString "…" -AsPlainText}, with either quote, with or without {@code -String}, with
     * {@code -AsPlainText} (and {@code -Force}) before or after the string, and any run of blanks between.
     */
    private static String[] secureStringShapes() {
        List<String> shapes = new java.util.ArrayList<>();
        for (String flag : List.of("", "-string" + BLANKS)) {
            for (String quote : List.of("\"", "'")) {
                String string = flag + quote + "{<" + NOT_QUOTE + ":4-128>}" + quote;
                shapes.add("convertto-securestring" + BLANKS + string + BLANKS + "-asplaintext");
                shapes.add("convertto-securestring" + BLANKS + "-asplaintext" + BLANKS + string);
                shapes.add("convertto-securestring" + BLANKS + "-asplaintext" + BLANKS + "-force" + BLANKS + string);
            }
        }
        return shapes.toArray(String[]::new);
    }

    /**
     * Which command a password on a command line was given to decides whether it is one. {@code -u user:password} is
     * curl's (Docker's {@code --user www-data:www-data} is a user and a group); {@code -u user -p password} with a
     * space is psexec's, a registry {@code login}'s, MongoDB's or sshpass's, while {@code -p 8080:80} is Docker's port
     * and a bare {@code -p} in a MySQL command asks for the password (the next word is the database). The command is
     * read on the logical line, across lines continued with a backslash. Stand-ins are never passwords.
     */
    private static Validator.Verdict cliPassword(char[] text, int start, int end) {
        if (end < text.length && text[end] == ':') { // curl -u key: — the user is the credential
            boolean random = looksLikePassword(text, start, end) && Entropy.atLeast(text, start, end, 3.0)
                    && !Identifiers.isSnakeWords(text, start, end, 2);
            return random && commandLine(text, start).contains("curl") ? notStandIn(text, start, end)
                    : Validator.Verdict.REJECTED;
        }
        int i = start - 1;
        if (i >= 0 && (text[i] == '\'' || text[i] == '"')) {
            i--;
        }
        if (i >= 0 && text[i] == ':' && i > 0 && text[i - 1] != '/') { // -u user:password (not net use /user:)
            int user = i;
            while (user > 0 && !isBlankOrQuote(text[user - 1]) && text[user - 1] != '=') {
                user--;
            }
            boolean sameAsUser = java.util.Arrays.equals(text, user, i, text, start, end);
            if (sameAsUser || !commandLine(text, i).contains("curl") && !restOfLine(text, end).contains("chpasswd")) {
                return Validator.Verdict.REJECTED;
            }
        }
        int flag = i;
        while (flag >= 0 && (text[flag] == ' ' || text[flag] == '\t')) {
            flag--;
        }
        if (flag < i && endsWithIgnoreCase(text, flag + 1, "--value")
                && !(commandLine(text, flag) + restOfLine(text, end)).contains("securestring")) {
            return Validator.Verdict.REJECTED; // an SSM parameter of type String is configuration, not a secret
        }
        if (flag < i && endsWithIgnoreCase(text, flag + 1, "pass") && !looksLikePassword(text, start, end)) {
            return Validator.Verdict.REJECTED; // keytool's documentation: "-srckeypass must not be specified"
        }
        if (flag < i && flag >= 1 && text[flag] == 'p' && text[flag - 1] == '-') { // -p password, spaced
            String command = commandLine(text, flag);
            if (command.contains("mysql") || command.contains("mariadb")
                    || !(command.contains("psexec") || command.contains("paexec") || command.contains("login")
                            || command.contains("mongo") || command.contains("sshpass"))) {
                return Validator.Verdict.REJECTED;
            }
        }
        return notStandIn(text, start, end);
    }

    private static boolean endsWithIgnoreCase(char[] text, int end, String suffix) {
        int from = end - suffix.length();
        if (from < 0) {
            return false;
        }
        for (int k = 0; k < suffix.length(); k++) {
            if (Ascii.lower(text[from + k]) != suffix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Not a word of prose: a digit, a capital or a symbol in it, and no unicode escape of a translated word. */
    private static boolean looksLikePassword(char[] text, int start, int end) {
        if (end - start > 1 && ",.;:".indexOf(text[end - 1]) >= 0) {
            return false;
        }
        boolean plainWord = true;
        for (int k = start; k < end; k++) {
            if (text[k] == '\\' && k + 1 < end && text[k + 1] == 'u') {
                return false;
            }
            plainWord &= Ascii.isLower(text[k]);
        }
        return !plainWord;
    }

    private static boolean isBlankOrQuote(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '"';
    }

    private static final int MAX_COMMAND = 1024;

    /** The line from {@code from} on, lowercased: to a line break or the NUL after the scanned text. */
    private static String restOfLine(char[] text, int from) {
        int to = from;
        while (to < text.length && text[to] != '\n' && text[to] != '\0' && to - from < 256) {
            to++;
        }
        return new String(text, from, to - from).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The logical line up to {@code at}, lowercased: back to a line break not escaped by a backslash, at most
     * {@link #MAX_COMMAND} characters (a line of repeated flags would otherwise be read once per flag).
     */
    private static String commandLine(char[] text, int at) {
        int from = at;
        while (from > 0 && at - from < MAX_COMMAND
                && !(text[from - 1] == '\n' && (from < 2 || text[from - 2] != '\\'))) {
            from--;
        }
        return new String(text, from, at - from).toLowerCase(java.util.Locale.ROOT);
    }

    private static Validator.Verdict notStandIn(char[] text, int start, int end) {
        return Placeholders.isStandInPassword(new String(text, start, end - start))
                ? Validator.Verdict.REJECTED : Validator.Verdict.PLAUSIBLE;
    }
}
