package dev.airlock.proxy.cli;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.AirlockHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock scan}: exit 0 when clean, 1 with findings, 2 on error. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan files, directories or standard input for credentials.",
        footer = {"", "Exit status: 0 no findings, 1 findings, 2 error."})
final class ScanCommand implements Callable<Integer> {

    enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @picocli.CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--home", description = "Install directory holding the fingerprint key (default: ~/.airlock).")
    Path home;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to scan; - for standard input.")
    List<String> paths;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Detector detector = config.detectorOrReport(spec.commandLine().getErr());
        if (detector == null) {
            return 2;
        }
        Redactor keyed = new Redactor((home == null ? AirlockHome.defaultHome() : new AirlockHome(home)).installKey());
        List<Located> located = new ArrayList<>();
        boolean failed = false;
        for (ScanTarget target : targets(err)) {
            if (target == null) {
                failed = true;
                continue;
            }
            for (Finding f : detector.scan(target.text())) {
                CharSequence secret = target.text().subSequence(f.start(), f.end());
                int[] lc = Located.lineAndColumn(target.text(), f.start());
                located.add(new Located(target.name(), f, lc[0], lc[1], keyed.fingerprint(secret), Located.mask(secret)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case text -> TextReport.write(located, out);
            case json -> JsonReport.write(located, out);
            case sarif -> SarifReport.write(located, detector.rules(), new AirlockCommand.Version().getVersion()[0], out);
        }
        out.flush();
        return failed ? 2 : located.isEmpty() ? 0 : 1;
    }

    /** Every target in order; a null entry stands for one that could not be read (already reported). */
    private List<ScanTarget> targets(PrintWriter err) throws IOException {
        List<ScanTarget> targets = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String p : paths) {
            if (p.equals(ScanTarget.STDIN)) {
                targets.add(ScanTarget.stdin(System.in));
            } else {
                files.add(p);
            }
        }
        List<Path> expanded;
        try {
            expanded = ScanTarget.expand(files);
        } catch (IOException e) {
            err.println("airlock scan: " + e.getMessage());
            targets.add(null);
            return targets;
        }
        for (Path file : expanded) {
            try {
                if (java.nio.file.Files.size(file) > ScanTarget.MAX_FILE_BYTES) {
                    err.println("airlock scan: " + file + ": skipped, larger than " + (ScanTarget.MAX_FILE_BYTES >> 20)
                            + " MiB (not a prompt or source file)");
                    continue;
                }
                ScanTarget t = ScanTarget.read(file);
                if (t != null) {
                    targets.add(t);
                }
            } catch (IOException e) {
                err.println("airlock scan: " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
                targets.add(null);
            }
        }
        return targets;
    }
}
