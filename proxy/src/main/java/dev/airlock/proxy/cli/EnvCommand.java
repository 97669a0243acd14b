package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.onboard.CaBundle;
import dev.airlock.proxy.onboard.ClientSetup;
import dev.airlock.proxy.onboard.ClientSetup.Client;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock env [CLIENT]}: prints the {@code export} lines that point a client at Airlock (see
 * {@link ClientSetup}). With {@code --bundle} it first writes {@code <home>/ca/bundle.pem}, the system roots plus
 * the Airlock CA, which the trust-store-replacing variables name; without it nothing is written. Notes about that
 * write go to standard error, so standard output stays fit for {@code eval}.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print the shell lines that point an AI client at Airlock (base URL and forward proxy).")
final class EnvCommand implements Callable<Integer> {

    static final String ALL = "all";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--home", paramLabel = "DIR", description = "Install directory holding the CA (default: ~/.airlock).")
    Path home;

    @Option(names = "--bundle", description = "Write <home>/ca/bundle.pem (system roots + the Airlock CA) for "
            + "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and CODEX_CA_CERTIFICATE.")
    boolean bundle;

    @Parameters(arity = "0..1", paramLabel = "CLIENT", defaultValue = ALL,
            description = "claude-code, codex, gemini, opencode, copilot, node, python, curl, java or all (default: all).")
    String client;

    /** Where to look for the system's public roots; tests swap it. */
    List<Path> rootCandidates = CaBundle.SYSTEM_ROOTS;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Client> clients = ALL.equals(client) ? Arrays.asList(Client.values())
                : Client.byId(client).map(List::of).orElse(null);
        if (clients == null) {
            err.println("airlock env: unknown client \"" + client + "\" (expected one of: "
                    + String.join(", ", Client.ids()) + ", " + ALL + ")");
            return 2;
        }
        AirlockConfig cfg = config.configOrReport(err);
        if (cfg == null) {
            return 2;
        }
        CaFiles ca = CaFiles.in(home == null ? AirlockHome.defaultHome() : new AirlockHome(home.toAbsolutePath().normalize()));
        if (bundle) {
            try {
                writeBundle(ca, err);
            } catch (IOException e) {
                err.println("airlock env: --bundle: " + AirlockCommand.describe(e));
                return 2;
            }
        }
        ClientSetup.Trust trust = CaBundle.inspect(ca, rootCandidates);
        ClientSetup.lines(cfg.listen(), cfg.admin(), trust, clients).forEach(out::println);
        out.flush();
        return 0;
    }

    private void writeBundle(CaFiles ca, PrintWriter err) throws IOException {
        Path cert = ca.certificate().toAbsolutePath();
        Path target = CaBundle.bundleIn(ca).toAbsolutePath();
        Path roots = CaBundle.systemRoots(rootCandidates);
        if (!Files.isRegularFile(cert)) {
            err.println("airlock env: " + target + " not written: the CA certificate " + cert
                    + " does not exist yet (created on the first `airlock serve` or by `airlock ca init`)");
        } else if (roots == null) {
            err.println("airlock env: " + target + " not written: no system bundle of roots in "
                    + String.join(", ", rootCandidates.stream().map(Path::toString).toList())
                    + "; concatenate your system's PEM bundle and " + cert + " into it");
        } else {
            CaBundle.write(roots, cert, target);
            err.println("airlock env: wrote " + target + " (" + roots + " + " + cert.getFileName() + ")");
        }
    }
}
