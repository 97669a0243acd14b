package dev.airlock.detector;

/**
 * Finds what a command printed inside the report a coding agent's shell tool sends back as the tool's result. Some
 * agents send the output alone (Claude Code's Bash tool), or between tags (its bash mode's {@code <bash-stdout>});
 * others wrap it in lines of their own, the output after a label (Codex:
 * {@code Exit code: 0}, {@code Wall time: …}, {@code Output:} and the output below; Gemini CLI: {@code Command: …},
 * {@code Output: …}, {@code Error: (none)}, {@code Exit Code: 0}), or in a JSON document
 * ({@code {"output": "…", "metadata": {"exit_code": 0}}}).
 */
final class ShellReport {

    private static final String[] OUTPUT_LABELS = {"output:", "stdout:"};
    /** How long a label line's label may be: "Exit Code", "Background PIDs", "Process Group PGID". */
    private static final int MAX_LABEL = 24;

    private ShellReport() {
    }

    /**
     * The range {@code [start, end)} of the command's own output in a wrapped report, or {@code null} when the text
     * has neither an output label nor a JSON {@code output} member.
     */
    static int[] printed(char[] c) {
        int[] tagged = between(c, c.length, 0, STDOUT_OPEN, STDOUT_CLOSE);
        if (tagged != null) {
            return tagged;
        }
        int[] labelled = afterOutputLabel(c);
        return labelled != null ? labelled : jsonOutputMember(c);
    }

    /**
     * The command a user typed in Claude Code's bash mode ({@code !op read …}), which the message carries as
     * {@code <bash-input>…</bash-input>}, its output following as {@code <bash-stdout>…</bash-stdout>} in the same
     * text or the next one; null when the text opens with no such command.
     */
    static String typedCommand(String text) {
        if (!text.startsWith(INPUT_OPEN)) {
            return null;
        }
        int close = text.indexOf(INPUT_CLOSE, INPUT_OPEN.length());
        return close < 0 || close > MAX_TAGGED ? null : text.substring(INPUT_OPEN.length(), close);
    }

    static final String INPUT_OPEN = "<bash-input>";
    static final String INPUT_CLOSE = "</bash-input>";
    static final String STDOUT_OPEN = "<bash-stdout>";
    static final String STDOUT_CLOSE = "</bash-stdout>";
    /** How far a tagged command or output may run: one command, or an output that can be one value. */
    private static final int MAX_TAGGED = 4096;

    /**
     * The range between {@code open}, at {@code from} after blanks, and the next {@code close} at most
     * {@link #MAX_TAGGED} characters on; null when the text there does not open with {@code open} or the close is
     * not that near. {@code n} is the text's length ({@code c} may be longer).
     */
    static int[] between(char[] c, int n, int from, String open, String close) {
        int i = from;
        while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r')) {
            i++;
        }
        if (!Ascii.startsWith(c, n, i, open)) {
            return null;
        }
        int start = i + open.length();
        int end = Ascii.indexOf(c, start, Math.min(n, start + MAX_TAGGED + close.length()), close);
        return end < 0 ? null : new int[] {start, end};
    }

    /** From an {@code Output:} label at a line's start to the next line that opens with a label, or the end. */
    private static int[] afterOutputLabel(char[] c) {
        int n = c.length;
        for (int line = 0; line < n; line = nextLine(c, line)) {
            int i = line;
            while (i < n && (c[i] == ' ' || c[i] == '\t')) {
                i++;
            }
            for (String label : OUTPUT_LABELS) {
                if (Ascii.startsWithIgnoreCase(c, n, i, label)) {
                    int start = i + label.length();
                    int end = nextLine(c, start);
                    while (end < n && !opensWithLabel(c, end)) {
                        end = nextLine(c, end);
                    }
                    return new int[] {start, end};
                }
            }
        }
        return null;
    }

    /** The raw characters of the first {@code "output": "…"} member's string, escapes left as they are. */
    private static int[] jsonOutputMember(char[] c) {
        int n = c.length;
        String name = "\"output\"";
        for (int at = Ascii.indexOf(c, 0, n, name); at >= 0; at = Ascii.indexOf(c, at + 1, n, name)) {
            int i = skipBlanks(c, at + name.length());
            if (i >= n || c[i] != ':') {
                continue;
            }
            i = skipBlanks(c, i + 1);
            if (i >= n || c[i] != '"') {
                continue;
            }
            int start = ++i;
            while (i < n && c[i] != '"') {
                i += c[i] == '\\' ? 2 : 1;
            }
            return i < n ? new int[] {start, i} : null;
        }
        return null;
    }

    /** {@code Error: (none)}, {@code Exit Code: 0}: a capitalised label of a few words, a colon, then a blank. */
    private static boolean opensWithLabel(char[] c, int i) {
        int n = c.length;
        if (i >= n || !Ascii.isUpper(c[i])) {
            return false;
        }
        int k = i + 1;
        while (k < n && k - i <= MAX_LABEL && (Ascii.isAlnum(c[k]) || c[k] == ' ')) {
            k++;
        }
        return k < n && c[k] == ':' && (k + 1 == n || c[k + 1] == ' ' || c[k + 1] == '\n' || c[k + 1] == '\r');
    }

    private static int nextLine(char[] c, int i) {
        while (i < c.length && c[i] != '\n') {
            i++;
        }
        return Math.min(c.length, i + 1);
    }

    private static int skipBlanks(char[] c, int i) {
        while (i < c.length && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r')) {
            i++;
        }
        return i;
    }

}
