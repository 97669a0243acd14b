package dev.airlock.proxy.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.route.InterceptHosts;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's checks that need no running Airlock: the CA on disk, the shell's variables, the HTTP reading. */
class DoctorChecksTest {

    private static final HostPort LISTEN = new HostPort("127.0.0.1", 8080);

    @TempDir
    Path dir;

    private CaFiles newCa() throws Exception {
        CaFiles files = CaFiles.in(new AirlockHome(dir));
        CertificateAuthority.open(files, InterceptHosts.of(InterceptConfig.DEFAULT_HOSTS));
        return files;
    }

    @Test
    void aFreshCaIsOkAndItsCertificateIsKeptForTheHandshake() throws Exception {
        CaFiles files = newCa();
        CaChecks checks = new CaChecks(files, "airlock serve");
        Check check = checks.files(Instant.now());
        assertThat(check.status()).as(check.toString()).isEqualTo(Check.Status.OK);
        assertThat(check.detail()).contains(files.certificate().toAbsolutePath().toString()).contains("owner-only");
        assertThat(checks.certificate()).isNotNull();
    }

    @Test
    void aMissingCaPointsAtServeWhichCreatesIt() {
        Check check = new CaChecks(CaFiles.in(new AirlockHome(dir)), "airlock serve --home /x").files(Instant.now());
        assertThat(check.status()).isEqualTo(Check.Status.FAIL);
        assertThat(check.detail()).contains("no CA certificate");
        assertThat(check.fix()).contains("airlock serve --home /x");
    }

    @Test
    void expiryIsAWarningWithin30DaysAndAFailureAfter() throws Exception {
        CaFiles files = newCa();
        CaChecks checks = new CaChecks(files, "airlock serve");
        X509Certificate cert = CaChecks.read(Files.readAllBytes(files.certificate()));
        Instant end = cert.getNotAfter().toInstant();

        Check soon = checks.files(end.minus(Duration.ofDays(10)));
        assertThat(soon.status()).isEqualTo(Check.Status.WARN);
        assertThat(soon.fix()).contains("airlock ca rotate");

        Check expired = checks.files(end.plusSeconds(1));
        assertThat(expired.status()).isEqualTo(Check.Status.FAIL);
        assertThat(expired.detail()).contains("expired");
    }

    @Test
    void aKeyOthersCanReadFailsWithTheChmodCommandAndGarbageIsNamed() throws Exception {
        CaFiles files = newCa();
        assumeThat(files.key().getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(files.key(), PosixFilePermissions.fromString("rw-r-----"));
        Check shared = new CaChecks(files, "airlock serve").files(Instant.now());
        assertThat(shared.status()).isEqualTo(Check.Status.FAIL);
        assertThat(shared.fix()).isEqualTo("chmod 600 " + files.key().toAbsolutePath());

        Files.writeString(files.certificate(), "not a certificate\n");
        Check garbage = new CaChecks(files, "airlock serve").files(Instant.now());
        assertThat(garbage.status()).isEqualTo(Check.Status.FAIL);
        assertThat(garbage.detail()).contains("not a PEM certificate");
    }

    @Test
    void noClientVariablesIsAnInfoLineAboutAirlockEnv() {
        List<Check> checks = DoctorChecks.environment(Map.of(), LISTEN, dir.resolve("ca.pem"), null);
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Check.Status.INFO);
            assertThat(c.fix()).contains("airlock env");
        });
    }

    @Test
    void proxyVariablesElsewhereWarnWithoutPrintingTheirValue() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://bob:hunter2-pass@proxy.corp:3128",
                "https_proxy", "localhost:8080");
        List<Check> checks = DoctorChecks.environment(env, LISTEN, dir.resolve("ca.pem"), null);
        assertThat(checks).hasSize(2).noneMatch(Check::failed);
        assertThat(checks.get(0).status()).isEqualTo(Check.Status.WARN);
        assertThat(checks.get(0).detail()).contains("proxy.corp:3128").doesNotContain("hunter2").doesNotContain("bob");
        assertThat(checks.get(0).fix()).isEqualTo("export HTTPS_PROXY=http://127.0.0.1:8080");
        assertThat(checks.get(1).status()).as("localhost is loopback too").isEqualTo(Check.Status.OK);
    }

    @Test
    void nodeExtraCaCertsMayNameTheCaOrABundleHoldingIt() throws Exception {
        CaFiles files = newCa();
        Path ca = files.certificate().toAbsolutePath();
        X509Certificate cert = CaChecks.read(Files.readAllBytes(ca));
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(ca));
        Path other = Files.writeString(dir.resolve("other.pem"), "");

        assertThat(DoctorChecks.environment(Map.of("NODE_EXTRA_CA_CERTS", ca.toString()), LISTEN, ca, cert))
                .singleElement().extracting(Check::status).isEqualTo(Check.Status.OK);
        assertThat(DoctorChecks.environment(Map.of("NODE_EXTRA_CA_CERTS", bundle.toString()), LISTEN, ca, cert))
                .singleElement().extracting(Check::status).isEqualTo(Check.Status.OK);
        assertThat(DoctorChecks.environment(Map.of("NODE_EXTRA_CA_CERTS", other.toString()), LISTEN, ca, cert))
                .singleElement().satisfies(c -> {
                    assertThat(c.status()).isEqualTo(Check.Status.WARN);
                    assertThat(c.fix()).isEqualTo("export NODE_EXTRA_CA_CERTS=" + ca);
                });
    }

    @Test
    void aWildcardListenerIsCheckedOnLoopback() {
        AirlockConfig cfg = AirlockConfig.DEFAULT.withListeners(new HostPort("0.0.0.0", 9000), new HostPort("0.0.0.0", 9001));
        DoctorChecks checks = new DoctorChecks(cfg, CaFiles.in(new AirlockHome(dir)), "api.openai.com",
                Duration.ofSeconds(1), Map.of(), "airlock serve");
        assertThat(checks.proxyAddress()).isEqualTo(new HostPort("127.0.0.1", 9000));
        assertThat(checks.adminAddress()).isEqualTo(new HostPort("127.0.0.1", 9001));
        assertThat(DoctorChecks.serveHint(Path.of("my config.yaml"), null)).isEqualTo("airlock serve --config 'my config.yaml'");
    }

    @Test
    void answersAreReadWhateverTheirFraming() throws Exception {
        String chunked = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n"
                + "X-Thing: v\r\n\r\n5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n";
        HttpProbe.Answer a = HttpProbe.read(new ByteArrayInputStream(chunked.getBytes(UTF_8)), false);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.header("x-thing")).isEqualTo("v");
        assertThat(a.text()).isEqualTo("hello world");

        String sized = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 2\r\n\r\n{}trailing";
        assertThat(HttpProbe.read(new ByteArrayInputStream(sized.getBytes(UTF_8)), false).text()).isEqualTo("{}");

        String connect = "HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003";
        ByteArrayInputStream in = new ByteArrayInputStream(connect.getBytes(UTF_8));
        assertThat(HttpProbe.read(in, true).status()).isEqualTo(200);
        assertThat(in.read()).as("the tunnel's first byte is left unread").isEqualTo(0x16);
    }
}
