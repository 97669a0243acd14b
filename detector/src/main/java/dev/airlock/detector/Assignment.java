package dev.airlock.detector;

/**
 * The value side of {@code identifier <operator> value}, parsed forwards from the end of the identifier.
 *
 * @param start  first character of the value (inside quotes when quoted)
 * @param end    one past the value's last character
 * @param quoted the value was between quotes: a literal, not an identifier or expression
 * @param spaceOnly no operator, only whitespace between name and value ({@code SECRET abc123…})
 * @param tight  {@code NAME=value} with nothing around the '=': the .env, ini, connection-string and
 *               command-line form, where an unquoted value is a literal rather than an identifier
 * @param positional name and value are two arguments of a call ({@code put("password", "…")}): weaker evidence
 *                   than an assignment, since calls pass names and labels too
 */
record Assignment(int start, int end, boolean quoted, boolean spaceOnly, boolean tight, boolean positional) {

    static final int MAX_VALUE = 1024;

    static Assignment parse(ScanText text, int identStart, int identEnd) {
        char[] c = text.chars;
        int n = text.length;
        int j = identEnd;
        // Text that still carries a layer of escaping (a JSON or PHP string pasted raw) writes \" for ".
        if (j + 1 < n && c[j] == '\\' && isQuote(c[j + 1])) {
            j++;
        }
        boolean keyQuoted = j < n && isQuote(c[j]);
        if (keyQuoted) {
            j++;
        } else if (htmlQuote(c, n, j) > 0) {
            keyQuoted = true; // JSON escaped into HTML: {&quot;password&quot;: &quot;…&quot;}
            j += htmlQuote(c, n, j);
        }
        if (j < n && c[j] == ']') {
            j++;
        }
        int spaces = 0;
        while (j < n && (c[j] == ' ' || c[j] == '\t') && spaces < 16) {
            j++;
            spaces++;
        }
        if (j >= n) {
            return null;
        }
        boolean spaceOnly = false;
        boolean positional = false;
        boolean tight = false;
        boolean comparison = false;
        boolean fallback = false;
        boolean prose = false;
        boolean objectValue = false;
        boolean singleItem = false;
        boolean dollarBrace = identStart >= 2 && c[identStart - 1] == '{' && c[identStart - 2] == '$';
        // "--api-key", "…" in an argument vector (an MCP server's args, a container's command, subprocess.run([…])):
        // the flag's value is the next item, whatever follows it.
        boolean flag = keyQuoted && c[identStart] == '-';
        char op = c[j];
        int pair = (op == ',' || op == '\n' || op == '\r') && (namedBy(c, identStart, "name")
                || namedBy(c, identStart, "key") || namedBy(c, identStart, "label")
                || namedBy(c, identStart, "parameterkey"))
                ? pairedValue(c, n, j) : -1;
        if (pair >= 0) {
            // "name": "DB_PASSWORD", "value": "…", the YAML - name: / value: of a container's env, a password
            // manager's field ("label": "password", "value": "…" of 1Password's JSON)
            j = pair;
        } else if (op == '=' || ((op == '?' || op == '!') && j + 1 < n && c[j + 1] == '=')) {
            // != and == compare; ?= assigns (Make's and some shells' assignment when unset)
            comparison = op == '!' || op == '=' && j + 1 < n && c[j + 1] == '=';
            tight = spaces == 0 && op == '=' && !keyQuoted && j + 1 < n && c[j + 1] != '=' && c[j + 1] != ' '
                    && !isArgumentName(c, identStart); // f(password=pwd) passes a variable
            j++;
            while (j < n && (c[j] == '=' || c[j] == '>') && j - identEnd < 24) {
                j++;
            }
        } else if (op == ':' && inTernary(c, identStart)) {
            return null; // cond ? NAME : other
        } else if (op == ':') {
            int colons = 0;
            while (j < n && c[j] == ':' && colons < 4) {
                j++;
                colons++;
            }
            int typed = colons == 1 ? afterTypeAndEquals(c, n, j, true) : -1;
            int member = colons == 1 && typed < 0 ? valueMemberOfObject(c, n, j, identStart) : -1;
            if (member >= 0) {
                // "db_password": {"sensitive": true, "value": "…"}: Terraform's outputs and state. In YAML (password:
                // and value: indented below) an unquoted value is a literal as any YAML scalar is.
                objectValue = !endsLine(c, n, j);
                j = member;
            } else if (typed >= 0) {
                j = typed; // apiKey: string = "…", secret: &str = "…", api_key: Optional[str] = "…"
                op = '=';
            } else if (j < n && c[j] == '=') {
                j++; // := ::= :::= (Go, Make); ${NAME:=default}
            } else if (colons > 1) {
                return null; // C++ and Ruby scope operators
            } else if (dollarBrace && j < n && c[j] == '-') {
                j++; // ${NAME:-default}: the default is the literal, not the dash before it
            }
        } else if (op == '>' && (identStart > 0 && c[identStart - 1] == '<'
                || keyQuoted && (namedBy(c, identStart, "key") || namedBy(c, identStart, "name")))) {
            j++; // <password>…</password>, <entry key="password">…</entry>, Android's <string name="api_key">…
        } else if (op == '-' && dollarBrace) {
            j++; // ${NAME-default}
        } else if (op == '<' && j + 1 < n && c[j + 1] == '-' && !keyQuoted) {
            j += 2; // R, F# and OCaml assign with <- (api_key <- "…", cfg.Password <- "…")
        } else if (op == '<' && j + 2 < n && c[j + 1] == '<' && c[j + 2] == '-' && !keyQuoted) {
            j += 3; // R's <<- assigns in an enclosing scope
        } else if ((op == '|' || op == '?') && j + 1 < n && c[j + 1] == op) {
            j += 2; // process.env.TOKEN || "…", ?? "…": the literal used when the variable is unset
            fallback = true;
        } else if (op == ')' && keyQuoted && afterCallFallback(c, n, j + 1) >= 0) {
            j = afterCallFallback(c, n, j + 1); // os.getenv("TOKEN") or "…", getenv("TOKEN") || "…"
            fallback = true;
        } else if (op == '(' && j + 1 < n && isQuote(c[j + 1]) && isSetter(c, identStart, identEnd)) {
            j++;
        } else if (op == '(' && j + 1 < n && isQuote(c[j + 1]) && isBuilderMethod(c, identStart, identEnd)) {
            j++; // DataSourceBuilder….username("app").password("…"), Config.builder().apiKey("…")
            positional = true;
        } else if (keyQuoted && op == ',' && isArgument(c, identStart, flag)) {
            j++; // a name and a value as arguments: env.put("API_KEY", "…"), buildConfigField('String', 'KEY', '"…"')
            positional = true;
        } else if (keyQuoted && Ascii.startsWithIgnoreCase(c, n, j, "value=")) {
            j += 6; // <add key="SmtpPassword" value="…"/>
        } else if (copula(c, n, j, spaces) > 0) {
            j += copula(c, n, j, spaces); // prose: the password is 'hunter2', das Passwort ist …, 密码是…
            prose = true;
        } else if (spaces > 0 && !keyQuoted && qualifiedCopula(c, n, j) > 0) {
            j += qualifiedCopula(c, n, j); // the password for the staging db is …, changed my password to …
            prose = true;
        } else if (isCellBar(op) && j + 1 < n && c[j + 1] != '|' && inTableCell(c, identStart)) {
            j++; // a Markdown table row: | DB_PASSWORD | value |
            prose = true;
        } else if (spaces > 0 && !keyQuoted && afterGoVarOrConst(c, identStart) && afterTypeAndEquals(c, n, j, false) >= 0) {
            j = afterTypeAndEquals(c, n, j, false); // Go: var password string = "…"
        } else if (spaces > 0 && !keyQuoted) {
            spaceOnly = true;
            j = skipNameWords(c, n, j);
        } else {
            return null;
        }
        while (j < n && (c[j] == ' ' || c[j] == '\t') && j - identEnd < 48) {
            j++;
        }
        if (op == ':') {
            j = blockScalar(c, n, j);
            if (keyQuoted && j + 1 < n && c[j] == '[' && isQuote(c[j + 1])) {
                j++; // {"X-Api-Key": ["…"]}: a header map's values are lists (Go's http.Header as JSON)
                singleItem = true;
            }
        }
        j = skipScheme(c, n, j);
        j = skipYamlTag(c, n, j);
        if (j < n - 1 && isQuote(c[j + 1]) && "brfuRBFU@$".indexOf(c[j]) >= 0 && !isQuote(c[j])) {
            j++;
        }
        if (j >= n) {
            return null;
        }
        boolean escapedQuote = j + 1 < n && c[j] == '\\' && isQuote(c[j + 1]);
        if (escapedQuote) {
            j++;
        }
        if (j + 2 < n && isQuote(c[j]) && c[j + 1] == c[j] && c[j + 2] == c[j]) {
            j += 2; // Python's triple-quoted strings: the third quote opens the string
        }
        if (htmlQuote(c, n, j) > 0) {
            int start = j + htmlQuote(c, n, j);
            for (int k = start; k < n && k - start <= MAX_VALUE; k++) {
                if (c[k] == '\n' || c[k] == '\r') {
                    return null;
                }
                if (c[k] == '&' && htmlQuote(c, n, k) > 0) {
                    return k > start && !positional ? new Assignment(start, k, true, spaceOnly, tight, false) : null;
                }
            }
            return null;
        }
        if (isQuote(c[j])) {
            char q = c[j];
            int start = j + 1;
            for (int k = start; k < n && k - start <= MAX_VALUE; k++) {
                char ch = c[k];
                if (ch == '\n' || ch == '\r') {
                    return null;
                }
                boolean escaped = c[k - 1] == '\\';
                if (ch == q && escaped == escapedQuote) {
                    int end = escapedQuote ? k - 1 : k;
                    if (end - start >= 2 && isQuote(c[start]) && c[end - 1] == c[start]) {
                        start++; // '"…"': a string literal written inside another (Gradle buildConfigField)
                        end--;
                    }
                    if (positional && !flag && !endsArguments(c, n, k + 1) && !firstArgument(c, identStart)) {
                        return null; // ['RC4_KEY', '__darwin_t', …]: a list of strings, not a name and its value
                    }
                    if (singleItem && !(k + 1 < n && c[k + 1] == ']')) {
                        return null; // {'pass': ["runf()", "In [1]: runf()"]}: a list of cases, not one header value
                    }
                    return end > start ? new Assignment(start, end, true, spaceOnly, tight, positional) : null;
                }
            }
            return null;
        }
        if (comparison || positional || fallback || objectValue) {
            return null; // x == CONSTANT compares names, f("KEY", name) passes one: only a literal is a secret
        }
        if (c[j] == '{' && op == '=' && identStart > 0 && c[identStart - 1] == ';') {
            // ODBC quotes a connection string's value in braces (…;UID=app;PWD={p@ss;word};): the braces are quotes.
            int close = j + 1;
            while (close < n && close - j <= MAX_VALUE && c[close] != '}' && c[close] != '\n') {
                close++;
            }
            boolean field = close < n && (Identifiers.isCamelName(c, j + 1, close)
                    || Identifiers.isConstantName(c, j + 1, close) || Identifiers.isSnakeWords(c, j + 1, close, 1));
            return close < n && c[close] == '}' && close > j + 1 && !field // {dbPassword}: a template's field
                    ? new Assignment(j + 1, close, true, spaceOnly, tight, false) : null;
        }
        int start = j;
        int k = text.plainFrom <= start && start < text.plainTo ? text.plainTo : start;
        int statementEnd = -1;
        while (k < n && k - start <= MAX_VALUE && !endsUnquoted(c, n, k)) {
            if (c[k] >= 0x80) {
                return null; // a word of another script in it: no literal secret (Values), and no reading on
            }
            if (statementEnd < 0 && (c[k] == ';' || c[k] == ',')) {
                statementEnd = k;
            }
            k++;
        }
        if (statementEnd >= 0 && k < n && isBracket(c[k])) {
            k = statementEnd; // for(int pass=0;pass<=1;…), x = a,f(b): code goes on after the ';' or ',', no password
        }
        text.plainFrom = start;
        text.plainTo = k;
        if (k - start > MAX_VALUE) {
            return null;
        }
        // A trailing '.' or ':' ends a sentence or a label, not a secret.
        while (k > start && (c[k - 1] == '.' || c[k - 1] == ':')) {
            k--;
        }
        if (prose && !looksLikeLiteralInProse(c, start, k)) {
            return null; // "the password is required", "the secret is base64-encoded", "| token | string |"
        }
        return k > start ? new Assignment(start, k, false, spaceOnly, tight, false) : null;
    }

    /**
     * An unquoted value in a sentence or a table: no part between '-' or '_' that is a lowercase word
     * ({@code base64-encoded}, {@code utf8_safe}), and a part that mixes letters and digits (not only parts of one
     * kind: {@code SASL_SCRAM_256_AUTH}, a constant in a list of choices; not a word or a number).
     */
    private static boolean looksLikeLiteralInProse(char[] c, int start, int end) {
        boolean mixedPart = false;
        int partStart = start;
        for (int k = start; k <= end; k++) {
            if (k == end || c[k] == '-' || c[k] == '_') {
                if ((partStart > start || k < end) && k - partStart >= 4 && Ascii.allLower(c, partStart, k)) {
                    return false;
                }
                mixedPart |= Ascii.hasLetterAndDigit(c, partStart, k);
                partStart = k + 1;
            }
        }
        return mixedPart;
    }

    /** "is" in the languages whose words for a password the rules know, written after a blank. */
    private static final String[] COPULAS = {"is ", "ist ", "es ", "est ", "é ", "er ", "är ", "jest ", "je "};
    /** The same in languages written without blanks, right after the word: パスワードは, 密码是, 비밀번호는. */
    private static final String COPULAS_JOINED = "は是为為는은";

    /** The length of the "is" that joins a name and its value in a sentence at {@code j}, or 0. */
    private static int copula(char[] c, int n, int j, int spaces) {
        if (spaces == 0) {
            if (j < n && COPULAS_JOINED.indexOf(c[j]) >= 0 && j > 0 && c[j - 1] >= 0x80) {
                int k = j + 1;
                while (k < n && (c[k] == ' ' || c[k] == ':' || c[k] == '\uff1a')) {
                    k++;
                }
                return k < n ? k - j : 0;
            }
            return 0;
        }
        for (String word : COPULAS) {
            if (Ascii.startsWithIgnoreCase(c, n, j, word) && j + word.length() < n) {
                return word.length();
            }
        }
        return 0;
    }

    private static final String[] PREPOSITIONS = {"for ", "to ", "of ", "on ", "at ", "in "};
    private static final String[] QUALIFIED_COPULAS = {"is ", "was "};

    /**
     * The length up to the value when a sentence says whose the credential is before saying what it is: a preposition
     * and up to five words, then "is", "was", ':' or '=' ({@code password for the staging db is …}, {@code API key for
     * prod: …}); or "to" and a word that mixes letters and digits ({@code changed my password to …}). 0 otherwise.
     * The value is then held to the same test as any value in prose.
     */
    private static int qualifiedCopula(char[] c, int n, int j) {
        String preposition = null;
        for (String p : PREPOSITIONS) {
            if (Ascii.startsWithIgnoreCase(c, n, j, p)) {
                preposition = p;
                break;
            }
        }
        if (preposition == null) {
            return 0;
        }
        int k = j + preposition.length();
        for (int words = 0; words < 5 && k < n; words++) {
            int w = k;
            while (w < n && w - k < 24 && (Ascii.isAlnum(c[w]) || c[w] == '_' || c[w] == '-' || c[w] == '.')) {
                w++;
            }
            if (w == k || w >= n) {
                return 0;
            }
            if (words == 0 && preposition.equals("to ") && Ascii.hasLetterAndDigit(c, k, w)) {
                return k - j; // set the password to …
            }
            if (c[w] == ':' && w + 1 < n && c[w + 1] == ' ') {
                return w + 2 - j;
            }
            if (c[w] != ' ') {
                return 0;
            }
            if (w + 2 < n && c[w + 1] == '=' && c[w + 2] == ' ') {
                return w + 3 - j;
            }
            for (String copula : QUALIFIED_COPULAS) {
                if (Ascii.startsWithIgnoreCase(c, n, w + 1, copula) && w + 1 + copula.length() < n) {
                    return w + 1 + copula.length() - j;
                }
            }
            k = w + 1;
        }
        return 0;
    }

    /** The name opens a table cell: {@code | API_KEY |}, {@code | `API_KEY` |}, {@code │ API_KEY │}. */
    private static boolean inTableCell(char[] c, int identStart) {
        int i = identStart - 1;
        if (i >= 0 && isQuote(c[i])) {
            i--;
        }
        while (i >= 0 && (c[i] == ' ' || c[i] == '\t')) {
            i--;
        }
        return i >= 0 && isCellBar(c[i]);
    }

    /** A table's column separator: Markdown's bar, or the box-drawing bars CLIs draw tables with (doppler, psql). */
    private static boolean isCellBar(char ch) {
        return ch == '|' || ch == '\u2502' || ch == '\u2503' || ch == '\u2551';
    }

    /**
     * A type annotation and then the assignment: {@code : string = }, {@code : &'static str = },
     * {@code : Dict[str, str] = }, {@code : string | undefined = }, Go's {@code  string = }. Returns the index after
     * the '=' (not {@code ==} or {@code =>}), or -1 when the text at {@code j} is not a type followed by one. Words
     * of a type only join across a space at {@code |} or {@code ,} (so prose such as "pass a parameter of name
     * &lt;em class=" is no type), and Go's type, written without a colon, is one word.
     */
    private static int afterTypeAndEquals(char[] c, int n, int j, boolean afterColon) {
        int k = j;
        while (k < n && (c[k] == ' ' || c[k] == '\t') && k - j < 4) {
            k++;
        }
        if (k >= n || !(Ascii.isLetter(c[k]) || c[k] == '&' || (!afterColon && (c[k] == '*' || c[k] == '[')))) {
            return -1;
        }
        int typeStart = k;
        String typeChars = afterColon ? "_&'<>[]?.:|," : "_*[].";
        while (k < n && k - typeStart < 48) {
            if (Ascii.isAlnum(c[k]) || typeChars.indexOf(c[k]) >= 0) {
                k++;
            } else if (afterColon && c[k] == ' ' && (c[k - 1] == '|' || c[k - 1] == ','
                    || k + 1 < n && c[k + 1] == '|' || afterLifetime(c, typeStart, k))) {
                k++;
            } else {
                break;
            }
        }
        int eq = k;
        while (eq < n && c[eq] == ' ' && eq - k < 4) {
            eq++;
        }
        if (k == typeStart || eq >= n - 1 || c[eq] != '=' || c[eq + 1] == '=' || c[eq + 1] == '>') {
            return -1;
        }
        int value = eq + 1;
        while (value < n && (c[value] == ' ' || c[value] == '\t') && value - eq < 4) {
            value++;
        }
        if (eq == k && (value == n || ",;}]\r\n".indexOf(c[value]) >= 0)) {
            return -1; // password: c2VjcmV0IQ= is base64 and its padding, not a type and an empty assignment
        }
        return value;
    }

    /**
     * The name's value is an object with a {@code value} member of its own (not of an object nested in it) within
     * {@value #OBJECT_WINDOW} characters: where that member's value starts, else -1.
     */
    private static int valueMemberOfObject(char[] c, int n, int j, int identStart) {
        int k = j;
        while (k < n && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        if (k < n && (c[k] == '\n' || c[k] == '\r')) {
            return yamlValueMember(c, n, k, identStart);
        }
        if (k >= n || c[k] != '{') {
            return -1;
        }
        int depth = 0;
        for (int i = k + 1; i < n && i - k < OBJECT_WINDOW; i++) {
            char ch = c[i];
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (--depth < 0) {
                    return -1;
                }
            } else if (depth == 0 && isQuote(ch) && Ascii.startsWithIgnoreCase(c, n, i + 1, "value") && i + 6 < n
                    && c[i + 6] == ch) {
                int v = i + 7;
                while (v < n && (c[v] == ' ' || c[v] == '\t')) {
                    v++;
                }
                if (v >= n || c[v] != ':') {
                    return -1;
                }
                v++;
                while (v < n && (c[v] == ' ' || c[v] == '\t')) {
                    v++;
                }
                return v;
            }
        }
        return -1;
    }

    /** Only blanks from {@code j} to the end of its line. */
    private static boolean endsLine(char[] c, int n, int j) {
        while (j < n && (c[j] == ' ' || c[j] == '\t')) {
            j++;
        }
        return j < n && (c[j] == '\n' || c[j] == '\r');
    }

    /**
     * YAML's form of the same: {@code password:} and, indented below within {@value #OBJECT_WINDOW} characters, a
     * {@code value:} member of its own. Where that value starts, else -1.
     */
    private static int yamlValueMember(char[] c, int n, int lineBreak, int identStart) {
        int lineStart = identStart;
        while (lineStart > 0 && c[lineStart - 1] != '\n') {
            lineStart--;
        }
        int indent = 0;
        while (lineStart + indent < identStart && c[lineStart + indent] == ' ') {
            indent++;
        }
        int memberIndent = -1;
        for (int i = lineBreak; i < n && i - lineBreak < OBJECT_WINDOW; ) {
            while (i < n && (c[i] == '\n' || c[i] == '\r')) {
                i++;
            }
            int spaces = 0;
            while (i + spaces < n && c[i + spaces] == ' ') {
                spaces++;
            }
            if (spaces <= indent || memberIndent >= 0 && spaces < memberIndent) {
                return -1; // back out of the name's mapping
            }
            if (memberIndent < 0) {
                memberIndent = spaces;
            }
            int at = i + spaces;
            if (spaces == memberIndent && Ascii.startsWithIgnoreCase(c, n, at, "value:")) {
                int v = at + 6;
                while (v < n && (c[v] == ' ' || c[v] == '\t')) {
                    v++;
                }
                return v;
            }
            i = at;
            while (i < n && c[i] != '\n') {
                i++;
            }
        }
        return -1;
    }

    private static final int OBJECT_WINDOW = 256;

    /** After the ')' of a lookup by name: blanks, {@code or}, {@code ||} or {@code ??}, blanks; -1 if not there. */
    private static int afterCallFallback(char[] c, int n, int k) {
        while (k < n && c[k] == ' ') {
            k++;
        }
        if (Ascii.startsWithIgnoreCase(c, n, k, "or ")) {
            return k + 2;
        }
        return k + 1 < n && (c[k] == '|' || c[k] == '?') && c[k + 1] == c[k] ? k + 2 : -1;
    }

    /** {@code var } or {@code const } before the name: a Go declaration, not {@code --auth Description="…"}. */
    private static boolean afterGoVarOrConst(char[] c, int identStart) {
        int i = identStart;
        while (i > 0 && (c[i - 1] == ' ' || c[i - 1] == '\t')) {
            i--;
        }
        return i < identStart && (isWordBefore(c, i, "var") || isWordBefore(c, i, "const"));
    }

    /**
     * Past a YAML core tag and its blank ({@code password: !!str 0123}, which keeps a value a string): the value
     * follows it. A local tag ({@code !Ref DbPassword}) names something else and is left as it is.
     */
    private static int skipYamlTag(char[] c, int n, int j) {
        if (j + 2 >= n || c[j] != '!' || c[j + 1] != '!') {
            return j;
        }
        int k = j + 2;
        while (k < n && Ascii.isLower(c[k]) && k - j < 12) {
            k++;
        }
        if (k == j + 2 || k >= n || c[k] != ' ') {
            return j;
        }
        while (k < n && c[k] == ' ') {
            k++;
        }
        return k;
    }

    /** {@code word} ends at {@code end}, a word of its own. */
    private static boolean isWordBefore(char[] c, int end, String word) {
        int w = end - word.length();
        return w >= 0 && Ascii.startsWith(c, end, w, word) && (w == 0 || !Ascii.isAlnum(c[w - 1]) && c[w - 1] != '_');
    }

    /** The type so far ends in a Rust lifetime ({@code &'static}), which a space separates from the type. */
    private static boolean afterLifetime(char[] c, int typeStart, int k) {
        int w = k;
        while (w > typeStart && (Ascii.isAlnum(c[w - 1]) || c[w - 1] == '_')) {
            w--;
        }
        return w < k && w > typeStart && c[w - 1] == '\'';
    }

    /** {@code SECRET key abc…}, {@code private access key abc…}: words that continue the name, not the value. */
    private static int skipNameWords(char[] c, int n, int j) {
        for (int words = 0; words < 2; words++) {
            int k = j;
            while (k < n && Ascii.isLetter(c[k]) && k - j < 8) {
                k++;
            }
            if (k >= n || c[k] != ' ' || k - j < 3 || !isNameWord(c, j, k)) {
                return j;
            }
            j = k + 1;
        }
        return j;
    }

    private static final String[] NAME_WORDS = {"key ", "token ", "secret ", "access ", "private "};

    private static boolean isNameWord(char[] c, int j, int k) {
        for (String w : NAME_WORDS) {
            if (w.length() == k - j + 1 && Ascii.startsWithIgnoreCase(c, k + 1, j, w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The quoted name opens an argument list or follows another argument ({@code put("KEY", …)},
     * {@code f('String', 'KEY', …)}); a JSON string followed by a comma is a member's value, not a name.
     */
    private static boolean isArgument(char[] c, int identStart, boolean flag) {
        int i = identStart - 1;
        if (i < 0 || !isQuote(c[i])) {
            return false;
        }
        i--;
        while (i >= 0 && (c[i] == ' ' || c[i] == '\t')) {
            i--;
        }
        return i >= 0 && (c[i] == '(' || c[i] == ',' || flag && c[i] == '[');
    }

    /**
     * After a positional value no further string follows: a list of strings would go on with one, where a call
     * may go on with a flag or a count ({@code setenv("API_TOKEN", "…", 1)}).
     */
    private static boolean endsArguments(char[] c, int n, int i) {
        while (i < n && (c[i] == ' ' || c[i] == '\t')) {
            i++;
        }
        if (i >= n || c[i] != ',') {
            return true;
        }
        i++;
        while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r')) {
            i++;
        }
        return i < n && !isQuote(c[i]) && c[i] != '\\';
    }

    /**
     * The name opens a call's arguments ({@code SetEnvironmentVariable('API_TOKEN', '…', 'User')}), where a list of
     * strings would open with a bracket.
     */
    private static boolean firstArgument(char[] c, int identStart) {
        int i = identStart - 2; // before the name's opening quote
        while (i >= 0 && (c[i] == ' ' || c[i] == '\t')) {
            i--;
        }
        return i >= 1 && c[i] == '(' && AssignmentRule.isIdent(c[i - 1]);
    }

    /** {@code f(a, password=…)}: a keyword argument, whose unquoted value is a variable, not a literal. */
    private static boolean isArgumentName(char[] c, int identStart) {
        int i = identStart - 1;
        while (i >= 0 && (c[i] == ' ' || c[i] == '\t')) {
            i--;
        }
        return i >= 0 && (c[i] == '(' || c[i] == ',');
    }

    /** A {@code ?} earlier on the same line: the colon that follows is a conditional's, not an assignment's. */
    private static boolean inTernary(char[] c, int identStart) {
        for (int i = identStart - 1; i > 0 && identStart - i < 160 && c[i] != '\n'; i--) {
            if (c[i] == '?' && c[i - 1] == ' ') {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code setPassword("…")}, {@code withToken("…")}: a call that assigns; {@code token.equals("…")}: one that
     * compares with a hardcoded value, as {@code ==} does.
     */
    private static boolean isSetter(char[] c, int identStart, int identEnd) {
        int last = identStart;
        for (int i = identStart; i < identEnd; i++) {
            if (c[i] == '.') {
                last = i + 1;
            }
        }
        return identEnd - last > 3 && (Ascii.startsWithIgnoreCase(c, identEnd, last, "set")
                || Ascii.startsWithIgnoreCase(c, identEnd, last, "with")
                || last > identStart && Identifiers.isEqualsMethod(c, last, identEnd));
    }

    /** Builder methods named after the credential they set, written without a separator, lower-case. */
    private static final java.util.Set<String> BUILDER_METHODS = java.util.Set.of("password", "passwd", "passphrase",
            "secret", "token", "apikey", "accesstoken", "authtoken", "secretkey", "clientsecret", "accesskeysecret");

    /** {@code .password("…")}: a member call whose name is only the credential's (not {@code get_password}). */
    private static boolean isBuilderMethod(char[] c, int identStart, int identEnd) {
        int last = -1;
        for (int i = identStart; i < identEnd; i++) {
            if (c[i] == '.') {
                last = i + 1;
            }
        }
        if (last < 0 && (identStart == 0 || c[identStart - 1] != '.')) {
            return false;
        }
        int from = Math.max(last, identStart);
        if (identEnd - from > 24) {
            return false;
        }
        StringBuilder name = new StringBuilder(identEnd - from);
        for (int i = from; i < identEnd; i++) {
            if (c[i] != '_') {
                name.append(Ascii.lower(c[i]));
            }
        }
        return BUILDER_METHODS.contains(name.toString());
    }

    /** Skips an authentication scheme ({@code Bearer }, {@code Basic }, {@code token }) before the value. */
    private static final String[] SCHEMES = {"bearer ", "basic ", "token ", "bot "};

    private static int skipScheme(char[] c, int n, int j) {
        for (String scheme : SCHEMES) {
            int len = scheme.length();
            if (j + len < n && Ascii.startsWithIgnoreCase(c, n, j, scheme)) {
                return j + len;
            }
        }
        return j;
    }

    /**
     * A YAML block scalar ({@code password: >-} or {@code |}, the value on the indented line below): where its first
     * line's text starts; {@code j} itself for anything else.
     */
    private static int blockScalar(char[] c, int n, int j) {
        if (j >= n || c[j] != '|' && c[j] != '>') {
            return j;
        }
        int k = j + 1;
        if (k < n && (c[k] == '-' || c[k] == '+')) {
            k++;
        }
        if (k < n && c[k] >= '1' && c[k] <= '9') {
            k++;
        }
        while (k < n && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        if (k < n && c[k] == '#') {
            while (k < n && c[k] != '\n') {
                k++;
            }
        }
        if (k < n && c[k] == '\r') {
            k++;
        }
        if (k >= n || c[k] != '\n') {
            return j;
        }
        int indent = ++k;
        while (k < n && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        return k > indent && k < n && c[k] != '\n' && c[k] != '\r' ? k : j;
    }

    /**
     * Whether the identifier at {@code identStart} is the value of a member or attribute called {@code key}:
     * {@code name: X}, {@code "name": "X"}, {@code key="X"}, also as a path's last segment ({@code "/prod/X"}).
     */
    private static boolean namedBy(char[] c, int identStart, String key) {
        int k = identStart - 1;
        while (k >= 0 && identStart - k <= 128 && c[k] == '/' && k > 0 && AssignmentRule.isIdent(c[k - 1])) {
            k--; // a path's segments before the name: "Name": "/prod/db/password"
            while (k >= 0 && identStart - k <= 128 && AssignmentRule.isIdent(c[k])) {
                k--;
            }
        }
        if (k >= 0 && c[k] == '/') {
            k--; // the path's leading slash
        }
        if (k >= 0 && isQuote(c[k])) {
            k--;
        }
        while (k >= 0 && (c[k] == ' ' || c[k] == '\t')) {
            k--;
        }
        if (k < 0 || c[k] != ':' && c[k] != '=') {
            return false;
        }
        k--;
        while (k >= 0 && (c[k] == ' ' || c[k] == '\t')) {
            k--;
        }
        if (k >= 0 && isQuote(c[k])) {
            k--;
        }
        int start = k - key.length() + 1;
        return start >= 0 && Ascii.startsWithIgnoreCase(c, c.length, start, key)
                && (start == 0 || !AssignmentRule.isIdent(c[start - 1]));
    }

    /**
     * After a name given as {@code name}, where its {@code value} member starts: a comma or one line break away
     * ({@code "name": "X", "value": "…"}, or {@code value: …} on the next line of YAML), past at most two members
     * with a plain value between them ({@code "Type": "SecureString"} of an SSM parameter); -1 when it is not there.
     */
    private static int pairedValue(char[] c, int n, int j) {
        int k = afterSeparator(c, n, j);
        for (int skipped = 0; k >= 0; skipped++) {
            int value = valueMember(c, n, k);
            if (value >= 0 || skipped == 2) {
                return value;
            }
            int next = afterPlainMember(c, n, k);
            k = next < 0 ? -1 : afterSeparator(c, n, next);
        }
        return -1;
    }

    /** After a comma and blanks with at most one line break, the next member's start; -1 when none is there. */
    private static int afterSeparator(char[] c, int n, int j) {
        int k = j;
        if (k < n && c[k] == ',') {
            k++;
        }
        int breaks = 0;
        while (k < n && (c[k] == ' ' || c[k] == '\t' || c[k] == '\r' || c[k] == '\n')) {
            if (c[k] == '\n' && ++breaks > 1) {
                return -1;
            }
            k++;
        }
        return k == j ? -1 : k;
    }

    /** Where the value of a {@code value} member at {@code k} starts, after its ':' or '='; -1 for another member. */
    private static int valueMember(char[] c, int n, int k) {
        if (k < n && isQuote(c[k])) {
            k++;
        }
        if (Ascii.startsWithIgnoreCase(c, n, k, "parametervalue")) {
            k += 9; // CloudFormation's ParameterKey / ParameterValue
        }
        if (!Ascii.startsWithIgnoreCase(c, n, k, "value")) {
            return -1;
        }
        k += 5;
        if (k < n && isQuote(c[k])) {
            k++;
        }
        while (k < n && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        return k < n && (c[k] == ':' || c[k] == '=') ? k + 1 : -1;
    }

    /**
     * After a member with a short name and a plain value on one line ({@code "Type": "SecureString"},
     * {@code version: 3}), the index after its value; -1 when the text at {@code k} is not one.
     */
    private static int afterPlainMember(char[] c, int n, int k) {
        int quote = k < n && isQuote(c[k]) ? c[k++] : 0;
        int nameStart = k;
        while (k < n && k - nameStart < 32 && (Ascii.isAlnum(c[k]) || c[k] == '_' || c[k] == '-')) {
            k++;
        }
        if (k == nameStart || quote != 0 && (k >= n || c[k++] != quote)) {
            return -1;
        }
        while (k < n && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        if (k >= n || c[k] != ':' && c[k] != '=') {
            return -1;
        }
        k++;
        while (k < n && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        int valueStart = k;
        if (k < n && isQuote(c[k])) {
            char q = c[k++];
            while (k < n && c[k] != q && c[k] != '\\' && c[k] != '\n' && k - valueStart < 128) {
                k++;
            }
            return k < n && c[k] == q ? k + 1 : -1;
        }
        while (k < n && k - valueStart < 64 && (Ascii.isAlnum(c[k]) || c[k] == '.' || c[k] == '_' || c[k] == '-')) {
            k++;
        }
        return k > valueStart ? k : -1;
    }

    private static final String[] HTML_QUOTES = {"&quot;", "&#34;", "&#x22;", "&apos;", "&#39;", "&#x27;"};

    /** The length of the HTML character reference for a quote at {@code j}, or 0. */
    private static int htmlQuote(char[] c, int n, int j) {
        if (j >= n || c[j] != '&') {
            return 0;
        }
        for (String q : HTML_QUOTES) {
            if (Ascii.startsWithIgnoreCase(c, n, j, q)) {
                return q.length();
            }
        }
        return 0;
    }

    static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /**
     * Whether an unquoted value ends at {@code k}. A separator between a name's pairs ({@code & ; , |}) or a quote
     * ends it only where a pair could follow: at the end, before a blank or another such character, or before
     * {@code name=} / {@code name:} ({@code ?password=…&user=…}, {@code PWD=…;UID=…}, {@code f(password=…, user=…)},
     * {@code abc"}). Inside a value they are a password's own characters ({@code Tr0ub4dor&3xQz}, {@code p@ss;w0rd},
     * {@code sEcr3t'x}), and ending there would leave the rest of the password out of the finding: redacted, its
     * tail would still reach the provider. Brackets and {@code <} still end it: calls, indexes and markup.
     */
    private static boolean endsUnquoted(char[] c, int n, int k) {
        char ch = c[k];
        if (!terminates(ch)) {
            return false;
        }
        boolean separator = ch == '&' || ch == ';' || ch == ',' || ch == '|';
        // A quote right after '=' or ':' opens a nested value (--auth Description="…",AuthScheme=…): no password's.
        boolean innerQuote = isQuote(ch) && k > 0 && c[k - 1] != '=' && c[k - 1] != ':';
        if (!separator && !innerQuote) {
            return true;
        }
        return k + 1 >= n || terminates(c[k + 1]) || startsPair(c, n, k + 1);
    }

    /**
     * Where the redaction of an unquoted value judged a secret ends: past what ended the value when the same run of
     * characters goes on after it ({@code DB_PASSWORD=Tr0ub4dor)x9}, {@code …]q1+}, {@code …<e5>f6}), since a
     * password may hold any of them and a redaction that stops short sends the rest of it on. It stops at a blank,
     * at a separator where another pair can follow, at a closing bracket or quote that ends the run or the code
     * around it, at a closing tag and at a backslash; a '.' or ':' ending the run is the sentence's. Only ever
     * widens a finding: what is a secret is decided on the value alone.
     */
    static int tokenEnd(char[] c, int n, int end) {
        int k = end;
        while (k < n && k - end < MAX_VALUE) {
            char ch = c[k];
            boolean last = k + 1 >= n || c[k + 1] <= ' ';
            if (ch <= ' ' || ch == '\\' || ch >= 0x80 || ch == '<' && k + 1 < n && c[k + 1] == '/') {
                break;
            }
            if ((ch == '&' || ch == ';' || ch == ',' || ch == '|') && (last || startsPair(c, n, k + 1))) {
                break;
            }
            if ((ch == ')' || ch == ']' || ch == '}' || isQuote(ch)) && (last || ";,)]}>\"'`".indexOf(c[k + 1]) >= 0)) {
                break;
            }
            k++;
        }
        while (k > end && (c[k - 1] == '.' || c[k - 1] == ':')) {
            k--;
        }
        return k;
    }

    private static boolean isBracket(char c) {
        return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '<';
    }

    /** {@code name=} or {@code name:} at {@code from}: a name of letters, digits, '_', '-' and '.', then the operator. */
    private static boolean startsPair(char[] c, int n, int from) {
        int k = from;
        while (k < n && k - from < 64 && (Ascii.isAlnum(c[k]) || c[k] == '_' || c[k] == '-' || c[k] == '.')) {
            k++;
        }
        return k > from && k < n && (c[k] == '=' || c[k] == ':');
    }

    private static boolean terminates(char c) {
        return c <= ' ' || c == ',' || c == ';' || c == '(' || c == ')' || c == '}' || c == ']' || c == '[' || c == '"' || c == '\''
                || c == '`' || c == '<' || c == '&' || c == '|' || c == '\\'
                || c >= '\u3000' && c <= '\u303f'; // CJK punctuation: 密码：abc123。
    }
}
