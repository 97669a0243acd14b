package dev.airlock.detector;

import java.util.List;
import java.util.Locale;

/**
 * A credential alone on the line after what names it, as people paste them: a label copied with the value from a
 * provider's console ("API Key", then the key; "Client secret:", then the secret), or a terminal session whose
 * command prints a credential's variable ({@code $ echo $DB_PASSWORD}, {@code printenv API_TOKEN},
 * {@code >>> os.environ["OPENAI_API_KEY"]}) or reads a secret store ({@code op read …}, {@code aws configure get
 * aws_secret_access_key}, {@code kubectl get secret … | base64 -d}) and whose output line is the value. No
 * assignment joins name and value, so only the line structure does: the naming line holds nothing else, and the
 * next line is one token that passes the value checks of an assignment.
 */
final class NextLineValueRule extends HandWrittenRule {

    private static final int MAX_LABEL = 40;
    /** Words a label line may hold besides the credential's: "Your API key", "Personal access token". */
    private static final int MAX_LABEL_WORDS = 4;

    /**
     * Commands that print a variable, a setting or a store's field: a credential's only when its name says so
     * ({@code aws configure get aws_secret_access_key}, not {@code … get region}; {@code op read op://…/password}).
     */
    private static final String[] COMMANDS = {"echo $", "echo ${", "echo \"$", "printenv ", "os.environ[",
        "os.getenv(", "process.env.", "System.getenv(", "ENV[", "heroku config:get ", "aws configure get ",
        "aws ssm get-parameter", "op read ", "vault kv get -field", "vault read -field", "doppler secrets get ",
        "infisical secrets get "};
    /**
     * Commands whose output is a secret whatever they name: password managers' readers, secret stores, cloud CLIs'
     * token printers, a Kubernetes secret decoded.
     */
    private static final String[] SECRET_PRINTERS = {"aws ecr get-login-password",
        "aws secretsmanager get-secret-value", "gcloud secrets versions access", "gcloud auth print-access-token",
        "gcloud auth print-identity-token", "gcloud auth application-default print-access-token",
        "az keyvault secret show", "az account get-access-token", "gh auth token", "npm token create",
        "kubectl create token ", "security find-generic-password", "security find-internet-password", "pass show ",
        "gopass show ", "bw get password", "lpass show --password", "secret-tool lookup ", "keyring get ",
        "heroku auth:token", "kubectl get secret "};
    /** The same, lower-cased once, for {@link #printsSecret}. */
    private static final List<String> COMMANDS_LOWER = lowered(COMMANDS);
    private static final List<String> SECRET_PRINTERS_LOWER = lowered(SECRET_PRINTERS);

    static final String ID = "credential-next-line";

    NextLineValueRule() {
        super(new RuleInfo(ID,
                "Credential alone on the line after its label or after a command that prints it (echo $TOKEN)",
                "API Key\\n<random:16+>"), 1);
        for (String label : List.of("password", "passwd", "secret", "token", "api key", "apikey", "api_key",
                "access key")) {
            trigger(label, true, 0);
        }
        for (String command : COMMANDS) {
            trigger(command, false, 1);
        }
        for (String command : SECRET_PRINTERS) {
            trigger(command, false, 2);
        }
        trigger(ShellReport.INPUT_OPEN, false, BASH_MODE);
    }

    /** The variant of Claude Code's bash mode: {@code <bash-input>cmd</bash-input><bash-stdout>…</bash-stdout>}. */
    private static final int BASH_MODE = 3;

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        if (keyword.variant() == BASH_MODE) {
            typedCommandOutput(c, n, hit, out);
            return;
        }
        if (hit < text.coveredTo(this)) {
            return; // a line is judged once, however many of the keywords it holds
        }
        // The naming line starts at a line break (an escaped one too: JSON text not decoded).
        int lineStart = hit;
        while (lineStart > 0 && !opensLine(c, lineStart) && hit - lineStart <= 256) {
            lineStart--;
        }
        int lineEnd = hit;
        while (lineEnd < n && c[lineEnd] != '\n' && lineEnd - hit <= 256) {
            lineEnd++;
        }
        text.cover(this, lineEnd);
        if (lineEnd >= n || lineStart > 0 && !opensLine(c, lineStart)) {
            return;
        }
        boolean command = keyword.variant() > 0;
        AssignmentRule.Strictness strictness;
        if (command) {
            String line = new String(c, lineStart, lineEnd - lineStart).toLowerCase(Locale.ROOT);
            if (!isPrintingCommand(line, hit - lineStart) || keyword.variant() == 1 && !namesCredential(line)) {
                return;
            }
            strictness = line.contains("pass") || line.contains("pwd") || keyword.variant() == 2
                    ? AssignmentRule.Strictness.PASSWORD : AssignmentRule.Strictness.TOKEN;
        } else {
            if (!isLabelLine(c, lineStart, lineEnd)) {
                return;
            }
            strictness = keyword.literal().startsWith("pass") ? AssignmentRule.Strictness.PASSWORD
                    : AssignmentRule.Strictness.TOKEN;
        }
        int start = lineEnd + 1;
        while (start < n && (c[start] == ' ' || c[start] == '\t')) {
            start++;
        }
        int end = start;
        while (end < n && c[end] != '\n' && c[end] != '\r') {
            end++;
        }
        while (end > start && (c[end - 1] == ' ' || c[end - 1] == '\t')) {
            end--;
        }
        boolean quoted = end - start >= 2 && (c[start] == '\'' || c[start] == '"' || c[start] == '`')
                && c[end - 1] == c[start];
        if (quoted) {
            start++;
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!isValueChar(c[i])) {
                return; // a sentence or a line of code, not a value
            }
        }
        // A value printed by a command is a literal as in NAME=value; a value under a label must look random.
        Assignment value = new Assignment(start, end, quoted, false, command, false);
        if (end > start && Values.looksLikeSecret(c, n, value, strictness)) {
            out.add(new Finding(id(), start, end, Confidence.LOW));
        }
    }

    /**
     * Whether a tool call's command (its {@code command} field, a shell's argument vector, a function call's
     * arguments as JSON text) prints a secret: a secret store's reader anywhere in it, or a variable printer whose
     * rest names a credential. Its result is then judged with {@link #judgeOutput}.
     */
    static boolean printsSecret(String command) {
        if (command.length() > 4096) {
            return false; // a script, not one command whose output is one value
        }
        // An argument vector as JSON (Codex's {"command": ["op", "read", "op://…"]}) reads as the command line.
        String lower = command.toLowerCase(Locale.ROOT).replace("\",\"", " ").replace("\", \"", " ");
        for (String printer : SECRET_PRINTERS_LOWER) {
            if (lower.contains(printer)) {
                return true;
            }
        }
        for (String printer : COMMANDS_LOWER) {
            int at = lower.indexOf(printer);
            if (at >= 0 && namesCredential(lower.substring(at, Math.min(lower.length(), at + printer.length() + 64)))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lowered(String[] literals) {
        return java.util.Arrays.stream(literals).map(l -> l.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Claude Code's bash mode in one text: the command the user typed, then what it printed. The output is judged as
     * a command's when the command prints a secret.
     */
    private static void typedCommandOutput(char[] c, int n, int hit, List<Finding> out) {
        int[] command = ShellReport.between(c, n, hit, ShellReport.INPUT_OPEN, ShellReport.INPUT_CLOSE);
        if (command == null || !printsSecret(new String(c, command[0], command[1] - command[0]))) {
            return;
        }
        int[] printed = ShellReport.between(c, n, command[1] + ShellReport.INPUT_CLOSE.length(),
                ShellReport.STDOUT_OPEN, ShellReport.STDOUT_CLOSE);
        Finding f = printed == null ? null : judgePrinted(c, n, printed[0], printed[1]);
        if (f != null) {
            out.add(f);
        }
    }

    /**
     * A tool result after such a command: one value alone (blanks around it aside), judged as a printed literal; or,
     * where the agent reports more than the output ({@link ShellReport}), the output part of its report alone.
     */
    static Finding judgeOutput(String output) {
        char[] c = output.toCharArray();
        Finding whole = judgePrinted(c, c.length, 0, c.length);
        if (whole != null) {
            return whole;
        }
        int[] printed = ShellReport.printed(c);
        return printed == null ? null : judgePrinted(c, c.length, printed[0], printed[1]);
    }

    /**
     * {@code c[from, to)} holds one value and blanks, written out or escaped ({@code \n} of the JSON a report can
     * be), and the value reads as a printed literal; {@code n} is the text's length.
     */
    private static Finding judgePrinted(char[] c, int n, int from, int to) {
        int start = from;
        int end = to;
        while (start < end) {
            if (c[start] <= ' ') {
                start++;
            } else if (c[start] == '\\' && start + 1 < end && isBlankEscape(c[start + 1])) {
                start += 2;
            } else {
                break;
            }
        }
        while (end > start) {
            if (c[end - 1] <= ' ') {
                end--;
            } else if (end - 2 >= start && c[end - 2] == '\\' && isBlankEscape(c[end - 1])) {
                end -= 2;
            } else {
                break;
            }
        }
        if (end - start > 256) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (!isValueChar(c[i])) {
                return null;
            }
        }
        Assignment value = new Assignment(start, end, false, false, true, false);
        return end > start && Values.looksLikeSecret(c, n, value, AssignmentRule.Strictness.PASSWORD)
                ? new Finding(ID, start, end, Confidence.LOW) : null;
    }

    private static boolean isBlankEscape(char ch) {
        return ch == 'n' || ch == 'r' || ch == 't';
    }

    private static boolean opensLine(char[] c, int i) {
        char before = c[i - 1];
        return before == '\n' || before == 'n' && i >= 2 && c[i - 2] == '\\';
    }

    /**
     * The keyword opens the command, after at most a shell or REPL prompt: {@code $}, {@code user@host:~$},
     * {@code >>>}, {@code >}, {@code #}, {@code %}, PowerShell's {@code PS C:\>}.
     */
    private static boolean isPrintingCommand(String line, int at) {
        String before = line.substring(0, at).strip();
        if (before.isEmpty()) {
            return true;
        }
        char last = before.charAt(before.length() - 1);
        boolean prompt = last == '$' || last == '#' || last == '>' || last == '%';
        return prompt && (before.indexOf(' ') < 0 || before.startsWith("ps ") && before.indexOf(' ', 3) < 0);
    }

    private static boolean namesCredential(String line) {
        for (String word : List.of("pass", "pwd", "secret", "token", "key", "auth", "credential")) {
            if (line.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** What a token or password alone on a line is made of; not a call, a list, a sentence or code punctuation. */
    private static boolean isValueChar(char ch) {
        return Ascii.isAlnum(ch) || "-_.~+/=!@#$%^&*?".indexOf(ch) >= 0;
    }

    /** The last word of a label names the credential: "API Key", "Client secret:", "Personal access token". */
    private static final java.util.Set<String> LABEL_ENDS = java.util.Set.of("key", "secret", "token", "password",
            "passwd", "passphrase", "apikey");

    /**
     * A line that is only a label: at most {@value #MAX_LABEL_WORDS} words of letters ending in one that names the
     * credential, optionally with a colon and Markdown emphasis or a heading mark.
     */
    private static boolean isLabelLine(char[] c, int from, int to) {
        if (to - from > MAX_LABEL) {
            return false;
        }
        int words = 0;
        int lastWord = -1;
        int lastEnd = -1;
        for (int i = from; i < to; i++) {
            char ch = c[i];
            if (Ascii.isLetter(ch)) {
                if (i == from || !Ascii.isLetter(c[i - 1])) {
                    lastWord = i;
                    words += i > from && c[i - 1] == '-' ? 0 : 1;
                }
                lastEnd = i + 1;
            } else if (ch == '-' && i > from && Ascii.isLetter(c[i - 1]) && i + 1 < to && Ascii.isLetter(c[i + 1])) {
                continue; // Client-Secret
            } else if (ch != ' ' && ch != '\t' && ch != ':' && ch != '*' && ch != '#' && ch != '\r') {
                return false;
            }
        }
        if (words < 1 || words > MAX_LABEL_WORDS) {
            return false;
        }
        String last = new String(c, lastWord, lastEnd - lastWord).toLowerCase(Locale.ROOT);
        return LABEL_ENDS.contains(last);
    }
}
