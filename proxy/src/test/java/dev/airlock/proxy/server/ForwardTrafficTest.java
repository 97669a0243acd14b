package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.TestCa;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the forward-proxy tests share: a test CA, a TLS fake provider for api.openai.com and a TLS server for a host
 * that is not intercepted (both reached through {@code upstream.connectTo}), the install CA Airlock mints leaves
 * from, and raw-socket, curl and TLS-over-CONNECT clients.
 */
public abstract class ForwardTrafficTest {

    protected static final String AI_HOST = "api.openai.com";
    static final String OTHER_HOST = "tunnel.example.org";

    @TempDir
    protected static Path dir;
    static TestCa testCa;
    static Path testCaPem;
    /** The install directory the Airlock CA lives in, as {@code airlock serve --home} would use it. */
    protected static Path home;
    protected static CertificateAuthority airlockCa;
    protected static FakeProvider provider;
    static FakeProvider elsewhere;

    @BeforeAll
    static void start() throws Exception {
        testCa = TestCa.create();
        testCaPem = testCa.writePem(dir);
        home = dir.resolve("home");
        airlockCa = CertificateAuthority.open(CaFiles.in(new AirlockHome(home)),
                InterceptHosts.of(InterceptConfig.DEFAULT_HOSTS));
        provider = FakeProvider.start(testCa.serverContext(AI_HOST));
        elsewhere = FakeProvider.start(testCa.serverContext(OTHER_HOST));
    }

    @AfterAll
    static void stop() {
        provider.close();
        elsewhere.close();
    }

    /** Airlock dialling both hosts at the fakes, trusting the test CA upstream. */
    protected static AirlockConfig config(InterceptConfig intercept) {
        AirlockConfig base = RunningAirlock.configFor(provider.baseUrl(), testCaPem);
        return base.withIntercept(intercept).withUpstream(new UpstreamConfig(testCaPem, Map.of(
                new HostPort(AI_HOST, 443), new HostPort("127.0.0.1", provider.port()),
                new HostPort(OTHER_HOST, 443), new HostPort("127.0.0.1", elsewhere.port())), null));
    }

    protected static RunningAirlock airlock(InterceptConfig intercept) throws Exception {
        return RunningAirlock.start(config(intercept), airlockCa);
    }


    record Curl(int status, String body, String out) {
    }

    static Curl curl(RunningAirlock airlock, Path caFile, String url, String body, String... extra) throws Exception {
        Path bodyFile = Files.createTempFile(dir, "body", ".json");
        Path outFile = Files.createTempFile(dir, "out", ".json");
        Files.writeString(bodyFile, body, UTF_8);
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--connect-timeout", "10", "--max-time", "20",
                "-x", "http://127.0.0.1:" + airlock.port(), "--cacert", caFile.toString(),
                "-H", "content-type: application/json", "--data-binary", "@" + bodyFile,
                "-o", outFile.toString(), "-w", "%{http_code}"));
        command.addAll(List.of(extra));
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl: " + out).isZero();
        return new Curl(Integer.parseInt(out.strip().substring(Math.max(0, out.strip().length() - 3))),
                Files.readString(outFile, UTF_8), out);
    }

    /** Sends a CONNECT and returns the whole answer (Airlock closes after a refusal). */
    static String rawConnect(RunningAirlock airlock, String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", airlock.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(UTF_8));
            return new String(s.getInputStream().readAllBytes(), UTF_8);
        }
    }

    /** Opens a tunnel to api.openai.com, speaks TLS trusting the install CA, sends {@code request}, reads the head. */
    static String overTunnel(RunningAirlock airlock, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", airlock.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("CONNECT " + AI_HOST + ":443 HTTP/1.1\r\nHost: " + AI_HOST + ":443\r\n\r\n")
                    .getBytes(UTF_8));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 ");
            try (SSLSocket tls = (SSLSocket) trusting(airlockCa.root()).getSocketFactory()
                    .createSocket(s, AI_HOST, 443, false)) {
                tls.startHandshake();
                tls.getOutputStream().write(request.getBytes(UTF_8));
                tls.getOutputStream().flush();
                return readHead(tls.getInputStream()) + new String(tls.getInputStream().readAllBytes(), UTF_8);
            }
        }
    }

    static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    static SSLContext trusting(X509Certificate root) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static X509Certificate firstCertificate(String sClientOutput) throws Exception {
        int begin = sClientOutput.indexOf("-----BEGIN CERTIFICATE-----");
        int end = sClientOutput.indexOf("-----END CERTIFICATE-----", begin) + "-----END CERTIFICATE-----".length();
        assertThat(begin).as("a certificate in the openssl output").isNotNegative();
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(sClientOutput.substring(begin, end).getBytes(UTF_8)));
    }
}
