package dev.airlock.detector;

import java.util.List;

/**
 * The literal {@code default} of a Terraform (HCL) variable whose name says it holds a credential:
 * <pre>
 * variable "db_password" {
 *   default = "…"
 * }
 * </pre>
 * The name and the value sit on different lines, so no assignment rule sees them together; the value is judged with
 * the variable's name by the generic assignment rules, exactly as a JSON member's value is judged with its name.
 * Only the variable's own block is read (braces inside strings and comments do not count), up to
 * {@value #MAX_BLOCK} characters.
 */
final class TerraformVariableRule extends SingleKeywordRule {

    private static final int MAX_BLOCK = 4096;
    private static final int MAX_NAME = 128;

    private final List<AssignmentRule> naming;

    /** @param naming the rules that judge a value by its name */
    TerraformVariableRule(List<AssignmentRule> naming) {
        super(new RuleInfo("terraform-variable-default",
                "A literal default of a Terraform variable whose name says it is a credential",
                "variable \"db_password\" {\\n  default = \"<password>\"\\n}"), "variable \"", false);
        this.naming = naming;
    }

    @Override
    public int priority() {
        return 1; // as low as the generic rules whose judgement it borrows
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        if (!startsWord(c, hit)) {
            return; // my_variable "x": not the block keyword
        }
        int nameStart = hit + keyword.literal().length();
        int i = nameStart;
        while (i < n && i - nameStart <= MAX_NAME && (Ascii.isAlnum(c[i]) || c[i] == '_' || c[i] == '-')) {
            i++;
        }
        if (i == nameStart || i >= n || c[i] != '"') {
            return;
        }
        char[] name = java.util.Arrays.copyOfRange(c, nameStart, i);
        List<AssignmentRule> accepting = naming.stream().filter(a -> a.acceptsName(name)).toList();
        if (accepting.isEmpty()) {
            return;
        }
        i = skipBlanks(c, n, i + 1);
        if (i >= n || c[i] != '{') {
            return;
        }
        int value = defaultValue(c, Math.min(n, i + MAX_BLOCK), i + 1);
        if (value < 0) {
            return;
        }
        int end = closingQuote(c, n, value);
        if (end < 0 || end == value) {
            return;
        }
        char[] v = java.util.Arrays.copyOfRange(c, value, end);
        for (AssignmentRule a : accepting) {
            Finding f = a.judgeValue(name, v);
            if (f != null) {
                out.add(new Finding(id(), value + f.start(), value + f.end(), f.confidence()));
                return;
            }
        }
    }

    /**
     * Where the string value of the block's own {@code default = "…"} starts (after its quote), or -1: the block's
     * body from {@code from} is walked to its closing brace, skipping strings, comments and nested blocks.
     */
    private static int defaultValue(char[] c, int end, int from) {
        int depth = 1;
        boolean lineStart = true;
        for (int i = from; i < end; i++) {
            char ch = c[i];
            if (ch == '\n') {
                lineStart = true;
                continue;
            }
            if (ch == ' ' || ch == '\t' || ch == '\r') {
                continue;
            }
            if (ch == '#' || ch == '/' && i + 1 < end && c[i + 1] == '/') {
                while (i < end && c[i] != '\n') {
                    i++;
                }
                lineStart = true;
                continue;
            }
            if (lineStart && depth == 1 && startsWord(c, end, i, "default")) {
                int j = skipBlanks(c, end, i + 7);
                if (j < end && c[j] == '=') {
                    j = skipBlanks(c, end, j + 1);
                    return j < end && c[j] == '"' ? j + 1 : -1;
                }
            }
            lineStart = false;
            if (ch == '"') {
                int close = closingQuote(c, end, i + 1);
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** The unescaped quote that ends the string starting at {@code from}, on the same line; -1 if none. */
    private static int closingQuote(char[] c, int end, int from) {
        for (int i = from; i < end && c[i] != '\n'; i++) {
            if (c[i] == '\\') {
                i++;
            } else if (c[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWord(char[] c, int end, int at, String word) {
        int after = at + word.length();
        if (after > end) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (c[at + k] != word.charAt(k)) {
                return false;
            }
        }
        return after == end || !(Ascii.isAlnum(c[after]) || c[after] == '_');
    }

    private static int skipBlanks(char[] c, int end, int i) {
        while (i < end && (c[i] == ' ' || c[i] == '\t')) {
            i++;
        }
        return i;
    }
}
