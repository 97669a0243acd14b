package dev.airlock.proxy.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the real command line in-process, capturing what it prints and the exit code. */
final class CliRunner {

    record Result(int exit, String out, String err) {
    }

    private CliRunner() {
    }

    static Result run(Path home, String... args) {
        return runWithInput(home, "", args);
    }

    /**
     * Standard input is swapped only for the duration of one call; the tests of this package run one at a
     * time (Surefire's default), so no other test sees it.
     */
    static synchronized Result runWithInput(Path home, String stdin, String... args) {
        CommandLine cli = AirlockCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = withHome(home, args);
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int exit = cli.execute(full);
            return new Result(exit, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    private static String[] withHome(Path home, String[] args) {
        if (home == null || args.length == 0 || !(args[0].equals("scan") || args[0].equals("redact"))) {
            return args;
        }
        String[] full = new String[args.length + 2];
        full[0] = args[0];
        full[1] = "--home";
        full[2] = home.toString();
        System.arraycopy(args, 1, full, 3, args.length - 1);
        return full;
    }
}
