package dev.airlock.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A credential recognised by what it is assigned to: {@code DB_PASSWORD=…}, {@code "api_key": "…"},
 * {@code const dbPassword = "…"}, {@code <password>…</password>}, {@code --token …}.
 *
 * <p>A template regex tried at every position is where generic scanners lose most of their time; this rule
 * instead starts at a keyword hit, walks back to the start of the identifier that contains it, then parses
 * the assignment forwards (closing quote, operator, opening quote, value) in a few dozen character steps.
 */
final class AssignmentRule implements Rule {

    /** How much a value must look like a secret before it is reported. */
    enum Strictness {
        /** Passwords are often words with digits: {@code myPassword123} is reported, {@code changeme} is not. */
        PASSWORD,
        /** Tokens and keys are long and random: letters and digits mixed, ten or more characters. */
        TOKEN,
        /** Generic words such as {@code key}: sixteen or more random characters. */
        WEAK
    }

    /** A keyword and whether it must start at a word boundary ({@code key} must, {@code password} need not). */
    record Term(String literal, boolean wordStart) {
    }

    /** Identifier words after the keyword that say the value is about the secret, not the secret itself. */
    private static final java.util.Set<String> METADATA_SUFFIXES = java.util.Set.of(
            "url", "uri", "endpoint", "path", "file", "name", "type", "expir", "ttl", "length", "len", "count",
            "limit", "size", "header", "prefix", "field", "format", "version", "timeout", "hint", "label",
            "policy", "rotation", "provider", "location", "dir", "host", "port", "user", "email", "regex",
            "pattern", "method", "mode", "scope", "kind", "text", "title", "description", "help", "enabled",
            "required", "min", "max", "reset", "strength", "valid", "generator", "factory", "manager",
            "service", "class", "id", "index", "position", "pos", "char", "separator", "delimiter", "ref", "env",
            "var", "property", "prop", "param", "attribute", "attr", "column", "col", "mgr");

    private final String id;
    private final String description;
    private final String example;
    private final List<Keyword> keywords;
    private final List<Term> terms;
    private final Strictness strictness;
    private final CharClass valueClass;
    private final int valueMin;
    private final int valueMax;
    private final int priority;
    private final Confidence confidence;
    /** Names that belong to a rule knowing their exact format; this rule stays silent on them. */
    private final List<String> ceded;
    private final boolean exclusive;

    AssignmentRule(String id, String description, String example, List<Term> terms, Strictness strictness,
                   CharClass valueClass, int valueMin, int valueMax, int priority, Confidence confidence) {
        this(id, description, example, terms, strictness, valueClass, valueMin, valueMax, priority, confidence,
                List.of(), false);
    }

    /**
     * @param ceded     names this rule leaves to exclusive rules
     * @param exclusive this rule alone judges values assigned to its keywords
     */
    AssignmentRule(String id, String description, String example, List<Term> terms, Strictness strictness,
                   CharClass valueClass, int valueMin, int valueMax, int priority, Confidence confidence,
                   List<String> ceded, boolean exclusive) {
        this.id = id;
        this.description = description;
        this.example = example;
        this.terms = List.copyOf(terms);
        this.strictness = strictness;
        this.valueClass = valueClass;
        this.valueMin = valueMin;
        this.valueMax = valueMax;
        this.priority = priority;
        this.confidence = confidence;
        this.ceded = List.copyOf(ceded);
        this.exclusive = exclusive;
        List<Keyword> ks = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            ks.add(new Keyword(terms.get(i).literal(), true, this, i));
        }
        this.keywords = List.copyOf(ks);
    }




    @Override
    public RuleInfo info() {
        return new RuleInfo(id, description, example);
    }

    @Override
    public List<Keyword> keywords() {
        return keywords;
    }

    @Override
    public int priority() {
        return priority;
    }

    List<Term> terms() {
        return terms;
    }

    Strictness strictness() {
        return strictness;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int kwEnd = hit + keyword.literal().length();
        Term term = terms.get(keyword.variant());
        if (!keywordStandsAlone(c, n, hit, kwEnd, term)) {
            return;
        }
        int identStart = hit;
        while (identStart > 0 && hit - identStart < 64 && isIdent(c[identStart - 1])) {
            identStart--;
        }
        int identEnd = kwEnd;
        // In ${NAME-default} the name ends at the dash: shell variable names have none.
        boolean shellVariable = identStart >= 2 && c[identStart - 1] == '{' && c[identStart - 2] == '$';
        while (identEnd < n && identEnd - kwEnd < 64 && isIdent(c[identEnd])
                && !(shellVariable && c[identEnd] == '-')) {
            identEnd++;
        }
        Assignment a = Assignment.parse(text, identStart, identEnd);
        boolean glued = false;
        if (a == null && valueClass == null) {
            a = glued(c, kwEnd, identEnd);
            glued = a != null;
        }
        if (a == null || a.spaceOnly() && !spaceSeparatedNameCounts(c, hit, kwEnd, identStart, identEnd, a.quoted())
                && (glued || !BareTokenOutputRule.isGeneratedToken(c, a.start(), a.end()))) {
            return; // prose ("pass the key to …") unless what follows the word is plainly a generated token
        }
        // The value's own checks first: they reject almost every hit without allocating; the checks on the
        // name, which build strings, run only for values that look like secrets.
        Confidence found = valueClass != null ? fixedFormat(c, a)
                : Values.looksLikeSecret(c, n, a, strictness) ? confidence : null;
        if (found == null || !nameIsCredential(c, identStart, identEnd, hit, kwEnd, glued)
                || valueEchoesName(c, a, identStart, identEnd, hit, kwEnd)) {
            return;
        }
        out.add(new Finding(id, a.start(), a.quoted() || glued ? a.end() : Assignment.tokenEnd(c, n, a.end()), found));
    }

    /**
     * @param glued the value is glued to the name ({@code vendor-SECRET-abc123…}): the words after the keyword
     *              are the value's, so only metadata words among them ({@code KEY_TYPE_…}) speak against it
     */
    private boolean nameIsCredential(char[] c, int identStart, int identEnd, int hit, int kwEnd, boolean glued) {
        return !describesTheSecret(c, kwEnd, identEnd) && !isPublic(c, identStart, identEnd)
                && !isCeded(c, identStart, identEnd) && !isTypeName(c, c.length, identStart, identEnd)
                && (valueClass != null || !qualifiedAway(c, identStart, hit)
                        && (glued || !namesSomethingElse(c, kwEnd, identEnd)));
    }

    /**
     * {@code AWS::ApiGateway::ApiKey}: a type in a namespace; {@code arn:aws:secretsmanager:…:secret:Name}: a
     * segment of a resource name. Neither is a variable.
     */
    private static boolean isTypeName(char[] c, int n, int identStart, int identEnd) {
        if (identStart < 2 || c[identStart - 1] != ':') {
            return false; // :password => … is a Ruby symbol, a name all the same
        }
        return c[identStart - 2] == ':' || Ascii.isAlnum(c[identStart - 2]) && identEnd < n && c[identEnd] == ':'
                && !startsLine(c, identStart); // grep -n's 12:password: is a line number before a name
    }

    /** What may follow {@code secret} in one word and keep it a credential's name ({@code secretkey}). */
    private static final String[] SECRET_TAILS = {"key", "token"};

    /** Words that may precede {@code token} in one word of one case ({@code authtoken}, {@code ACCESSTOKEN}). */
    private static final String[] TOKEN_HEADS = {"auth", "access", "api", "app", "refresh", "session", "bearer",
        "secret", "security", "client", "bot", "oauth", "personal", "deploy", "admin", "webhook"};

    /**
     * Words that may precede {@code key} in one word of one case ({@code masterkey}, {@code signingkey}); not
     * {@code app} or {@code client}, whose keys are often public identifiers.
     */
    private static final String[] KEY_HEADS = {"secret", "master", "signing", "encryption", "session", "deploy",
        "admin", "security"};

    /**
     * Words that may precede {@code pass} in one word of one case ({@code dbpass}, {@code ROOTPASS}, Redis's
     * {@code requirepass}); never a word that ends in "pass" itself ({@code bypass}, {@code compass}).
     */
    private static final String[] PASS_HEADS = {"db", "root", "admin", "user", "smtp", "mail", "ftp", "sftp", "sudo",
        "become", "ssh", "sql", "mysql", "pg", "redis", "require", "master", "vnc", "wifi", "ldap", "bind", "proxy",
        "login", "service", "svc", "my"};

    /** Words that may follow the keyword in the name of a credential ({@code secretKey}, {@code tokenValue}). */
    private static final java.util.Set<String> CREDENTIAL_WORDS = java.util.Set.of(
            "key", "keys", "secret", "token", "password", "passwd", "pwd", "pass", "passphrase", "word", "phrase",
            "auth", "credential", "credentials", "access", "private", "api", "value", "string", "str", "bytes", "b64",
            "base64", "hex", "raw", "plain", "plaintext", "cleartext", "enc", "encrypted", "data", "hash");

    /**
     * A camelCase word after the keyword that is not about credentials makes the name about something else:
     * {@code KeyValueStore}, {@code AccessPoint}, {@code passZero}; and a lowercase word after a short keyword
     * does too ({@code pass_zero}). SCREAMING_SNAKE qualifiers ({@code DB_PASS_PROD}) are kept: environment
     * variables put them there.
     */
    private static boolean namesSomethingElse(char[] c, int kwEnd, int identEnd) {
        int i = kwEnd;
        boolean member = i < identEnd && c[i] == '.';
        boolean snake = i < identEnd && (c[i] == '_' || c[i] == '-');
        if (snake || member) {
            i++;
        }
        if (i >= identEnd || !Ascii.isLetter(c[i])) {
            return false;
        }
        if (member && Identifiers.isEqualsMethod(c, i, identEnd)) {
            return false; // token.equals("…") compares the credential itself with a literal
        }
        // Token.Prompt: an attribute of something named after the keyword.
        boolean camel = member || !snake && Ascii.isUpper(c[i]) && Ascii.isLower(c[kwEnd - 1]);
        boolean lowerWord = snake && Ascii.isLower(c[i]);
        if (!camel && !lowerWord) {
            return false;
        }
        while (i < identEnd && Ascii.isLetter(c[i])) {
            int start = i;
            i++;
            while (i < identEnd && Ascii.isLower(c[i])) {
                i++;
            }
            String word = new String(c, start, i - start).toLowerCase(Locale.ROOT);
            if (!CREDENTIAL_WORDS.contains(word)) {
                return true;
            }
            if (lowerWord) {
                break; // snake_case: only the first word after the keyword decides
            }
        }
        return false;
    }

    /** Whether this rule reads {@code name} as naming a credential; depends on the name only, so callers cache it. */
    boolean acceptsName(char[] name) {
        char[] c = name;
        int n = c.length;
        for (int v = 0; v < terms.size(); v++) {
            Keyword k = keywords.get(v);
            for (int hit = 0; hit + k.literal().length() <= n; hit++) {
                if (!k.matchesAt(c, n, hit)) {
                    continue;
                }
                int kwEnd = hit + k.literal().length();
                if (keywordStandsAlone(c, n, hit, kwEnd, terms.get(v)) && nameIsCredential(c, 0, n, hit, kwEnd, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The whole value judged as the secret of a name this rule accepts (a JSON member, a form field): the value is a
     * literal string, so only the name and the value's own shape decide.
     */
    Finding judgeValue(char[] name, char[] value) {
        Assignment a = new Assignment(0, value.length, true, false, false, false);
        Confidence found = valueClass != null ? fixedFormat(value, a)
                : Values.looksLikeSecret(value, value.length, a, strictness) ? confidence : null;
        if (found != null && !new String(value).equalsIgnoreCase(new String(name))) {
            return new Finding(id, 0, value.length, found);
        }
        return null;
    }

    private static boolean keywordStandsAlone(char[] c, int n, int hit, int kwEnd, Term term) {
        // "tokens", "passwords", "keyboard": a lowercase letter right after the keyword continues a word, unless
        // the keyword is "secret" and that word names what kind ("secretkey", "secrettoken").
        if (kwEnd < n && Ascii.isLower(c[kwEnd]) && !Ascii.isUpper(c[kwEnd - 1])
                && !(term.literal().equals("secret") && oneOf(c, kwEnd, lowerRunEnd(c, n, kwEnd), SECRET_TAILS))) {
            return false;
        }
        // HASH_PASSWORDS, KEYS: a plural names a collection, not one secret.
        if (kwEnd < n && (c[kwEnd] == 'S' || c[kwEnd] == 's') && (kwEnd + 1 >= n || !Ascii.isLetter(c[kwEnd + 1]))) {
            return false;
        }
        if (term.wordStart() && hit > 0) {
            char before = c[hit - 1];
            boolean camelHump = Ascii.isLower(before) && Ascii.isUpper(c[hit]);
            return !Ascii.isLetter(before) || camelHump || compoundHead(c, hit, term.literal());
        }
        return true;
    }

    /** The end of the lowercase run from {@code from}, read at most 32 characters far (past any word of ours). */
    private static int lowerRunEnd(char[] c, int n, int from) {
        int end = from;
        while (end < n && Ascii.isLower(c[end]) && end - from < 32) {
            end++;
        }
        return end;
    }

    /** Whether {@code c[from, to)} is one of {@code words} (lowercase), ignoring ASCII case; allocates nothing. */
    private static boolean oneOf(char[] c, int from, int to, String[] words) {
        for (String w : words) {
            if (w.length() == to - from) {
                int i = 0;
                while (i < w.length() && (c[from + i] | 0x20) == w.charAt(i)) {
                    i++;
                }
                if (i == w.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the keyword at {@code hit} ends a word that begins with a word saying what kind of credential it is
     * ({@code authtoken}, {@code accesstoken}, {@code MASTERKEY}): configuration files and {@code .env} keys write
     * them joined and in one case.
     */
    private static boolean compoundHead(char[] c, int hit, String keyword) {
        String[] heads = switch (keyword) {
            case "token" -> TOKEN_HEADS;
            case "key" -> KEY_HEADS;
            case "pass" -> PASS_HEADS;
            default -> null;
        };
        if (heads == null) {
            return false; // "passkey", "adminlogin", "appaccess": no safe reading of other joined names
        }
        boolean upper = Ascii.isUpper(c[hit]);
        int start = hit;
        while (start > 0 && (upper ? Ascii.isUpper(c[start - 1]) : Ascii.isLower(c[start - 1]))) {
            start--;
        }
        if (start == hit || start > 0 && Ascii.isLetter(c[start - 1])) {
            return false;
        }
        return oneOf(c, start, hit, heads);
    }

    /**
     * Whether a word of the name after the keyword says the value describes the secret rather than being it
     * ({@code token_url}, {@code SecretKeyFactory}, {@code passwordExpiry}). Words split at separators and at
     * camelCase humps, so {@code _idp_secret} is not {@code _id}.
     */
    private static boolean describesTheSecret(char[] c, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && !Ascii.isLetter(c[i])) {
                i++;
            }
            int start = i;
            i++;
            while (i < to && Ascii.isLetter(c[i]) && !(Ascii.isUpper(c[i]) && Ascii.isLower(c[i - 1]))) {
                i++;
            }
            if (i - start >= 2 && isMetadataWord(new String(c, start, i - start).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMetadataWord(String word) {
        return METADATA_SUFFIXES.contains(word) || word.startsWith("expir")
                || word.endsWith("s") && METADATA_SUFFIXES.contains(word.substring(0, word.length() - 1));
    }

    /**
     * A value glued to its name by a separator, as in {@code vendor-secret-3c0c39…} or
     * {@code vendorTOKEN-123e4567-…}: the rest of the "identifier" after the keyword is the value.
     */
    private static Assignment glued(char[] c, int kwEnd, int identEnd) {
        int start = kwEnd;
        while (start < identEnd && (c[start] == '-' || c[start] == '_') && start - kwEnd < 2) {
            start++;
        }
        if (start == kwEnd || identEnd - start < 16 || Ascii.indexOf(c, start, identEnd, '.') >= 0) {
            return null;
        }
        return new Assignment(start, identEnd, false, true, false, false);
    }

    /**
     * {@code name value} without an operator is a listing ({@code .netrc}: {@code password hunter2},
     * {@code --token abc…}, {@code SECRET abc…}) only when the name stands alone or is a flag or is written in
     * capitals; otherwise it is prose ({@code a password-protected SOCKS5 firewall}, {@code pass the key}).
     */
    private boolean spaceSeparatedNameCounts(char[] c, int hit, int kwEnd, int identStart, int identEnd,
                                             boolean quoted) {
        if (c[identStart] == '-' || isUpperCase(c, hit, kwEnd)) {
            return true;
        }
        if (identStart < hit && identEnd == kwEnd && (startsLine(c, identStart) || afterConfigSet(c, identStart))) {
            return true; // a joined name opening a line is a directive: Redis's requirepass, an ini's dbpass
        }
        if (kwEnd - hit <= 4) {
            return false; // pass, pwd, key, auth: ordinary words in prose
        }
        // "password hunter2" is a .netrc line only at the start of a line; mid-sentence it is prose, unless the
        // value is quoted: "connection failed for user 'app' with password '…'".
        return strictness != Strictness.PASSWORD || (identStart == hit && identEnd == kwEnd
                && (quoted || startsLine(c, identStart) || afterNetrcLogin(c, identStart)
                || afterConfigSet(c, identStart)));
    }

    /** Redis's {@code CONFIG SET requirepass …}: the directive set at run time. */
    private static boolean afterConfigSet(char[] c, int at) {
        int i = at - 1;
        while (i >= 0 && c[i] == ' ') {
            i--;
        }
        return i >= 9 && new String(c, i - 9, 10).equalsIgnoreCase("config set");
    }

    /** {@code machine host login name password value}: a .netrc entry written on one line. */
    private static boolean afterNetrcLogin(char[] c, int at) {
        int i = at - 1;
        while (i >= 0 && c[i] == ' ') {
            i--;
        }
        while (i >= 0 && c[i] > ' ') {
            i--; // the login name
        }
        while (i >= 0 && c[i] == ' ') {
            i--;
        }
        return i >= 4 && new String(c, i - 4, 5).equals("login") && (i < 5 || c[i - 5] <= ' ');
    }

    /**
     * Whether {@code at} opens a line, after blanks and after what tools put before a file's lines: a line number
     * ({@code cat -n}'s tab, an agent's file reader's {@code →}, {@code grep -n}'s colon, with the file's path
     * before it) or a diff's {@code +} or {@code -}. Agents paste those outputs as they are.
     */
    private static boolean startsLine(char[] c, int at) {
        int i = at - 1;
        while (i >= 0 && (c[i] == ' ' || c[i] == '\t')) {
            i--;
        }
        if (i < 0 || c[i] == '\n' || c[i] == '\r') {
            return true;
        }
        if ((c[i] == '+' || c[i] == '-') && blankToLineStart(c, i)) {
            return true; // a diff's added or removed line
        }
        if (c[i] == '\u2192' || c[i] == ':' || c[i] == '-') {
            i--; // the separator after a line number
        }
        int digitsEnd = i;
        while (i >= 0 && Ascii.isDigit(c[i]) && digitsEnd - i < 9) {
            i--;
        }
        if (i == digitsEnd) {
            return false;
        }
        if (blankToLineStart(c, i + 1)) {
            return true;
        }
        if (c[i] != ':' && c[i] != '-') {
            return false;
        }
        // grep's path:line: (path-line- for a context line) before the line: a file's path, without blanks or
        // colons (arn:aws:…:123456789012:secret:… is a resource name).
        int k = i - 1;
        boolean fileLike = false;
        while (k >= 0 && i - k <= 256 && c[k] != '\n' && c[k] != ' ' && c[k] != '\t' && c[k] != ':') {
            fileLike |= c[k] == '.' || c[k] == '/';
            k--;
        }
        return fileLike && i - k <= 256 && (k < 0 || c[k] == '\n');
    }

    /** Only blanks between the line's start and {@code at}. */
    private static boolean blankToLineStart(char[] c, int at) {
        int i = at - 1;
        while (i >= 0 && (c[i] == ' ' || c[i] == '\t')) {
            i--;
        }
        return i < 0 || c[i] == '\n' || c[i] == '\r';
    }

    /** {@code passphrase = "passphrase"}, {@code TOKEN_ENV = "token_env"}: the value repeats the name. */
    private static boolean valueEchoesName(char[] c, Assignment a, int identStart, int identEnd, int hit, int kwEnd) {
        String value = new String(c, a.start(), a.end() - a.start());
        String ident = new String(c, identStart, identEnd - identStart);
        String keyword = new String(c, hit, kwEnd - hit);
        return value.equalsIgnoreCase(ident) || value.equalsIgnoreCase(keyword)
                || value.replace("_", "").equalsIgnoreCase(ident.replace("_", ""))
                || value.endsWith("." + ident); // X = module.X: an alias
    }


    private static boolean isUpperCase(char[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Ascii.isLower(c[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code AWS_SECRET_ACCESS_KEY} names a value of exactly 40 base64 characters: when that rule rejects a
     * value, a generic guess must not report it anyway.
     */
    private boolean isCeded(char[] c, int from, int to) {
        if (ceded.isEmpty()) {
            return false;
        }
        String ident = new String(c, from, to - from).toLowerCase(Locale.ROOT).replace("-", "_");
        for (String name : ceded) {
            if (ident.contains(name)) {
                return true;
            }
        }
        return false;
    }

    boolean exclusive() {
        return exclusive;
    }

    /** Lower-case keywords of this rule, for generic rules to cede. */
    List<String> literals() {
        return terms.stream().map(t -> t.literal().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Words that, right before the keyword, make the name about something other than a credential:
     * {@code prompt_cache_key}, {@code idempotencyKey}, {@code next_page_token}, {@code pad_token}.
     */
    private static final java.util.Set<String> NOT_CREDENTIAL_QUALIFIERS = java.util.Set.of(
            "cache", "idempotency", "partition", "sort", "primary", "foreign", "row", "hash", "range", "map", "lookup",
            "object", "dedup", "dedupe", "deduplication", "routing", "shard", "cluster", "group", "index", "sequence",
            "query", "cursor", "page", "pagination", "continuation", "sync", "cancel", "cancellation", "resume", "next",
            "prev", "previous", "nonce", "form", "translation", "i18n", "message", "label", "locale", "hot", "pad",
            "eos", "bos", "unk", "mask", "sep", "cls", "stop", "special", "start", "end", "natural", "composite",
            "unique", "s3", "bucket", "file", "blob", "registry", "trace", "span", "correlation", "request", "content",
            "etag", "change", "verification", "lock", "purchase");

    /** The word right before the keyword in the identifier, lower-cased ({@code prompt_cache_key} → cache). */
    private static boolean qualifiedAway(char[] c, int identStart, int hit) {
        int end = hit;
        while (end > identStart && (c[end - 1] == '_' || c[end - 1] == '-' || c[end - 1] == '.')) {
            end--;
        }
        int start = end;
        boolean camel = end < hit || !Ascii.isUpper(c[hit]);
        while (start > identStart && Ascii.isAlnum(c[start - 1])) {
            start--;
            if (!camel && Ascii.isUpper(c[start]) && start < end - 1) {
                break; // idempotencyKey: the hump ends the word
            }
        }
        if (start == end) {
            return false;
        }
        return NOT_CREDENTIAL_QUALIFIERS.contains(new String(c, start, end - start).toLowerCase(Locale.ROOT));
    }

    /** {@code DOTENV_PUBLIC_KEY}, {@code publishableKey}, {@code csrf_token}: not a credential by name. */
    private static boolean isPublic(char[] c, int from, int to) {
        String ident = new String(c, from, to - from).toLowerCase(Locale.ROOT);
        return ident.contains("public") || ident.contains("publishable") || ident.contains("csrf")
                || ident.contains("xsrf") || ident.contains("authenticity");
    }

    static boolean isIdent(char c) {
        return Ascii.isAlnum(c) || c == '_' || c == '-' || c == '.';
    }

    /**
     * A value under a name with a fixed format: the exact alphabet and length. Filler or a low-entropy value of
     * the right shape ({@code aaaa…}, {@code cafebabe:deadbeef}) is a stub or a shape test: reported with low
     * confidence, like vendor shapes.
     */
    private Confidence fixedFormat(char[] c, Assignment a) {
        int start = a.start();
        int end = a.end();
        int len = end - start;
        if (len < valueMin || len > valueMax) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (!valueClass.contains(c[i])) {
                return null;
            }
        }
        if (Placeholders.isTemplate(c, start, end)) {
            return null;
        }
        boolean filler = Placeholders.isRepetitive(c, start, end) || !Entropy.atLeast(c, start, end, 3.0);
        return filler ? Confidence.LOW : confidence;
    }
}
