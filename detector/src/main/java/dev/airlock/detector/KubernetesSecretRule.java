package dev.airlock.detector;

import java.util.List;

/**
 * The values of a Kubernetes {@code Secret} manifest: every entry under {@code data:} (base64) or
 * {@code stringData:} (plain text) of a YAML document whose {@code kind} is {@code Secret}, whatever the order of
 * its top-level keys. Each value is its own finding, so the manifest stays readable after redaction.
 */
final class KubernetesSecretRule extends SingleKeywordRule {

    private static final int MAX_DOCUMENT = 16 * 1024;

    KubernetesSecretRule() {
        super(new RuleInfo("kubernetes-secret", "Values under data or stringData of a Kubernetes Secret manifest",
                "kind: Secret\\ndata:\\n  password: <b64:8-4096>"), "kind:", true);
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int i = skipBlanks(c, n, hit + keyword.literal().length());
        if (i < n && Assignment.isQuote(c[i])) {
            i++;
        }
        if (i + 6 > n || !new String(c, i, 6).equalsIgnoreCase("secret")) {
            return;
        }
        i += 6;
        if (i < n && Assignment.isQuote(c[i])) {
            i++;
        }
        i = skipBlanks(c, n, i);
        if (i < n && c[i] != '\n' && c[i] != '\r' && c[i] != '#') {
            return; // kind: SecretProviderClass, or prose
        }
        if (hit < text.coveredTo(this)) {
            return; // this document was read whole at an earlier "kind: Secret"
        }
        int docStart = documentStart(c, hit);
        int docEnd = documentEnd(c, n, hit);
        text.cover(this, docEnd);
        for (int line = docStart; line < docEnd; line = nextLine(c, docEnd, line)) {
            int indent = indentOf(c, docEnd, line);
            int key = line + indent;
            boolean data = Ascii.startsWith(c, docEnd, key, "data:");
            if (data || Ascii.startsWith(c, docEnd, key, "stringData:")) {
                int after = skipBlanks(c, docEnd, key + (data ? 5 : 11));
                if (after >= docEnd || c[after] == '\n' || c[after] == '\r' || c[after] == '#') {
                    // base64 of fewer than nine bytes ("bar", "true") is a setting, not a credential
                    entries(c, docEnd, nextLine(c, docEnd, line), indent, data ? 12 : 6, out);
                }
            }
        }
    }

    /** Each {@code key: value} (or block scalar) indented deeper than the {@code data:} line. */
    private void entries(char[] c, int end, int from, int parentIndent, int minLength, List<Finding> out) {
        int line = from;
        while (line < end) {
            int indent = indentOf(c, end, line);
            int lineEnd = lineEnd(c, end, line);
            if (line + indent >= lineEnd) {
                line = nextLine(c, end, line); // blank line
                continue;
            }
            if (indent <= parentIndent) {
                return;
            }
            int colon = Ascii.indexOf(c, line + indent, lineEnd, ':');
            if (colon < 0) {
                return;
            }
            int v = skipBlanks(c, lineEnd, colon + 1);
            if (v < lineEnd && (c[v] == '|' || c[v] == '>')) {
                int blockStart = nextLine(c, end, line);
                int blockEnd = blockStart;
                int last = blockStart;
                while (last < end && (indentOf(c, end, last) > indent || lineEnd(c, end, last) == last + indentOf(c, end, last))) {
                    if (lineEnd(c, end, last) > last + indentOf(c, end, last)) {
                        blockEnd = lineEnd(c, end, last);
                    }
                    last = nextLine(c, end, last);
                }
                report(c, blockStart + indentOf(c, end, blockStart), blockEnd, minLength, out);
                line = last;
                continue;
            }
            int vEnd = lineEnd;
            while (vEnd > v && (c[vEnd - 1] == ' ' || c[vEnd - 1] == '\t' || c[vEnd - 1] == '\r')) {
                vEnd--;
            }
            if (vEnd - v >= 2 && Assignment.isQuote(c[v]) && c[vEnd - 1] == c[v]) {
                v++;
                vEnd--;
            }
            report(c, v, vEnd, minLength, out);
            line = nextLine(c, end, line);
        }
    }

    private void report(char[] c, int start, int end, int minLength, List<Finding> out) {
        if (end - start >= minLength && !Placeholders.isTemplate(c, start, end)) {
            out.add(new Finding(id(), start, end, Confidence.MEDIUM));
        }
    }

    private static int documentStart(char[] c, int hit) {
        int limit = Math.max(0, hit - MAX_DOCUMENT);
        for (int i = hit; i > limit; i--) {
            if (c[i - 1] == '\n' && Ascii.startsWith(c, hit, i, "---")) {
                return i;
            }
        }
        return limit == 0 ? 0 : nextLine(c, hit, limit);
    }

    private static int documentEnd(char[] c, int n, int hit) {
        int limit = Math.min(n, hit + MAX_DOCUMENT);
        for (int i = hit; i < limit; i++) {
            if (c[i] == '\n' && Ascii.startsWith(c, limit, i + 1, "---")) {
                return i;
            }
        }
        return limit;
    }


    private static int skipBlanks(char[] c, int end, int i) {
        while (i < end && (c[i] == ' ' || c[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int indentOf(char[] c, int end, int line) {
        return skipBlanks(c, end, line) - line;
    }

    private static int lineEnd(char[] c, int end, int line) {
        int i = line;
        while (i < end && c[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int nextLine(char[] c, int end, int line) {
        int e = lineEnd(c, end, line);
        return e < end ? e + 1 : end;
    }
}
