package dev.airlock.proxy.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.route.InterceptHosts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root on disk: created once with the right modes and extensions, reloaded untouched, refused when wrong. */
class CaFilesTest {

    private static final InterceptHosts HOSTS = InterceptHosts.of(List.of("api.openai.com"));

    @TempDir
    Path home;

    private CaFiles files() {
        return CaFiles.in(new AirlockHome(home));
    }

    @Test
    void firstOpenCreatesTheRootWithAnOwnerOnlyKeyAndAPublicCertificate() throws Exception {
        CaFiles files = files();
        assertThat(CertificateAuthority.exists(files)).isFalse();

        CertificateAuthority ca = CertificateAuthority.open(files, HOSTS);

        assertThat(CertificateAuthority.exists(files)).isTrue();
        assertThat(ca.certificatePath()).isEqualTo(home.resolve("ca/airlock-ca.pem"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.certificate())))
                .isEqualTo("rw-r--r--");
        // Only the root pair: the intermediate and leaves stay in memory, no temporary file is left behind.
        try (Stream<Path> listing = Files.list(files.dir())) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("airlock-ca.pem", "airlock-ca.key");
        }
        // The PEM label is assembled here, so no key-shaped marker sits in the repository.
        assertThat(Files.readString(files.key())).startsWith("-----BEGIN " + "PRIVATE" + " KEY-----");
        assertThat(Files.readString(files.certificate())).isEqualTo(ca.rootPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(run(CaChecks.OPENSSL, "pkey", "-in", files.key().toString(), "-noout")).isZero();
    }

    @Test
    void theRootIsASelfSignedP256CaValidForTenYears() throws Exception {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        X509Certificate root = CertificateAuthority.open(files(), HOSTS, Clock.fixed(now, ZoneOffset.UTC)).root();

        assertThat(root.getSubjectX500Principal().getName())
                .matches("CN=Airlock CA [0-9a-f]{8},O=Airlock \\(this install only\\)");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        root.verify(root.getPublicKey());
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getPublicKey().toString()).contains("secp256r1");
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
        assertThat(root.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(root.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
        assertThat(root.getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(root.getNotAfter().toInstant()).isEqualTo(now.atOffset(ZoneOffset.UTC).plusYears(10).toInstant());
        assertThat(root.getSerialNumber()).isPositive();
        assertThat(root.getSerialNumber().bitLength()).isBetween(96, 128);
    }

    @Test
    void reopeningLoadsTheSameRootAndRewritesNothing() throws Exception {
        CaFiles files = files();
        X509Certificate first = CertificateAuthority.open(files, HOSTS).root();
        byte[] cert = Files.readAllBytes(files.certificate());
        byte[] key = Files.readAllBytes(files.key());
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(files.certificate(), old);
        Files.setLastModifiedTime(files.key(), old);

        CertificateAuthority again = CertificateAuthority.open(files, HOSTS);

        assertThat(again.root().getPublicKey()).isEqualTo(first.getPublicKey());
        assertThat(again.root()).isEqualTo(first);
        assertThat(Files.readAllBytes(files.certificate())).isEqualTo(cert);
        assertThat(Files.readAllBytes(files.key())).isEqualTo(key);
        assertThat(Files.getLastModifiedTime(files.certificate())).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(files.key())).isEqualTo(old);
    }

    @Test
    void aKeyOthersCanReadIsRefusedWithTheChmodToRun() throws Exception {
        CaFiles files = files();
        CertificateAuthority.open(files, HOSTS);
        Files.setPosixFilePermissions(files.key(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(files.key() + ": mode rw-r--r--")
                .hasMessageContaining("expected: rw-------")
                .hasMessageEndingWith("chmod 600 " + files.key());

        Files.setPosixFilePermissions(files.key(), PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS)).hasMessageContaining("chmod 600");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        CaFiles files = files();
        CertificateAuthority.open(files, HOSTS);
        CaFiles other = new CaFiles(home.resolve("other"));
        CertificateAuthority.open(other, HOSTS);
        Files.delete(files.key());
        AirlockHome.writePrivate(files.key(), Files.readAllBytes(other.key()));

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining(files.key() + " is not the private key of " + files.certificate())
                .hasMessageContaining("airlock ca rotate");
    }

    @Test
    void aCertificateThatIsNotACaIsRefused() throws Exception {
        CaFiles files = files();
        Files.createDirectories(files.dir());
        CertifiedKey root = Minter.root(Clock.systemUTC());
        CertifiedKey leaf = Minter.leaf(root, "api.openai.com", Clock.systemUTC());
        AirlockHome.writePrivate(files.key(), Pem.privateKey(leaf.key()));
        Files.writeString(files.certificate(), Pem.certificate(leaf.certificate()));

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage(files.certificate() + ": not a CA certificate (expected: BasicConstraints CA:true and"
                        + " KeyUsage keyCertSign)");
    }

    @Test
    void filesThatAreNotPemAreRefused() throws Exception {
        CaFiles files = files();
        CertificateAuthority.open(files, HOSTS);
        byte[] goodCert = Files.readAllBytes(files.certificate());
        Files.writeString(files.certificate(), "not a certificate\n");

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(IOException.class)
                .hasMessage(files.certificate() + ": not PEM (expected: -----BEGIN CERTIFICATE-----)");

        // A DER certificate where PEM belongs, the likeliest mix-up.
        Files.write(files.certificate(), CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(goodCert)).getEncoded());
        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .hasMessage(files.certificate() + ": not PEM (expected: -----BEGIN CERTIFICATE-----)");

        Files.write(files.certificate(), goodCert);
        Files.delete(files.key());
        AirlockHome.writePrivate(files.key(), goodCert);
        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(IOException.class)
                .hasMessage(files.key() + ": holds a certificate (expected: an unencrypted PKCS#8 PEM private key,"
                        + " as airlock ca init writes)");
    }

    @Test
    void anUnreadableCertificateIsRefused() throws Exception {
        CaFiles files = files();
        CertificateAuthority.open(files, HOSTS);
        // Tests run as root here, which reads any mode: a directory in the file's place cannot be read by anyone.
        Files.delete(files.certificate());
        Files.createDirectory(files.certificate());

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read " + files.certificate() + ": ");
    }

    @Test
    void aLoneFileIsRefusedAndLeftAsItIs() throws Exception {
        CaFiles files = files();
        CertificateAuthority.open(files, HOSTS);
        byte[] cert = Files.readAllBytes(files.certificate());
        Files.delete(files.key());

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(IOException.class)
                .hasMessage(files.certificate() + " exists but " + files.key() + " does not (expected: both files"
                        + " of the CA, or neither); restore the missing file, or run `airlock ca rotate` to replace"
                        + " the CA");
        assertThat(Files.readAllBytes(files.certificate())).isEqualTo(cert);
        assertThat(Files.exists(files.key())).isFalse();
        assertThat(CertificateAuthority.exists(files)).isTrue();

        Files.delete(files.certificate());
        AirlockHome.writePrivate(files.key(), "key".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .hasMessageStartingWith(files.key() + " exists but " + files.certificate() + " does not");
        assertThat(Files.readString(files.key())).isEqualTo("key");
    }

    @Test
    void anExpiredRootIsRefusedWithTheWayOut() throws Exception {
        CaFiles files = files();
        Instant then = Instant.now().minus(Duration.ofDays(11 * 366));
        CertificateAuthority.open(files, HOSTS, Clock.fixed(then, ZoneOffset.UTC));

        assertThatThrownBy(() -> CertificateAuthority.open(files, HOSTS))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining(files.certificate() + ": the CA certificate expired on ")
                .hasMessageContaining("airlock ca rotate");
    }

    @Test
    void rotationKeepsTheOldPairAndCreatesANewRoot() throws Exception {
        CaFiles files = files();
        X509Certificate before = CertificateAuthority.open(files, HOSTS).root();
        byte[] oldKey = Files.readAllBytes(files.key());
        byte[] oldCert = Files.readAllBytes(files.certificate());

        CertificateAuthority.rotate(files);

        assertThat(Files.readAllBytes(files.oldKey())).isEqualTo(oldKey);
        assertThat(Files.readAllBytes(files.oldCertificate())).isEqualTo(oldCert);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.oldKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key()))).isEqualTo("rw-------");
        X509Certificate after = CertificateAuthority.open(files, HOSTS).root();
        assertThat(after.getPublicKey()).isNotEqualTo(before.getPublicKey());
        assertThat(after.getSubjectX500Principal()).isNotEqualTo(before.getSubjectX500Principal());
        assertThat(after.getSerialNumber()).isNotEqualTo(BigInteger.ZERO).isNotEqualTo(before.getSerialNumber());
    }

    @Test
    void rotationReplacesABrokenPair() throws Exception {
        CaFiles files = files();
        Files.createDirectories(files.dir());
        Files.writeString(files.certificate(), "garbage");

        CertificateAuthority.rotate(files);

        assertThat(Files.readString(files.oldCertificate())).isEqualTo("garbage");
        assertThat(CertificateAuthority.open(files, HOSTS).root().getBasicConstraints()).isNotNegative();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
