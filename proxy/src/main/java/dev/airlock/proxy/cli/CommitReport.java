package dev.airlock.proxy.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a blocked commit prints ({@code scan --staged}, the pre-commit hook): each finding as
 * {@code file:line:col  rule  masked-preview} with its line (every finding on it masked) and the exact lines that
 * would accept it, then the ways out. Never the secret: only masks, fingerprints and places.
 */
final class CommitReport {

    /** The name a value is assigned to, just before it: {@code DB_PASSWORD=}, {@code "apiKey": "}, {@code token:}. */
    private static final Pattern ASSIGNED = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)[\"']?\\s*(?::=|=>|[=:])\\s*[\"'`]?$");

    private CommitReport() {
    }

    static void write(List<Located> all, PrintWriter out) {
        List<Located> failing = all.stream().filter(l -> l.accepted() == null).toList();
        if (failing.isEmpty()) {
            if (!all.isEmpty()) {
                out.println("airlock: no new credentials; " + TextReport.accepted(all));
            }
            return;
        }
        out.printf("airlock: %d credential%s in the staged changes; the commit was stopped.%n%n", failing.size(),
                failing.size() == 1 ? "" : "s");
        String variable = null;
        for (Located l : failing) {
            out.printf("%s:%d:%d  %s  %s%n", l.file(), l.line(), l.column(), l.finding().ruleId(), l.preview());
            Judge.Context c = l.context();
            String number = Integer.toString(l.line());
            out.printf("  %s | %s%n", number, c.text());
            out.printf("  %s | %s%s%n", " ".repeat(number.length()), " ".repeat(c.from()),
                    "^".repeat(Math.max(1, c.to() - c.from())));
            out.printf("  accept here:      %s  # %s in %s%n", l.place(), l.finding().ruleId(), l.file());
            out.printf("  accept the value: %s  # %s (this install and its proxy only)%n%n", l.fingerprint(),
                    l.finding().ruleId());
            if (variable == null) {
                variable = variableName(c);
            }
        }
        String name = variable == null ? "THE_SECRET" : variable;
        out.println("Ways out, for each finding:");
        out.println("  1. Remove it: delete the value from the file, then git add the file again.");
        out.println("  2. Move it to an environment variable: read " + name + " at run time (os.environ[\"" + name
                + "\"],");
        out.println("     System.getenv(\"" + name + "\"), process.env." + name + "), keep the value in a file git ignores"
                + " (such as");
        out.println("     .env listed in .gitignore), then git add the file again.");
        out.println("  3. Accept it, if it is not a real secret (a test fixture, an example):");
        out.println("     - add a comment holding airlock:allow on its line, or");
        out.println("     - add its \"accept here\" line to .airlockignore (the same for every clone and CI), or its");
        out.println("       \"accept the value\" line (this value wherever it appears, on this install only),");
        out.println("     then git add .airlockignore and commit again.");
        out.println(TextReport.summary(all));
    }

    /** The name the first finding is assigned to on its line, as an environment variable name; null if none. */
    static String variableName(Judge.Context c) {
        Matcher m = ASSIGNED.matcher(c.text().substring(0, Math.min(c.from(), c.text().length())));
        if (!m.find()) {
            return null;
        }
        String name = m.group(1).replaceAll("[^A-Za-z0-9]+", "_");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (i > 0 && Character.isUpperCase(ch) && Character.isLowerCase(name.charAt(i - 1))) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(ch));
        }
        return sb.toString();
    }
}
