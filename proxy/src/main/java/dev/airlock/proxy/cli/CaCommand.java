package dev.airlock.proxy.cli;

import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.route.InterceptHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock ca}: the install's root certificate, which clients must trust for the proxy to read the TLS of
 * intercepted hosts. Failures exit 2 with a message naming the file and what was expected, also when run on its
 * own (tests), not only under {@link AirlockCommand}'s handlers.
 */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "The install's certificate authority: the root certificate clients trust.",
        subcommands = {CaCommand.Init.class, CaCommand.PathOf.class, CaCommand.Export.class, CaCommand.Rotate.class})
public final class CaCommand implements Runnable {

    static final String TRUST_ALIAS = "airlock-ca";
    static final String DEFAULT_PASSWORD = "changeit";
    private static final String SUBCOMMANDS = "init, path, export, rotate";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (expected one of: " + SUBCOMMANDS + ")");
    }

    /** {@code --home}, as {@code airlock serve} takes it. */
    static final class HomeOption {
        @Option(names = "--home", paramLabel = "DIR",
                description = "Install directory; the CA lives in its ca/ folder (default: ~/.airlock).")
        Path home;

        CaFiles files() {
            return CaFiles.in(home == null ? AirlockHome.defaultHome() : new AirlockHome(home));
        }
    }

    /** What every subcommand shares: the files, and failures reported as one line and exit 2. */
    abstract static class Subcommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HomeOption home;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                int exit = run(out, spec.commandLine().getErr());
                out.flush();
                return exit;
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("airlock ca " + spec.name() + ": " + AirlockCommand.describe(e));
                return 2;
            }
        }

        abstract int run(PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException;

        /**
         * Loads or creates the root. No host is intercepted here: the intermediate minted alongside is thrown
         * away, and it can sign nothing but names under the reserved {@code .invalid} domain.
         */
        CertificateAuthority open() throws IOException, GeneralSecurityException {
            return CertificateAuthority.open(home.files(), InterceptHosts.of(List.of()));
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the CA if it does not exist yet, and print where its certificate is.")
    static final class Init extends Subcommand {
        @Override
        int run(PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException {
            boolean existed = CertificateAuthority.exists(home.files());
            CertificateAuthority ca = open();
            if (existed) {
                out.println("CA certificate already exists: " + ca.certificatePath());
            } else {
                out.println("Created the CA certificate: " + ca.certificatePath());
                out.println("Clients must trust it before they use the proxy; see `airlock ca export`.");
            }
            return 0;
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true,
            description = "Print the path of the CA certificate (creating the CA on first use).")
    static final class PathOf extends Subcommand {
        @Override
        int run(PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException {
            out.println(open().certificatePath());
            return 0;
        }
    }

    /** Lower case so the values read on the command line as users type them. */
    enum Format { pem, der, p12 }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the CA certificate for clients to trust (creating the CA on first use).")
    static final class Export extends Subcommand {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pem",
                description = "pem (default), der, or p12: a PKCS12 trust store for -Djavax.net.ssl.trustStore.")
        Format format;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path file;

        @Option(names = "--password", paramLabel = "P", description = "Password of the p12 trust store (default: "
                + DEFAULT_PASSWORD + ").")
        String password;

        @Override
        int run(PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException {
            if (format == Format.p12 && file == null) {
                throw new ParameterException(spec.commandLine(),
                        "--format p12 needs --out FILE (expected: a file for the binary trust store)");
            }
            if (password != null && format != Format.p12) {
                throw new ParameterException(spec.commandLine(),
                        "--password applies to --format p12 only (expected: no password for " + format + ")");
            }
            CertificateAuthority ca = open();
            byte[] bytes = switch (format) {
                case pem -> ca.rootPem().getBytes(StandardCharsets.US_ASCII);
                case der -> ca.root().getEncoded();
                case p12 -> trustStore(ca);
            };
            if (file == null) {
                if (format == Format.pem) {
                    out.print(new String(bytes, StandardCharsets.US_ASCII));
                } else {
                    // DER is binary: straight to the byte stream, past the character writer.
                    OutputStream stdout = System.out;
                    stdout.write(bytes);
                    stdout.flush();
                }
                return 0;
            }
            Files.write(file, bytes);
            out.println("Wrote the CA certificate (" + format + ") to " + file);
            return 0;
        }

        private byte[] trustStore(CertificateAuthority ca) throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(TRUST_ALIAS, ca.root());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, (password == null ? DEFAULT_PASSWORD : password).toCharArray());
            return bytes.toByteArray();
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Replace the CA with a new one; the old pair is kept with an .old suffix.")
    static final class Rotate extends Subcommand {
        @Override
        int run(PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException {
            CaFiles files = home.files();
            CertificateAuthority.rotate(files);
            out.println("New CA certificate: " + files.certificate());
            out.println("The previous pair is kept as " + files.oldCertificate() + " and " + files.oldKey());
            err.println("warning: every client must trust the new certificate before it uses the proxy again (the old"
                    + " one signs nothing any more); restart a running proxy so it signs with the new CA");
            return 0;
        }
    }
}
