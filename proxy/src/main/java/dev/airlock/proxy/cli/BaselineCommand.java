package dev.airlock.proxy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock baseline create|check FILE [PATH…|--staged|--git [RANGE]]}: record the findings a repository holds
 * today, then fail only on new ones — how a repository with old secrets adopts Airlock without switching rules off.
 * The old secrets stay reported as baselined (and should still be rotated); the file holds places, never secrets.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Record today's findings so that only new ones fail.",
        subcommands = {BaselineCommand.Create.class, BaselineCommand.Check.class},
        footer = {"", "Exit status: 0 nothing new, 1 new findings (check), 2 error."})
final class BaselineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both subcommands take: the baseline file, then what to scan (the current directory by default). */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ScanOptions options;

        @Parameters(index = "0", paramLabel = "FILE", description = "The baseline file (JSON).")
        Path file;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH", description = "Files or directories to scan "
                + "(default: the --repo directory, else the current one, unless --staged or --git).")
        List<String> paths = List.of();

        List<String> pathsOrDefault() {
            if (!paths.isEmpty() || options.staged || options.history != null) {
                return paths;
            }
            return List.of(options.repo == null ? "." : options.repo.toString());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Scan and write every finding that fails today to FILE (accepted ones need no entry).")
    static final class Create extends Base {
        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            ScanRun.Result r = new ScanRun("baseline create", err).collect(options, pathsOrDefault(), Set.of());
            if (r == null) {
                return 2;
            }
            int n = Baseline.write(file, r.located());
            spec.commandLine().getOut().println("airlock baseline: recorded " + n + " finding" + (n == 1 ? "" : "s")
                    + " in " + file + "; airlock baseline check " + file + " (or airlock scan --baseline " + file
                    + ") now fails on new ones only.");
            return r.failed() ? 2 : 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Scan and fail on findings FILE does not record.")
    static final class Check extends Base {
        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            Set<String> known;
            try {
                known = Baseline.read(file);
            } catch (Baseline.BadBaseline e) {
                err.println("airlock baseline check: " + e.getMessage());
                return 2;
            }
            ScanRun.Result r = new ScanRun("baseline check", err).collect(options, pathsOrDefault(), known);
            if (r == null) {
                return 2;
            }
            PrintWriter out = spec.commandLine().getOut();
            TextReport.write(r.located(), out);
            Set<String> gone = new HashSet<>(known);
            r.located().forEach(l -> gone.remove(l.place()));
            if (!gone.isEmpty()) {
                out.println(gone.size() + " baseline entr" + (gone.size() == 1 ? "y was" : "ies were") + " not found"
                        + " (fixed or changed); airlock baseline create " + file + " drops them.");
            }
            return r.failed() ? 2 : r.failing().isEmpty() ? 0 : 1;
        }
    }
}
