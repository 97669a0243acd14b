package dev.airlock.proxy.response;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.RuleInfo;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Decides how much of the end of a streamed value must wait for the next delta before it can be redacted: the part
 * that could still be, or become, part of a credential. That is
 * <ul>
 *   <li>the unfinished last token — the run of printable ASCII after the last space, quote, bracket or non-ASCII
 *       character — unless it is a plain word: letters only, at most {@value #PLAIN_WORD} of them, no capital after
 *       the first, not right after {@code =} or {@code :}, and not the start of a rule's literal prefix ({@code sk},
 *       {@code ghp}, taken from the rules' own examples); so prose passes at once and {@code sk-ant-…} waits;</li>
 *   <li>an open private-key block: from {@code -----BEGIN …PRIVATE KEY} on, until its {@code -----END};</li>
 *   <li>any finding that reaches into the held part, whole.</li>
 * </ul>
 * Bounded: a token is held up to {@value #MAX_TOKEN} characters, a key block up to {@value #MAX_BLOCK}; past that
 * the text is decided as it stands (what is found in it is still redacted), so a stream is never held for long.
 * Immutable and thread-safe.
 */
final class CredentialTail {

    static final int MAX_TOKEN = 2048;
    static final int MAX_BLOCK = 8192;
    static final int PLAIN_WORD = 12;
    private static final String BREAKS = "\"'`<>(){}[]";
    private static final String SENTENCE_END = ".,!?;:";

    /** The literal starts of the rules' credentials ({@code ghp_}, {@code sk-ant-api}, {@code AKIA}). */
    private final NavigableSet<String> prefixes;

    private CredentialTail(NavigableSet<String> prefixes) {
        this.prefixes = prefixes;
    }

    static CredentialTail of(Detector detector) {
        NavigableSet<String> prefixes = new TreeSet<>();
        for (RuleInfo rule : detector.rules()) {
            String literal = literalStart(rule.example());
            if (literal.length() >= 2) {
                prefixes.add(literal);
            }
        }
        return new CredentialTail(prefixes);
    }

    /**
     * The characters of an example before its first generated part ({@code <b62:36>}), when that part follows them
     * in the same token ({@code ghp_}); empty when a space comes first ({@code bearer …}): such a keyword is no secret,
     * and the value after it is a token of its own.
     */
    private static String literalStart(String example) {
        int end = 0;
        while (end < example.length() && example.charAt(end) > ' ' && example.charAt(end) < 127
                && "<{\\".indexOf(example.charAt(end)) < 0) {
            end++;
        }
        return end < example.length() && example.charAt(end) <= ' ' ? "" : example.substring(0, end);
    }

    /**
     * Where the held part of {@code s} begins ({@code s.length()} when nothing is held).
     *
     * @param released characters of {@code s} the client already has (context for the rules): never held again
     * @param found    the findings in {@code s}, ordered and non-overlapping
     * @param json     {@code s} is JSON text (tool arguments), where {@code \n} and {@code \t} separate like spaces
     */
    int holdFrom(String s, int released, List<Finding> found, boolean json) {
        int n = s.length();
        int hold = n;
        int cap = MAX_TOKEN;
        int t = tokenStart(s, json);
        if (t < n && candidate(s, t, n)) {
            hold = Math.max(t, released);
        }
        int block = openKeyBlock(s);
        if (block >= 0) {
            hold = Math.min(hold, Math.max(block, released));
            cap = MAX_BLOCK;
        }
        for (int i = found.size() - 1; i >= 0; i--) {
            Finding f = found.get(i);
            if (f.start() < hold && f.end() > hold) {
                hold = Math.max(released, f.start());
            }
        }
        return n - hold > cap ? n : hold;
    }

    private static int tokenStart(String s, boolean json) {
        int t = s.length();
        while (t > 0 && tokenChar(s.charAt(t - 1))) {
            if (json && t >= 2 && s.charAt(t - 2) == '\\' && "ntr".indexOf(s.charAt(t - 1)) >= 0
                    && (t < 3 || s.charAt(t - 3) != '\\')) {
                break; // an escaped line break or tab in JSON text ends a token like a real one
            }
            t--;
        }
        return t;
    }

    private static boolean tokenChar(char c) {
        return c > ' ' && c < 127 && BREAKS.indexOf(c) < 0;
    }

    private boolean candidate(String s, int t, int n) {
        String token = s.substring(t, n);
        if (startsAPrefix(token)) {
            return true;
        }
        int end = n;
        while (end > t && SENTENCE_END.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == t) {
            return false; // punctuation alone
        }
        if (end - t > PLAIN_WORD) {
            return true;
        }
        for (int i = t; i < end; i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!letter || i > t && c <= 'Z') {
                return true;
            }
        }
        int p = t - 1;
        while (p >= 0 && (s.charAt(p) == ' ' || s.charAt(p) == '"' || s.charAt(p) == '\'' || s.charAt(p) == '`')) {
            p--;
        }
        return p >= 0 && (s.charAt(p) == '=' || s.charAt(p) == ':');
    }

    /** Whether {@code token} is the start of (or all of) a rule's literal prefix. */
    private boolean startsAPrefix(String token) {
        if (token.length() < 2) {
            return false;
        }
        String next = prefixes.ceiling(token);
        return next != null && next.startsWith(token);
    }

    /** Where a private-key block without its END line begins, or -1. */
    private static int openKeyBlock(String s) {
        int begin = s.lastIndexOf("-----BEGIN");
        if (begin < 0 || s.indexOf("-----END", begin) >= 0) {
            return -1;
        }
        int labelEnd = s.indexOf("-----", begin + 10);
        if (labelEnd >= 0 && labelEnd - begin < 64 && !s.substring(begin, labelEnd).contains("PRIVATE")) {
            return -1; // a certificate or public key: nothing secret to wait for
        }
        return begin;
    }
}
