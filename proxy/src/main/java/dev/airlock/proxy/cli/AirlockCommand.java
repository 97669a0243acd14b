package dev.airlock.proxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code airlock} command line: the entry point of {@code airlock.jar}. */
@Command(name = "airlock", mixinStandardHelpOptions = true, versionProvider = AirlockCommand.Version.class,
        description = "Keeps credentials out of AI prompts: a scanning proxy and a secret scanner.",
        subcommands = {ServeCommand.class, ScanCommand.class, RedactCommand.class, RulesCommand.class,
                ConfigCommand.class, CaCommand.class, EnvCommand.class, PasswdCommand.class, DoctorCommand.class,
                AuditCommand.class, HookCommand.class, BaselineCommand.class})
public final class AirlockCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AirlockCommand());
        // Output is UTF-8 whatever the platform default, so redacted text and file names survive intact.
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        // Bad usage and unexpected failures share exit code 2 with scan errors: 0 clean, 1 findings, 2 error.
        cli.setExitCodeExceptionMapper(e -> 2);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("airlock: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, parsed, result) -> {
            parsed.getErr().println("airlock " + parsed.getCommandName() + ": " + describe(e));
            return 2;
        });
        return cli;
    }

    /** A failure in words a user can act on; never a stack trace. */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = AirlockCommand.class.getResourceAsStream("/dev/airlock/proxy/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"airlock " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
