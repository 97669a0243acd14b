package dev.airlock.proxy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock scan}: exit 0 when clean, 1 with findings, 2 on error. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan files, directories or standard input for credentials; or what a commit would record"
                + " (--staged), or a repository's history (--git).",
                "Findings accepted by .airlockignore, an airlock:allow comment on their line or --baseline are counted"
                        + " but do not fail the scan."},
        footer = {"", "Exit status: 0 no findings, 1 findings, 2 error."})
final class ScanCommand implements Callable<Integer> {

    enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    ScanOptions options;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Findings recorded by airlock baseline create do not fail the scan; new ones do.")
    Path baseline;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories to scan; - for standard input.")
    List<String> paths = List.of();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Set<String> known = Set.of();
        if (baseline != null) {
            try {
                known = Baseline.read(baseline);
            } catch (Baseline.BadBaseline e) {
                err.println("airlock scan: " + e.getMessage());
                return 2;
            }
        }
        ScanRun.Result r = new ScanRun("scan", err).collect(options, paths, known);
        if (r == null) {
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case text -> {
                if (r.mode() == ScanRun.Mode.STAGED) {
                    CommitReport.write(r.located(), out);
                } else {
                    TextReport.write(r.located(), out);
                }
            }
            case json -> JsonReport.write(r.located(), out);
            case sarif -> SarifReport.write(r.located(), r.detector().rules(), new AirlockCommand.Version().getVersion()[0], out);
        }
        out.flush();
        return r.failed() ? 2 : r.failing().isEmpty() ? 0 : 1;
    }
}
