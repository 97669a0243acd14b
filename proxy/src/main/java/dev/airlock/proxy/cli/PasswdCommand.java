package dev.airlock.proxy.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock passwd USER}: reads a password (from the terminal without echo, or one line of standard input) and
 * prints the {@code access.users} line holding its bcrypt hash. The password never appears on the command line.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Print the access.users entry (a bcrypt hash) for a proxy user; the password is read from "
                + "the terminal or standard input.")
final class PasswdCommand implements Callable<Integer> {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "USER", description = "The user name (letters, digits, . _ @ -).")
    String user;

    @Option(names = "--cost", defaultValue = "12", description = "bcrypt cost, 10 to 16 (default: 12).")
    int cost;

    @Override
    public Integer call() throws Exception {
        if (!USER.matcher(user).matches()) {
            spec.commandLine().getErr().println("airlock passwd: \"" + user + "\" is not a user name (expected: 1 to 64 "
                    + "letters, digits and . _ @ -)");
            return 2;
        }
        if (cost < 10 || cost > 16) {
            spec.commandLine().getErr().println("airlock passwd: --cost " + cost + " (expected: 10 to 16)");
            return 2;
        }
        char[] password = read();
        if (password == null || password.length == 0) {
            spec.commandLine().getErr().println("airlock passwd: no password given (expected: one line on standard input)");
            return 2;
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2y", password, salt, cost);
        Arrays.fill(password, '\0');
        spec.commandLine().getOut().println("access:\n  users:\n    \"" + user + "\": \"" + hash + "\"");
        return 0;
    }

    private static char[] read() throws java.io.IOException {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("Password: ");
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
