package dev.airlock.proxy.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Terminal output: {@code file:line:col  rule  preview}, one failing finding a line (with the commit that added it
 * for a history scan), then a count that includes the accepted findings.
 */
final class TextReport {

    private TextReport() {
    }

    static void write(List<Located> findings, PrintWriter out) {
        boolean any = false;
        for (Located l : findings) {
            if (l.accepted() != null) {
                continue;
            }
            any = true;
            out.printf("%s:%d:%d  %s  %s%s%n", l.file(), l.line(), l.column(), l.finding().ruleId(), l.preview(),
                    l.commit() == null ? "" : "  commit " + abbrev(l.commit().id()) + " (" + l.commit().author() + ", "
                            + l.commit().date() + ")");
        }
        out.println(summary(findings));
        if (any) {
            out.println("Not a secret (a test fixture)? Accept it with an airlock:allow comment on its line, or add its"
                    + " place or fingerprint (--format json) to .airlockignore.");
        }
    }

    /** {@code 2 findings}, and {@code , 3 accepted (2 by .airlockignore, 1 by airlock:allow)} when some were. */
    static String summary(List<Located> findings) {
        long failing = findings.stream().filter(l -> l.accepted() == null).count();
        String s = failing + " finding" + (failing == 1 ? "" : "s");
        return failing == findings.size() ? s : s + ", " + accepted(findings);
    }

    /** {@code 3 accepted (2 by .airlockignore, 1 by airlock:allow)}. */
    static String accepted(List<Located> findings) {
        Map<Acceptance, Integer> accepted = new EnumMap<>(Acceptance.class);
        for (Located l : findings) {
            if (l.accepted() != null) {
                accepted.merge(l.accepted(), 1, Integer::sum);
            }
        }
        int total = accepted.values().stream().mapToInt(Integer::intValue).sum();
        return total + " accepted (" + accepted.entrySet().stream()
                .map(e -> e.getValue() + " by " + e.getKey().shown()).collect(Collectors.joining(", ")) + ")";
    }

    static String abbrev(String commit) {
        return commit.substring(0, Math.min(12, commit.length()));
    }
}
