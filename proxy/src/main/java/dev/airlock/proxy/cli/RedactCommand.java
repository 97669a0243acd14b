package dev.airlock.proxy.cli;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.AirlockHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock redact}: the input with every credential replaced by its placeholder, on standard output. */
@Command(name = "redact", mixinStandardHelpOptions = true,
        description = "Write the input with credentials replaced by [REDACTED:<rule>:<tag>] placeholders.")
final class RedactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Treat the input as JSON: redact inside string values and keys, keep the rest byte for byte.")
    boolean json;

    @picocli.CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--home", description = "Install directory holding the redaction key (default: ~/.airlock).")
    Path home;

    @Parameters(arity = "0..1", paramLabel = "PATH", defaultValue = "-", description = "File to redact; - or nothing for standard input.")
    String path;

    @Override
    public Integer call() throws IOException {
        byte[] input = path.equals(ScanTarget.STDIN) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(path));
        if (ScanTarget.isBinary(input)) {
            // Rewriting would corrupt it: binary data is never redacted, and never passed through as if it had been.
            spec.commandLine().getErr().println("airlock redact: " + path + ": binary input (expected text or JSON)");
            return 2;
        }
        Redactor redactor = new Redactor((home == null ? AirlockHome.defaultHome() : new AirlockHome(home)).installKey());
        Detector detector = config.detectorOrReport(spec.commandLine().getErr());
        if (detector == null) {
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            return JsonRedactMode.run(input, detector, redactor, out, spec.commandLine().getErr());
        }
        String text = ScanTarget.decode(input);
        out.print(redactor.redact(text, detector.scan(text)));
        out.flush();
        return 0;
    }
}
