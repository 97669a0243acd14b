package dev.airlock.detector;

/**
 * Decides whether an assigned value is a literal secret rather than an identifier, a reference, a type, a
 * path or a stand-in. The tests of this class are the product's false-positive budget.
 */
final class Values {

    private Values() {
    }

    static boolean looksLikeSecret(char[] c, int n, Assignment a, AssignmentRule.Strictness strictness) {
        int start = a.start();
        int end = a.end();
        int len = end - start;
        int min = switch (strictness) {
            case PASSWORD -> 6;
            case TOKEN -> a.spaceOnly() ? 16 : 10;
            case WEAK -> 16;
        };
        // Long opaque tokens exist (Aiven's are 372 characters, some OAuth access tokens near 1,000): the cap
        // for them is the value parser's.
        if (len < min || len > (strictness == AssignmentRule.Strictness.PASSWORD ? 256 : Assignment.MAX_VALUE)) {
            return false;
        }
        if (!a.quoted() && end < n && (c[end] == '(' || c[end] == '[')) {
            return false; // a call or an index: getPassword(), creds[0]
        }
        if (strictness == AssignmentRule.Strictness.PASSWORD && (a.quoted() || a.tight())
                && generatedPassword(c, start, end)) {
            return true; // before the tests for paths, references and names, whose marks such passwords also have
        }
        if (a.spaceOnly() && !a.quoted() && isDeclaration(c, n, end)) {
            return false; // a declaration: Token token_lineend; private DebugVC50SSSegMap segMap;
        }
        if (Identifiers.isHexNumber(c, start, end) || Identifiers.isDottedName(c, start, end)
                || Identifiers.isConstantName(c, start, end) || Identifiers.isTimestamp(c, start, end)
                || Identifiers.isFileName(c, start, end)) {
            return false;
        }
        // A quoted run of random printable ASCII is a generated key, whichever symbol it starts or ends with,
        // though it holds a '/' and a '.' or {W}; placeholder words, filler and shell expansions still count.
        boolean printable = a.quoted() && printableKey(c, start, end);
        if (a.quoted() && !printable && (c[start] == '+' || c[end - 1] == '+')) {
            return false; // the gap between two concatenated strings: "…" + x + "…"
        }
        if (isPublishable(c, start, end)) {
            return false;
        }
        if (c[start] == '#' && !a.tight() && !a.quoted()) {
            return false; // a comment after "password:" in YAML; in NAME=#x the '#' is literal
        }
        boolean standIn = printable ? Placeholders.isWrittenPlaceholder(c, start, end)
                : Placeholders.isPlaceholder(c, start, end) || isReferenceOrPath(c, start, end);
        if (standIn || hasShellExpansion(c, start, end) || encodesProse(c, start, end)) {
            return false;
        }
        int lower = 0;
        int upper = 0;
        int digit = 0;
        int symbol = 0;
        int separators = 0;
        int spaces = 0;
        int dollars = 0;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            dollars += ch == '$' ? 1 : 0;
            if (Ascii.isLower(ch)) {
                lower++;
            } else if (Ascii.isUpper(ch)) {
                upper++;
            } else if (Ascii.isDigit(ch)) {
                digit++;
            } else if (ch == '-' || ch == '_' || ch == '.') {
                separators++;
            } else if (ch == ' ' && strictness == AssignmentRule.Strictness.PASSWORD && a.quoted() && ++spaces <= 2
                    && noQuotesOrEscapes(c, start, end)) {
                separators++; // a passphrase: 'open sesame'
            } else if (ch == ' ' && strictness != AssignmentRule.Strictness.PASSWORD && printable) {
                symbol++; // a generated key whose alphabet has the space: WordPress's AUTH_KEY
            } else if (ch == ' ' || ch >= 128) {
                return false; // prose, or text in another script: not a credential
            } else {
                symbol++;
            }
        }
        int letters = lower + upper;
        if (digit == len && len >= 20 && strictness != AssignmentRule.Strictness.PASSWORD) {
            return !Placeholders.isRepetitive(c, start, end); // long numeric tokens
        }
        if (letters == 0 || digit == len - separators) {
            return false; // numbers, versions, dates without letters
        }
        int classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0) + (symbol > 0 ? 1 : 0);
        switch (strictness) {
            case PASSWORD -> {
                if (isStandInWord(c, start, end)) {
                    return false;
                }
                if (!a.tight() && digit == 0 && symbol == 0 && Identifiers.isCamelName(c, start, end)) {
                    return false; // a name in code: HASH_PASSWORDS = "hashPasswords"
                }
                if (!a.quoted() && Identifiers.isSnakeWords(c, start, end, 2)) {
                    return false; // a description: hashedPassword = base64_encoded_64_byte_salt
                }
                // Quoted, or NAME=value: a literal, even a weak one. Otherwise an unquoted word is an
                // identifier or a type (password: PasswordField, password: string) unless it has digits or
                // symbols; '$' does not count, it is part of names in JavaScript and Java (super$ecret).
                if (a.positional()) {
                    // t("password", "Changed") passes a label, f("HTTPPasswordMgr", "urllib2") a module: only a
                    // value that mixes letters, digits and capitals or symbols counts.
                    return digit > 0 && letters > 0 && (upper > 0 || symbol > 0);
                }
                return a.quoted() || a.tight() || digit > 0 || symbol - dollars > 0;
            }
            case TOKEN, WEAK -> {
                if (digit == 0 && symbol == 0 && !randomLetters(c, start, end)) {
                    return false;
                }
                if (Identifiers.isWordy(c, start, end) || Identifiers.isSnakeWords(c, start, end, 3)) {
                    return false; // RoundRectangle2D, SunTlsRsaPremasterSecret, value-of-a-secret-1524
                }
                if (strictness == AssignmentRule.Strictness.WEAK && (digit == 0 || letters == 0)) {
                    return false;
                }
                return classes >= 2 && Entropy.atLeast(c, start, end, 3.0) && !isWordsWithNumber(c, start, end);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * A password as generators and people make strong ones, in a literal: 8 to 64 printable characters with lower and
     * upper case, a digit and a symbol, no blank, entropy near its length's maximum. The symbols ('/', '.', '~', '$',
     * brackets, a leading ':' or '!') are what the tests for paths, references, dotted names and shell expansion look
     * for, and a random password holds one in four characters; so such a value is judged here first. Only marks no
     * generator makes still stand in for one: a template ({@code ${…}}, {@code $(…)}, <code>{{…}}</code>,
     * {@code %(…)s}), a URL, a path from '/', "~/" or "./", a value wrapped in angle brackets, a written placeholder.
     */
    private static boolean generatedPassword(char[] c, int start, int end) {
        int len = end - start;
        if (len < 8 || len > 64) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch <= ' ' || ch >= 127) {
                return false;
            }
            lower |= Ascii.isLower(ch);
            upper |= Ascii.isUpper(ch);
            digit |= Ascii.isDigit(ch);
            symbol |= !Ascii.isAlnum(ch);
        }
        if (!(lower && upper && digit && symbol)) {
            return false;
        }
        String v = new String(c, start, len);
        if (v.contains("${") || v.contains("$(") || v.contains("{{") || v.contains("%(") || v.contains("://")
                || v.startsWith("/") || v.startsWith("~/") || v.startsWith("./")
                || v.startsWith("<") && v.endsWith(">")) {
            return false;
        }
        return Entropy.atLeast(c, start, end, Math.min(3.0, 0.85 * Math.log(len) / Math.log(2)))
                && !Placeholders.isWrittenPlaceholder(c, start, end);
    }

    private static final java.util.Set<String> TYPE_WORDS = java.util.Set.of(
            "string", "str", "int", "integer", "number", "boolean", "bool", "any", "object", "none", "null", "nil",
            "true", "false", "undefined", "required", "optional", "text", "varchar", "char", "bytes", "secret",
            "password", "hidden", "sensitive", "empty", "unknown", "default", "nullable", "securestring", "not-set",
            "not_set", "notset", "unset", "missing", "changeit");

    /**
     * Type names, keywords and stand-ins ({@code password: string}, {@code your_password}, {@code smtp_password}),
     * as opposed to weak but real passwords ({@code whiteduke}, {@code rootpasswd}).
     */
    private static boolean isStandInWord(char[] c, int start, int end) {
        String v = new String(c, start, end - start);
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        if (TYPE_WORDS.contains(lower) || Placeholders.isStandInPassword(v)) {
            return true;
        }
        for (String w : new String[] {"password", "passwd", "secret", "username", "token"}) {
            int at = lower.indexOf(w);
            if (at > 0 && "_-. ".indexOf(lower.charAt(at - 1)) >= 0
                    || at == 0 && w.length() < lower.length() && "_-. ".indexOf(lower.charAt(w.length())) >= 0) {
                return true; // smtp_password, password_here: a name standing in for the value
            }
        }
        return false;
    }

    /**
     * Mixed-case letters with short same-case runs look random ({@code qJvTzKpWmXr…}); identifiers are long
     * lowercase runs with single capitals ({@code getApplicationContext}).
     */
    private static boolean randomLetters(char[] c, int start, int end) {
        int len = end - start;
        if (len < 16) {
            return false;
        }
        int runs = 1;
        for (int i = start + 1; i < end; i++) {
            if (Ascii.isUpper(c[i]) != Ascii.isUpper(c[i - 1])) {
                runs++;
            }
        }
        return (double) len / runs < 4;
    }

    /** Words joined by separators with a version or counter: {@code my-service-v2}, {@code build_2024}. */
    private static boolean isWordsWithNumber(char[] c, int start, int end) {
        int segments = 1;
        int digitsOnlySegments = 0;
        boolean segmentHasLetter = false;
        boolean segmentHasDigit = false;
        int longestLetterRun = 0;
        int run = 0;
        for (int i = start; i <= end; i++) {
            char ch = i < end ? c[i] : '-';
            if (ch == '-' || ch == '_' || ch == '.') {
                if (segmentHasDigit && !segmentHasLetter) {
                    digitsOnlySegments++;
                }
                if (i < end) {
                    segments++;
                }
                segmentHasLetter = false;
                segmentHasDigit = false;
                run = 0;
            } else if (Ascii.isLower(ch)) {
                segmentHasLetter = true;
                run++;
                longestLetterRun = Math.max(longestLetterRun, run);
            } else {
                if (Ascii.isDigit(ch)) {
                    segmentHasDigit = true;
                } else {
                    segmentHasLetter = true;
                }
                run = 0;
            }
        }
        return segments >= 2 && digitsOnlySegments >= 1 && segments - digitsOnlySegments >= 1
                && longestLetterRun >= 4 && segments <= 4 && end - start < 32 && hasNoMixedSegment(c, start, end);
    }

    private static boolean hasNoMixedSegment(char[] c, int start, int end) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i <= end; i++) {
            char ch = i < end ? c[i] : '-';
            if (ch == '-' || ch == '_' || ch == '.') {
                if (letter && digit) {
                    return false;
                }
                letter = false;
                digit = false;
            } else if (Ascii.isDigit(ch)) {
                digit = true;
            } else {
                letter = true;
            }
        }
        return true;
    }

    /** What follows a space-separated value: ";" or "=", or one more name and then ";", "=", ",", ")" or "(". */
    private static boolean isDeclaration(char[] c, int n, int end) {
        int i = end;
        if (i < n && (c[i] == ';' || c[i] == '=')) {
            return true;
        }
        while (i < n && c[i] == ' ') {
            i++;
        }
        int nameStart = i;
        while (i < n && i - nameStart <= 256 && (Ascii.isAlnum(c[i]) || c[i] == '_')) {
            i++;
        }
        if (i == nameStart || i - nameStart > 256) {
            return false; // no name, or no name a declaration would write
        }
        while (i < n && c[i] == ' ') {
            i++;
        }
        return i < n && (c[i] == ';' || c[i] == '=' || c[i] == ',' || c[i] == ')' || c[i] == '(');
    }

    private static boolean noQuotesOrEscapes(char[] c, int start, int end) {
        for (int i = start; i < end; i++) {
            if (c[i] == '"' || c[i] == '\'' || c[i] == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Publishable keys are meant to ship in web pages: Stripe {@code pk_live_…}, Mapbox {@code pk.eyJ…}; and
     * base64 of a public key's standard encoding (SubjectPublicKeyInfo) starts with a fixed prefix per
     * algorithm: EC P-256/P-384, RSA, Ed25519.
     */
    private static boolean isPublishable(char[] c, int start, int end) {
        String v = new String(c, start, Math.min(end - start, 20));
        if (v.startsWith("pk_") || v.startsWith("pk.") || v.startsWith("pub-")) {
            return true;
        }
        for (String prefix : PUBLIC_KEY_PREFIXES) {
            if (v.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] PUBLIC_KEY_PREFIXES = {"MFkwEwYHKoZIzj0CAQ", "MHYwEAYHKoZIzj0CAQ", "MIIBIjANBgkqhkiG9w0",
        "MIICIjANBgkqhkiG9w0", "MIIBojANBgkqhkiG9w0", "MCowBQYDK2Vw"};

    /** {@code '$PRECOMPILE_PASSWORD'}, {@code "$(cat key)"}: the shell fills these in. */
    private static boolean hasShellExpansion(char[] c, int start, int end) {
        for (int i = start; i < end - 1; i++) {
            if (c[i] != '$') {
                continue;
            }
            char next = c[i + 1];
            if (next == '{' || next == '(') {
                return true;
            }
            int j = i + 1;
            while (j < end && (Ascii.isUpper(c[j]) || Ascii.isDigit(c[j]) || c[j] == '_')) {
                j++;
            }
            if (j - i > 3 && (j == end || !Ascii.isLower(c[j]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Base64 whose decoded form is prose ({@code ZHVtbXkgdGV4dC…} is "dummy text…"): not a key itself; any
     * secret inside it is found by the scan of decoded spans.
     */
    static boolean encodesProse(char[] c, int start, int end) {
        if (end - start < 16 || !isBase64Text(c, start, end)) {
            return false; // checked first: a decoder that throws on every non-base64 value is slow on a hot path
        }
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(new String(c, start, end - start));
            int spaces = 0;
            for (byte b : bytes) {
                if (b < 0x20 || b > 0x7e) {
                    return false;
                }
                spaces += b == ' ' ? 1 : 0;
            }
            return spaces > 0;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Standard base64: alphabet characters, then at most two {@code =}, in a length the decoder accepts. */
    private static boolean isBase64Text(char[] c, int start, int end) {
        int stop = end;
        while (stop > start && end - stop < 2 && c[stop - 1] == '=') {
            stop--;
        }
        for (int i = start; i < stop; i++) {
            char ch = c[i];
            if (!(Ascii.isAlnum(ch) || ch == '+' || ch == '/')) {
                return false;
            }
        }
        int len = end - start;
        return stop == end ? len % 4 != 1 : len % 4 == 0;
    }

    static boolean isReferenceOrPath(char[] c, int start, int end) {
        char first = c[start];
        if (first == '/' || first == '~' || first == '%' || first == '@' || first == '&' || first == '*'
                || first == '!' || first == ':' || first == ',' || first == ';' || first == '='
                || first == '{' || first == '[' || first == '(') {
            return true;
        }
        if (c[end - 1] == ':' || c[end - 1] == '*' || (end - start > 4 && new String(c, start, 4).equals("arn:"))) {
            return true; // a label ("Password:"), a glob (amazon-bedrock*) or an AWS resource name
        }
        if (isLowercasePath(c, start, end)) {
            return true;
        }
        if (end - start >= 2 && first == '.' && (c[start + 1] == '/' || c[start + 1] == '.')) {
            return true;
        }
        boolean slash = false;
        boolean dot = false;
        int at = -1;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch == '/') {
                slash = true;
            } else if (ch == '.') {
                dot = true;
            } else if (ch == '@') {
                at = i;
            } else if (ch == ':' && i + 2 < end && c[i + 1] == '/' && c[i + 2] == '/') {
                return true; // a URL; credentials inside URLs have their own rule
            }
        }
        if (slash && dot) {
            return true; // a path or host with a file name
        }
        return at > start && dot && at < end - 3 && isEmailAddress(c, start, at, end);
    }

    /**
     * A generated key drawn from all of printable ASCII, the space included (WordPress's keys and salts: 64 of
     * them): 40+ characters, each kind well represented (a CMake expression such as
     * {@code $<LINK_LIBRARY:WHOLE_ARCHIVE,lib1>} or a format string is mostly one kind), symbols no path, name or
     * address has, entropy far above prose, at most one space in sixteen and no word of four lowercase letters
     * before one; no backslash (an escaped newline makes it a PEM block or a Windows path, which other rules
     * judge), no dash run, no leading '$' (a template: {@code $<…>}, {@code ${…}}).
     */
    private static boolean printableKey(char[] c, int start, int end) {
        int len = end - start;
        if (len < 40 || c[start] == '$' || !Entropy.atLeast(c, start, end, 4.8)) {
            return false;
        }
        int odd = 0;
        int lower = 0;
        int upper = 0;
        int digit = 0;
        int spaces = 0;
        int lowerRun = 0;
        for (int i = start; i < end; i++) {
            char ch = c[i];
            if (ch == '\\' || ch == '-' && i + 2 < end && c[i + 1] == '-' && c[i + 2] == '-'
                    || ch == ' ' && (++spaces > len / 16 || lowerRun >= 4)) {
                return false;
            }
            lowerRun = Ascii.isLower(ch) ? lowerRun + 1 : 0;
            lower += Ascii.isLower(ch) ? 1 : 0;
            upper += Ascii.isUpper(ch) ? 1 : 0;
            digit += Ascii.isDigit(ch) ? 1 : 0;
            odd += Ascii.isAlnum(ch) || "/._-:@".indexOf(ch) >= 0 ? 0 : 1;
        }
        int eighth = len / 8;
        return odd >= eighth && lower >= eighth && upper >= eighth && digit > 0;
    }

    /** Local part and domain of an address only: {@code K2#f~s|q…} around an '@' is a random key's. */
    private static boolean isEmailAddress(char[] c, int start, int at, int end) {
        for (int i = start; i < at; i++) {
            if (!Ascii.isAlnum(c[i]) && "._%+-".indexOf(c[i]) < 0) {
                return false;
            }
        }
        boolean dot = false;
        for (int i = at + 1; i < end; i++) {
            dot |= c[i] == '.';
            if (!Ascii.isAlnum(c[i]) && c[i] != '.' && c[i] != '-') {
                return false;
            }
        }
        return dot;
    }

    /** {@code cms/sites/passwords#edit}: slashes between lowercase words; random base64 has capitals. */
    private static boolean isLowercasePath(char[] c, int start, int end) {
        boolean slash = false;
        for (int i = start; i < end; i++) {
            if (Ascii.isUpper(c[i])) {
                return false;
            }
            slash |= c[i] == '/';
        }
        return slash;
    }

}
