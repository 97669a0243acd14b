package dev.airlock.proxy.cli;

import java.io.PrintWriter;
import java.util.List;

/** Terminal output: {@code file:line:col  rule  preview}, one finding a line, then a count. */
final class TextReport {

    private TextReport() {
    }

    static void write(List<Located> findings, PrintWriter out) {
        for (Located l : findings) {
            out.printf("%s:%d:%d  %s  %s%n", l.file(), l.line(), l.column(), l.finding().ruleId(), l.preview());
        }
        out.printf("%d finding%s%n", findings.size(), findings.size() == 1 ? "" : "s");
    }
}
