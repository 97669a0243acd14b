package dev.airlock.proxy.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.cli.CaCommand;
import dev.airlock.proxy.route.InterceptHosts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code airlock ca}: each subcommand's output and files, and exit 2 with a reason for bad usage. */
class CaCommandTest {

    @TempDir
    Path home;

    record Result(int exit, String out, String err, byte[] stdout) {
    }

    @Test
    void initCreatesOnceThenReportsTheCaIsThere() {
        Path cert = home.resolve("ca/airlock-ca.pem");

        Result first = ca("init", "--home", home.toString());
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("Created the CA certificate: " + cert).contains("airlock ca export");
        assertThat(Files.exists(cert)).isTrue();

        Result second = ca("init", "--home", home.toString());
        assertThat(second.exit()).isZero();
        assertThat(second.out()).isEqualTo("CA certificate already exists: " + cert + System.lineSeparator());
    }

    @Test
    void pathPrintsWhereTheCertificateIsAndCreatesItOnFirstUse() {
        Result result = ca("path", "--home", home.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out().strip()).isEqualTo(home.resolve("ca/airlock-ca.pem").toString());
        assertThat(Files.exists(home.resolve("ca/airlock-ca.key"))).isTrue();
    }

    @Test
    void exportWritesPemAndDerToStandardOutput() throws Exception {
        X509Certificate root = root();

        Result pem = ca("export", "--home", home.toString());
        assertThat(pem.exit()).isZero();
        assertThat(pem.out()).isEqualTo(Files.readString(home.resolve("ca/airlock-ca.pem")));
        assertThat(parse(pem.out().getBytes())).isEqualTo(root);

        Result der = ca("export", "--format", "der", "--home", home.toString());
        assertThat(der.exit()).isZero();
        assertThat(der.out()).isEmpty();
        assertThat(der.stdout()).isEqualTo(root.getEncoded());
    }

    @Test
    void exportWritesFiles() throws Exception {
        X509Certificate root = root();
        Path pem = home.resolve("out.pem");
        Path der = home.resolve("out.der");

        assertThat(ca("export", "--out", pem.toString(), "--home", home.toString()).exit()).isZero();
        Result derResult = ca("export", "--format", "der", "--out", der.toString(), "--home", home.toString());

        assertThat(derResult.exit()).isZero();
        assertThat(derResult.out()).contains("Wrote the CA certificate (der) to " + der);
        assertThat(derResult.stdout()).isEmpty();
        assertThat(parse(Files.readAllBytes(pem))).isEqualTo(root);
        assertThat(Files.readAllBytes(der)).isEqualTo(root.getEncoded());
    }

    @Test
    void exportP12IsATrustStoreHoldingTheRoot() throws Exception {
        X509Certificate root = root();
        Path p12 = home.resolve("trust.p12");
        Path custom = home.resolve("custom.p12");

        assertThat(ca("export", "--format", "p12", "--out", p12.toString(), "--home", home.toString()).exit()).isZero();
        assertThat(ca("export", "--format", "p12", "--out", custom.toString(), "--password", "s3cret",
                "--home", home.toString()).exit()).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        assertThat(Collections.list(store.aliases())).containsExactly("airlock-ca");
        assertThat(store.isCertificateEntry("airlock-ca")).isTrue();
        assertThat(store.getCertificate("airlock-ca")).isEqualTo(root);
        KeyStore other = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(custom)) {
            other.load(in, "s3cret".toCharArray());
        }
        assertThat(other.getCertificate("airlock-ca")).isEqualTo(root);
    }

    @Test
    void rotateKeepsTheOldPairAndWarnsThatClientsMustTrustTheNewRoot() throws Exception {
        X509Certificate before = root();
        CaFiles files = new CaFiles(home.resolve("ca"));

        Result result = ca("rotate", "--home", home.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("New CA certificate: " + files.certificate())
                .contains(files.oldCertificate().toString()).contains(files.oldKey().toString());
        assertThat(result.err()).startsWith("warning: every client must trust the new certificate");
        assertThat(parse(Files.readAllBytes(files.oldCertificate()))).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.oldKey()))).isEqualTo("rw-------");
        X509Certificate after = root();
        assertThat(after.getPublicKey()).isNotEqualTo(before.getPublicKey());
    }

    @Test
    void badUsageExitsTwoNamingWhatWasWrongAndWhatWasExpected() {
        Result format = ca("export", "--format", "jks", "--home", home.toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format").contains("jks").contains("pem, der, p12");

        Result p12 = ca("export", "--format", "p12", "--home", home.toString());
        assertThat(p12.exit()).isEqualTo(2);
        assertThat(p12.err()).contains("--format p12 needs --out FILE (expected: a file for the binary trust store)");

        Result password = ca("export", "--password", "x", "--home", home.toString());
        assertThat(password.exit()).isEqualTo(2);
        assertThat(password.err()).contains("--password applies to --format p12 only");

        Result none = ca();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("missing subcommand (expected one of: init, path, export, rotate)");

        Result unknown = ca("renew");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("renew");
    }

    @Test
    void aBrokenCaExitsTwoWithTheReason() throws Exception {
        CaFiles files = new CaFiles(home.resolve("ca"));
        assertThat(ca("init", "--home", home.toString()).exit()).isZero();
        Files.setPosixFilePermissions(files.key(), PosixFilePermissions.fromString("rw-r--r--"));

        Result result = ca("export", "--home", home.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("airlock ca export: " + files.key() + ": mode rw-r--r--")
                .contains("chmod 600 " + files.key());
        assertThat(result.out()).isEmpty();
    }

    private X509Certificate root() throws Exception {
        return CertificateAuthority.open(new CaFiles(home.resolve("ca")), InterceptHosts.of(List.of())).root();
    }

    private static X509Certificate parse(byte[] encoded) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    /**
     * Runs {@code airlock ca ...} in-process. Standard output is swapped only for the call (DER goes to the byte
     * stream); the tests of a class run one at a time, so nothing else writes there meanwhile.
     */
    private static synchronized Result ca(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true));
        try {
            // Built after the swap: picocli's default execution strategy remembers System.out when it is created
            // and, finding it changed, would replace the writer set below with one on the old stream.
            CommandLine cli = new CommandLine(new CaCommand());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Result(exit, out.toString(), err.toString(), bytes.toByteArray());
        } finally {
            System.setOut(saved);
        }
    }
}
