package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.proxy.testing.ConnectProxy;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Responder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Forward-proxy mode end to end: real clients (curl, the JDK HttpClient, openssl, raw sockets) send {@code CONNECT}
 * through Airlock; intercepted hosts reach a TLS fake provider through {@code upstream.connectTo} with their secrets
 * redacted, other hosts are tunnelled untouched to servers presenting their own certificates.
 */
class ForwardProxyTest extends ForwardTrafficTest {

    @Test
    void curlThroughConnectHasTheSecretRedactedAndTheAnswerRelayed() throws Exception {
        WireClients.assumeCurl();
        provider.respond(Responder.json(200, "{\"id\":\"chatcmpl-1\"}"));
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            Curl result = curl(airlock, airlockCa.certificatePath(), "https://" + AI_HOST + "/v1/chat/completions",
                    LiveTraffic.openAiBody(false));
            assertThat(result.status()).as(result.out()).isEqualTo(200);
            assertThat(result.body()).isEqualTo("{\"id\":\"chatcmpl-1\"}");
            var seen = provider.takeRequest(WAIT);
            assertThat(seen.uri()).isEqualTo("/v1/chat/completions");
            assertThat(seen.bodyText()).doesNotContain(SECRET).contains("[REDACTED:");
            assertThat(WireClients.metric(airlock, "airlock_connects_total", "outcome", "intercepted")).isEqualTo(1.0);
        }
    }

    @Test
    void jdkHttpClientStreamsEventsThroughInterceptionAsTheyArrive() throws Exception {
        Gate gate = new Gate();
        provider.respond(Responder.sseGated(List.of("data: {\"n\":1}", "data: {\"n\":2}", "data: [DONE]"), gate));
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", airlock.port())))
                    .sslContext(trusting(airlockCa.root())).connectTimeout(WAIT).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + AI_HOST + "/v1/chat/completions"))
                    .header("content-type", "application/json").timeout(WAIT)
                    .POST(HttpRequest.BodyPublishers.ofString(LiveTraffic.openAiBody(true))).build();
            gate.release();
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).isEqualTo("data: {\"n\":1}");
            gate.awaitSent(1, WAIT); // recorded when the fake's write completes, maybe after the client read it
            assertThat(gate.sent()).as("the second event is still held by the provider").isEqualTo(1);
            gate.release(2);
            List<String> rest = new ArrayList<>();
            lines.forEachRemaining(rest::add);
            assertThat(rest).contains("data: {\"n\":2}", "data: [DONE]");
            assertThat(provider.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
        }
    }

    @Test
    void aHostThatIsNotInterceptedIsTunnelledWithItsOwnCertificateAndUntouched() throws Exception {
        WireClients.assumeCurl();
        elsewhere.respond(Responder.json(200, "{\"tunnelled\":true}"));
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            // Trusting only the test CA: the handshake succeeds only if the origin's own certificate arrives.
            Curl result = curl(airlock, testCaPem, "https://" + OTHER_HOST + "/upload", LiveTraffic.openAiBody(false));
            assertThat(result.status()).as(result.out()).isEqualTo(200);
            assertThat(elsewhere.takeRequest(WAIT).bodyText()).contains(SECRET);
            assertThat(WireClients.metric(airlock, "airlock_connects_total", "outcome", "tunnelled")).isEqualTo(1.0);
        }
    }

    @Test
    void openSslAcceptsTheServedChainAgainstTheInstallCa() throws Exception {
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            Process p = new ProcessBuilder("openssl", "s_client", "-proxy", "127.0.0.1:" + airlock.port(),
                    "-connect", AI_HOST + ":443", "-servername", AI_HOST, "-CAfile",
                    airlockCa.certificatePath().toString(), "-verify_return_error", "-showcerts")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("Verify return code: 0 (ok)");
            X509Certificate leaf = firstCertificate(out);
            assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, AI_HOST));
            assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
            assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
            long days = TimeUnit.MILLISECONDS.toDays(leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime());
            assertThat(days).isLessThanOrEqualTo(180);
        }
    }

    @Test
    void bytesSentBehindTheConnectReachTheTunnelAndItRelaysBothWays() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread echoer = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception ignored) {
                    // the test's assertions report what went wrong
                }
            });
            echoer.start();
            AirlockConfig c = config(InterceptConfig.DEFAULT).withUpstream(new UpstreamConfig(testCaPem,
                    Map.of(new HostPort("echo.example.org", 443), new HostPort("127.0.0.1", echo.getLocalPort())), null));
            try (RunningAirlock airlock = RunningAirlock.start(c, airlockCa);
                 Socket s = new Socket("127.0.0.1", airlock.port())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("CONNECT echo.example.org:443 HTTP/1.1\r\nHost: echo.example.org:443\r\n\r\n"
                        + "\u0016\u0003\u0001early bytes").getBytes(UTF_8));
                out.flush();
                InputStream in = s.getInputStream();
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200 ");
                assertThat(new String(in.readNBytes(14), UTF_8)).isEqualTo("\u0016\u0003\u0001early bytes");
                out.write("and more".getBytes(UTF_8));
                out.flush();
                assertThat(new String(in.readNBytes(8), UTF_8)).isEqualTo("and more");
            }
            echoer.join(10_000);
        }
    }

    @Test
    void connectRefusals() throws Exception {
        InterceptConfig deny = new InterceptConfig(InterceptConfig.DEFAULT_HOSTS, InterceptConfig.Others.DENY,
                List.of(443));
        try (RunningAirlock airlock = airlock(deny)) {
            String port = rawConnect(airlock, AI_HOST + ":8443");
            assertThat(port).startsWith("HTTP/1.1 403 ").contains("intercept.ports");
            String denied = rawConnect(airlock, OTHER_HOST + ":443");
            assertThat(denied).startsWith("HTTP/1.1 403 ").contains("intercept.others is deny");
            assertThat(rawConnect(airlock, "no-port-here")).startsWith("HTTP/1.1 400 ");
            assertThat(WireClients.metric(airlock, "airlock_connects_total", "outcome", "refused")).isEqualTo(3.0);
        }
    }

    @Test
    void plainForwardRequestsReachPort80AndTheConnectPortsOnly() throws Exception {
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            var smtp = WireClients.raw(airlock, "GET http://" + OTHER_HOST + ":25/ HTTP/1.1\r\nHost: " + OTHER_HOST
                    + ":25\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(smtp.status()).isEqualTo(403);
            assertThat(new String(smtp.body(), UTF_8)).contains("port 25").contains("intercept.ports");
            var nonsense = WireClients.raw(airlock, "GET http://" + OTHER_HOST + ":99999/ HTTP/1.1\r\nHost: "
                    + OTHER_HOST + "\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(nonsense.status()).isEqualTo(400);
            assertThat(new String(nonsense.body(), UTF_8)).contains("expected: 1 to 65535");
        }
    }

    @Test
    void airlocksOwnPortsAreNeverATarget() throws Exception {
        RunningAirlock probe = airlock(InterceptConfig.DEFAULT);
        int admin = probe.server().adminAddress().getPort();
        probe.close();
        AirlockConfig c = config(new InterceptConfig(InterceptConfig.DEFAULT_HOSTS, InterceptConfig.Others.TUNNEL,
                List.of(443, admin))).withListeners(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", admin));
        try (RunningAirlock airlock = RunningAirlock.start(c, airlockCa)) {
            assertThat(rawConnect(airlock, "127.0.0.1:" + admin)).startsWith("HTTP/1.1 403 ").contains("Airlock itself");
            var plain = WireClients.raw(airlock, "GET http://127.0.0.1:" + admin + "/metrics HTTP/1.1\r\nHost: 127.0.0.1:"
                    + admin + "\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(plain.status()).isEqualTo(403);
            assertThat(new String(plain.body(), UTF_8)).doesNotContain("airlock_requests_total");
        }
    }

    @Test
    void insideATunnelOnlyItsHostIsServedAndWebSocketsAreTurnedAway() throws Exception {
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            String misdirected = overTunnel(airlock, "GET /v1/models HTTP/1.1\r\nHost: api.anthropic.com\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(misdirected).startsWith("HTTP/1.1 421 ").contains("opened for api.openai.com");
            String upgrade = overTunnel(airlock, "GET /v1/responses HTTP/1.1\r\nHost: api.openai.com\r\n"
                    + "Connection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertThat(upgrade).startsWith("HTTP/1.1 426 ");
        }
    }

    @Test
    void plainHttpForwardRequestsAreScannedForInterceptedHostsOnly() throws Exception {
        try (FakeProvider plain = FakeProvider.startPlain()) {
            AirlockConfig c = config(InterceptConfig.DEFAULT).withUpstream(new UpstreamConfig(testCaPem, Map.of(
                    new HostPort(AI_HOST, 80), new HostPort("127.0.0.1", plain.port()),
                    new HostPort(OTHER_HOST, 80), new HostPort("127.0.0.1", plain.port())), null));
            try (RunningAirlock airlock = RunningAirlock.start(c, airlockCa)) {
                byte[] body = LiveTraffic.openAiBody(false).getBytes(UTF_8);
                var ai = WireClients.raw(airlock, "POST http://" + AI_HOST + "/v1/chat/completions HTTP/1.1\r\nHost: "
                        + AI_HOST + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
                assertThat(ai.status()).isEqualTo(200);
                assertThat(plain.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
                // The host written in capitals with its root's dot is the same host: scanned, and connectTo applies.
                String spelled = AI_HOST.toUpperCase(java.util.Locale.ROOT) + ".";
                var dotted = WireClients.raw(airlock, "POST http://" + spelled + "/v1/chat/completions HTTP/1.1\r\n"
                        + "Host: " + spelled + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
                assertThat(dotted.status()).isEqualTo(200);
                assertThat(plain.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
                var other = WireClients.raw(airlock, "POST http://" + OTHER_HOST + "/x HTTP/1.1\r\nHost: " + OTHER_HOST
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n", body);
                assertThat(other.status()).isEqualTo(200);
                assertThat(plain.takeRequest(WAIT).bodyText()).contains(SECRET);
            }
        }
    }

    @Test
    void aParentProxyCarriesBothTunnelsAndInterceptedRequests() throws Exception {
        WireClients.assumeCurl();
        provider.respond(Responder.json(200, "{\"via\":\"parent\"}"));
        elsewhere.respond(Responder.json(200, "{\"tunnelled\":true}"));
        try (ConnectProxy parent = new ConnectProxy()) {
            AirlockConfig c = config(InterceptConfig.DEFAULT);
            c = c.withUpstream(new UpstreamConfig(testCaPem, c.upstream().connectTo(),
                    URI.create("http://127.0.0.1:" + parent.port())));
            try (RunningAirlock airlock = RunningAirlock.start(c, airlockCa)) {
                Curl intercepted = curl(airlock, airlockCa.certificatePath(), "https://" + AI_HOST + "/v1/chat/completions",
                        LiveTraffic.openAiBody(false));
                assertThat(intercepted.status()).as(intercepted.out()).isEqualTo(200);
                assertThat(provider.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
                Curl tunnelled = curl(airlock, testCaPem, "https://" + OTHER_HOST + "/x", "{}");
                assertThat(tunnelled.status()).as(tunnelled.out()).isEqualTo(200);
                assertThat(elsewhere.takeRequest(WAIT).uri()).isEqualTo("/x");
                assertThat(parent.targets()).containsExactly("127.0.0.1:" + provider.port(),
                        "127.0.0.1:" + elsewhere.port());
            }
        }
    }

    @Test
    void theAdminPortServesTheCaCertificateAndAPacNamingTheBoundPort() throws Exception {
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> ca = client.send(HttpRequest.newBuilder(URI.create(airlock.admin() + "/ca.pem"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ca.statusCode()).isEqualTo(200);
            assertThat(ca.body()).isEqualTo(airlockCa.rootPem());
            HttpResponse<String> pac = client.send(HttpRequest.newBuilder(URI.create(airlock.admin() + "/proxy.pac"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pac.statusCode()).isEqualTo(200);
            assertThat(pac.headers().firstValue("content-type")).hasValue("application/x-ns-proxy-autoconfig");
            assertThat(pac.body()).contains("FindProxyForURL").contains("PROXY 127.0.0.1:" + airlock.port());
        }
    }
}
