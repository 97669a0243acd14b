package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.Dialect;
import dev.airlock.config.HostPort;
import dev.airlock.config.RouteConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.proxy.testing.ConnectProxy;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.TestCa;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upstream.proxy} and {@code upstream.connectTo}: where Airlock dials, and that TLS still checks the name. */
class UpstreamRoutingTest {

    private static final TestCa CA = TestCa.create();
    private static FakeProvider provider;
    @TempDir
    static Path dir;
    private static Path caPem;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        provider = FakeProvider.start(CA);
        caPem = CA.writePem(dir);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void providerConnectionsGoThroughTheParentProxy() throws Exception {
        try (ConnectProxy parent = new ConnectProxy();
             RunningAirlock airlock = RunningAirlock.start(withUpstream(RunningAirlock.configFor(provider.baseUrl(), caPem),
                     new UpstreamConfig(caPem, Map.of(), URI.create("http://127.0.0.1:" + parent.port()))))) {
            HttpResponse<String> r = post(airlock, "/openai/v1/chat/completions");

            assertThat(r.statusCode()).isEqualTo(200);
            Recorded seen = provider.takeRequest(Duration.ofSeconds(10));
            assertThat(seen.path()).isEqualTo("/v1/chat/completions");
            assertThat(parent.targets()).containsExactly("127.0.0.1:" + provider.port());
        }
    }

    @Test
    void connectToDialsElsewhereWhileTlsAndHostKeepTheRouteName() throws Exception {
        int unused;
        try (ServerSocket s = new ServerSocket(0)) {
            unused = s.getLocalPort(); // nothing listens here once closed: only connectTo can make the route work
        }
        AirlockConfig base = RunningAirlock.configFor(provider.baseUrl(), caPem);
        AirlockConfig config = new AirlockConfig(base.listen(), base.admin(),
                List.of(new RouteConfig("openai", "https://localhost:" + unused, Dialect.OPENAI)),
                new UpstreamConfig(caPem, Map.of(new HostPort("localhost", unused),
                        new HostPort("127.0.0.1", provider.port())), null),
                base.intercept(), base.policy(), base.limits(), base.timeouts(), base.audit(), base.rules(),
                base.access(), base.response(), base.websocket());
        try (RunningAirlock airlock = RunningAirlock.start(config)) {
            HttpResponse<String> r = post(airlock, "/openai/v1/models/x");

            assertThat(r.statusCode()).isEqualTo(200);
            Recorded seen = provider.takeRequest(Duration.ofSeconds(10));
            assertThat(seen.header("host")).contains("localhost:" + unused);
            assertThat(seen.path()).isEqualTo("/v1/models/x");
        }
    }

    /** A certificate from a trusted CA but for another name is refused: host names are verified, not just chains. */
    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        try (FakeProvider impostor = FakeProvider.start(CA.serverContext("api.other.example"));
             RunningAirlock airlock = RunningAirlock.start(impostor, caPem)) {
            HttpResponse<String> r = post(airlock, "/openai/v1/chat/completions");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("TLS");
            assertThat(impostor.requests()).isEmpty();
        }
    }

    @Test
    void aRouteToAirlocksOwnAdminPortIsRefusedAtStart() throws Exception {
        int proxyPort = freePort();
        int adminPort = freePort();
        AirlockConfig base = RunningAirlock.configFor(provider.baseUrl(), caPem);
        AirlockConfig config = new AirlockConfig(new HostPort("127.0.0.1", proxyPort), new HostPort("127.0.0.1", adminPort),
                List.of(new RouteConfig("sneaky", "http://localhost:" + adminPort, Dialect.OPENAI)), base.upstream(),
                base.intercept(), base.policy(), base.limits(), base.timeouts(), base.audit(), base.rules(),
                base.access(), base.response(), base.websocket());

        assertThatThrownBy(() -> RunningAirlock.start(config)).hasMessageContaining("route \"sneaky\" points at Airlock itself");
        try (ServerSocket again = new ServerSocket(proxyPort, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the refused start released its port").isEqualTo(proxyPort);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> post(RunningAirlock airlock, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(airlock.base().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static AirlockConfig withUpstream(AirlockConfig c, UpstreamConfig upstream) {
        return new AirlockConfig(c.listen(), c.admin(), c.routes(), upstream, c.intercept(), c.policy(), c.limits(),
                c.timeouts(), c.audit(), c.rules(), c.access(), c.response(), c.websocket());
    }
}
