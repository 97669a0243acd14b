package dev.airlock.proxy.cli;

import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.audit.AuditVerifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock audit verify FILE...}: checks an audit trail's chain for edits and gaps. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit trail.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check audit files (oldest first, e.g. audit.jsonl.2026* audit.jsonl) for edited, removed "
                    + "or inserted lines; exit 0 when intact, 1 when not, 2 on error.")
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audit files, oldest first.")
        List<Path> files;

        @Option(names = "--home", description = "Install directory holding the key the chain is made with "
                + "(default: ~/.airlock).")
        Path home;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    err.println("airlock audit verify: " + f + ": no such file");
                    return 2;
                }
            }
            AirlockHome install = home == null ? AirlockHome.defaultHome() : new AirlockHome(home);
            Path key = install.dir().resolve("install.key");
            if (!Files.isRegularFile(key)) {
                err.println("airlock audit verify: " + key + " does not exist (expected: the install key of the "
                        + "Airlock that wrote the trail; pass --home)");
                return 2;
            }
            AuditVerifier.Report report = new AuditVerifier(install.installKey()).verify(files);
            report.notes().forEach(n -> out.println("note: " + n));
            report.problems().forEach(p -> out.println("FAIL: " + p));
            out.println(report.intact() ? report.events() + " events, chain intact"
                    : report.events() + " events, " + report.problems().size() + " problems");
            return report.intact() ? 0 : 1;
        }
    }
}
