package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.API_KEY;
import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.RANDOM;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Action;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.LimitsConfig;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.config.WebSocketConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.testing.FakeWebSocketProvider;
import dev.airlock.proxy.testing.NettyWebSocketClient;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Responses API over WebSocket, as Codex speaks it, against a real Airlock, a real TLS WebSocket provider and
 * real clients (the JDK's WebSocket; Netty's where permessage-deflate is needed): refused with 426 unless
 * {@code websocket.responses: scan}; then every {@code response.create} the client sends is scanned before it is
 * forwarded, the provider's events come back one by one, and every bad input and every way a socket ends has its
 * answer. Every credential is generated at test time; the class-wide watches fail it on a leak or a logged secret.
 */
@Timeout(60)
class WebSocketResponsesTest extends WebSocketLiveTest {

    /** Reasoning the provider encrypted: opaque, and never to be touched. */
    private static final String ENCRYPTED = "gAAAAAB" + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(Credentials.random(RANDOM, Credentials.BASE62, 90).getBytes(StandardCharsets.US_ASCII));

    private JdkWebSocket open() throws Exception {
        return JdkWebSocket.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + airlock.port() + PATH),
                Map.of("authorization", "Bearer " + API_KEY));
    }

    /** A Codex {@code response.create}: instructions, encrypted reasoning from the last turn, the user's text. */
    static String responseCreate(String text) {
        return "{\"type\":\"response.create\",\"model\":\"gpt-5-codex\",\"instructions\":\"You are Codex.\","
                + "\"input\":[{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"" + ENCRYPTED + "\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + text
                + "\"}]}],\"tools\":[],\"stream\":true,\"store\":false}";
    }

    private double metric(String name, Map<String, String> labels) {
        return LiveTraffic.metric(airlock.scrape(), name, labels);
    }

    // ---- off by default ---------------------------------------------------------------------------------------

    @Test
    void withTheOptionOffTheUpgradeIs426AndTheProviderSeesNothing() throws Exception {
        start(config(WebSocketConfig.Responses.REFUSE));
        Throwable failed = catchThrowable(this::open);
        assertThat(failed).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
        var response = ((WebSocketHandshakeException) failed.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(JSON.readTree((String) response.body()).path("error").path("code").asText())
                .isEqualTo("airlock_upgrade_refused");
        assertThat(fake.pendingHandshakes()).isZero();
    }

    @Test
    void withScanOnOnlyResponsesEndpointsAreOpened() throws Exception {
        startScanning(c -> c);
        Throwable failed = catchThrowable(() -> JdkWebSocket.open(HttpClient.newHttpClient(),
                URI.create("ws://127.0.0.1:" + airlock.port() + "/openai/v1/realtime"), Map.of()));
        assertThat(((WebSocketHandshakeException) failed.getCause()).getResponse().statusCode()).isEqualTo(426);
        assertThat(fake.pendingHandshakes()).isZero();
    }

    // ---- scanned, redacted, relayed -------------------------------------------------------------------------

    @Test
    void aResponseCreateArrivesRedactedAndTheProviderEventsReachTheClientOneByOne() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();

        FakeWebSocketProvider.Handshake handshake = fake.takeHandshake(WAIT);
        assertThat(handshake.uri()).isEqualTo("/v1/responses");
        assertThat(handshake.headers()).containsEntry("authorization", "Bearer " + API_KEY)
                .containsEntry("host", "127.0.0.1:" + fake.port());
        assertThat(handshake.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate");

        String sent = responseCreate("deploy it, the token is " + SECRET + " thanks");
        client.socket.sendText(sent, true).get();
        String arrived = fake.takeMessage(WAIT).text();
        assertThat(arrived).doesNotContain(SECRET)
                .isEqualTo(sent.replace(SECRET, airlock.placeholder("github-pat", SECRET)));
        assertThat(JSON.readTree(arrived).path("input").path(0).path("encrypted_content").asText()).isEqualTo(ENCRYPTED);

        List<String> events = List.of("{\"type\":\"response.created\"}",
                "{\"type\":\"response.output_text.delta\",\"delta\":\"Done\"}", "{\"type\":\"response.completed\"}");
        for (String event : events) {
            fake.send(event);
            assertThat(client.takeText(WAIT)).isEqualTo(event);
            assertThat(client.pendingTexts()).as("nothing arrives ahead of the provider").isZero();
        }

        client.socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get();
        assertThat(client.takePong(WAIT)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
        assertThat(fake.takeClose(WAIT)).isEqualTo(1000);
        assertThat(client.takeClose(WAIT)).isEqualTo(1000);

        assertThat(metric("airlock_websocket_messages_total", Map.of("route", "openai", "action", "redact")))
                .isEqualTo(1.0);
        assertThat(metric("airlock_findings_total", Map.of("rule", "github-pat", "action", "redact"))).isEqualTo(1.0);
        assertThat(metric("airlock_requests_total", Map.of("route", "openai", "status", "101"))).isEqualTo(1.0);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("redact");
            assertThat(e.path()).isEqualTo("/v1/responses");
            assertThat(e.findings()).singleElement().satisfies(h -> {
                assertThat(h.ruleId()).isEqualTo("github-pat");
                assertThat(h.location()).contains("input[1]");
            });
        });
    }

    @Test
    void underTheBlockPolicyTheClientGetsTheCodexErrorEventAndNothingIsForwarded() throws Exception {
        startScanning(c -> RunningAirlock.withPolicy(c, new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        JdkWebSocket client = open();

        client.socket.sendText(responseCreate("the token is " + SECRET), true).get();
        JsonNode error = JSON.readTree(client.takeText(WAIT));
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("code").asText()).isEqualTo("airlock_blocked");
        assertThat(error.path("error").path("message").asText()).contains("github-pat", "input[1]")
                .doesNotContain(SECRET);

        // The socket stays usable: the next clean message is the first thing the provider ever receives.
        String clean = responseCreate("now without it");
        client.socket.sendText(clean, true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo(clean);
        assertThat(fake.pendingMessages()).isZero();
        assertThat(metric("airlock_websocket_messages_total", Map.of("action", "block"))).isEqualTo(1.0);
        assertThat(metric("airlock_websocket_messages_total", Map.of("action", "allow"))).isEqualTo(1.0);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("block");
            assertThat(e.status()).isEqualTo(400);
        });
    }

    @Test
    void aCredentialInEncryptedReasoningBlocksTheMessageSinceItCannotBeRedacted() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        client.socket.sendText(responseCreate("hello").replace(ENCRYPTED, SECRET), true).get();
        JsonNode error = JSON.readTree(client.takeText(WAIT));
        assertThat(error.path("error").path("code").asText()).isEqualTo("airlock_blocked");
        assertThat(error.path("error").path("message").asText()).contains("cannot be redacted");
        client.socket.sendText(responseCreate("hello"), true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo(responseCreate("hello"));
    }

    @Test
    void aSecretSplitAcrossContinuationFramesIsReassembledAndCaught() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        String sent = responseCreate("the token is " + SECRET + " ok");
        int cut = sent.indexOf(SECRET) + SECRET.length() / 2;
        client.socket.sendText(sent.substring(0, cut), false).get();
        client.socket.sendText(sent.substring(cut), true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo(sent.replace(SECRET, airlock.placeholder("github-pat",
                SECRET)));
    }

    // ---- limits and what cannot be scanned ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aMessageOverTheBodyLimitIsClosedWith1009AndNothingIsForwarded(int fragments) throws Exception {
        LimitsConfig d = LimitsConfig.DEFAULT;
        startScanning(c -> RunningAirlock.withLimits(c, new LimitsConfig(64 * 1024, d.maxRequestLineBytes(),
                d.maxHeaderBytes(), d.maxHeaderCount(), d.maxBufferedBytes())));
        JdkWebSocket client = open();
        // Four fragments stay under the limit until the last one, so every send completes before Airlock closes.
        String big = responseCreate("x".repeat(70 * 1024) + SECRET);
        int part = big.length() / fragments + 1;
        for (int i = 0; i < fragments; i++) {
            client.socket.sendText(big.substring(i * part, Math.min(big.length(), (i + 1) * part)), i == fragments - 1)
                    .get();
        }
        assertThat(client.takeClose(WAIT)).isEqualTo(1009);
        assertThat(fake.takeClose(WAIT)).isEqualTo(1001);
        assertThat(fake.pendingMessages()).isZero();
    }

    @Test
    void binaryMessagesAndTextThatIsNotJsonAreRefusedUnderTheDefaultPolicy() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        client.socket.sendBinary(ByteBuffer.wrap(SECRET.getBytes(StandardCharsets.UTF_8)), true).get();
        JsonNode binary = JSON.readTree(client.takeText(WAIT));
        assertThat(binary.path("status").asInt()).isEqualTo(415);
        assertThat(binary.path("error").path("code").asText()).isEqualTo("airlock_unscannable");

        client.socket.sendText("hello, the token is " + SECRET, true).get();
        JsonNode text = JSON.readTree(client.takeText(WAIT));
        assertThat(text.path("status").asInt()).isEqualTo(400);
        assertThat(text.path("error").path("message").asText()).doesNotContain(SECRET);

        client.socket.sendText(responseCreate("fine"), true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo(responseCreate("fine"));
        assertThat(fake.pendingMessages()).isZero();
        assertThat(metric("airlock_unscanned_total", Map.of("reason", "content_type"))).isEqualTo(1.0);
        assertThat(metric("airlock_unscanned_total", Map.of("reason", "malformed"))).isEqualTo(1.0);
    }

    @Test
    void whenPolicyLetsUnscannableThroughBinaryIsForwardedAndOtherTextIsScannedAsText() throws Exception {
        startScanning(c -> RunningAirlock.withPolicy(c, new PolicyConfig(Action.REDACT, Map.of(), Action.AUDIT)));
        JdkWebSocket client = open();
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        client.socket.sendBinary(ByteBuffer.wrap(bytes), true).get();
        FakeWebSocketProvider.Message binary = fake.takeMessage(WAIT);
        assertThat(binary.binary()).isTrue();
        assertThat(binary.payload()).containsExactly(bytes);

        client.socket.sendText("plain words, the token is " + SECRET, true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo("plain words, the token is "
                + airlock.placeholder("github-pat", SECRET));
        assertThat(audit).extracting(AuditEvent::unscanned).containsExactly("content_type", "malformed");
    }

    // ---- permessage-deflate ---------------------------------------------------------------------------------

    @Test
    void permessageDeflateIsNegotiatedWithTheClientAndCompressedMessagesAreScanned() throws Exception {
        startScanning(c -> c);
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + API_KEY);
        try (NettyWebSocketClient client = NettyWebSocketClient.open(
                URI.create("ws://127.0.0.1:" + airlock.port() + PATH), headers, WAIT)) {
            assertThat(client.answer().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)).startsWith("permessage-deflate");
            String sent = responseCreate("compressed, the token is " + SECRET + " and more words ".repeat(50));
            client.send(sent);
            assertThat(fake.takeMessage(WAIT).text()).isEqualTo(sent.replace(SECRET,
                    airlock.placeholder("github-pat", SECRET)));
            String event = "{\"type\":\"response.output_text.delta\",\"delta\":\"" + "ok ".repeat(200) + "\"}";
            fake.send(event);
            assertThat(client.takeText(WAIT)).isEqualTo(event);
        }
    }

    @Test
    void aCompressedMessageThatInflatesPastTheBodyLimitIsClosedWith1009() throws Exception {
        LimitsConfig d = LimitsConfig.DEFAULT;
        startScanning(c -> RunningAirlock.withLimits(c, new LimitsConfig(64 * 1024, d.maxRequestLineBytes(),
                d.maxHeaderBytes(), d.maxHeaderCount(), d.maxBufferedBytes())));
        try (NettyWebSocketClient client = NettyWebSocketClient.open(
                URI.create("ws://127.0.0.1:" + airlock.port() + PATH), null, WAIT)) {
            // A megabyte of spaces deflates to about a kilobyte on the wire, well under the frame limit.
            client.send(responseCreate(" ".repeat(1 << 20) + SECRET));
            assertThat(client.takeClose(WAIT)).isEqualTo(1009);
            assertThat(client.closedWithin(WAIT)).isTrue();
        }
        assertThat(fake.takeClose(WAIT)).isEqualTo(1001);
        assertThat(fake.pendingMessages()).isZero();
    }

    // ---- how sockets end --------------------------------------------------------------------------------------

    @Test
    void theProvidersCloseReachesTheClient() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        fake.takeHandshake(WAIT);
        fake.close(1000, "done");
        assertThat(client.takeClose(WAIT)).isEqualTo(1000);
    }

    @Test
    void aProviderResetReachesTheClientAsAnUnexpectedClose() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        fake.takeHandshake(WAIT);
        fake.reset();
        assertThat(client.takeClose(WAIT)).isEqualTo(1011);
    }

    @Test
    void aClientThatGoesAwayClosesTheProviderSocket() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        fake.takeHandshake(WAIT);
        client.socket.abort();
        assertThat(fake.takeClose(WAIT)).isEqualTo(1001);
    }

    @Test
    void bothSocketsCloseWhenNeitherSideSendsForTimeoutsUpstreamIdle() throws Exception {
        startScanning(c -> LiveTraffic.withTimeouts(c, WAIT, java.time.Duration.ofMillis(300)));
        JdkWebSocket client = open();
        assertThat(client.takeClose(WAIT)).isEqualTo(1001);
        assertThat(fake.takeClose(WAIT)).isEqualTo(1001);
    }

    @Test
    void theUpgradeRequestItselfIsScannedAndRedactedOnItsWay() throws Exception {
        startScanning(c -> c);
        JdkWebSocket.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + airlock.port() + PATH
                + "?note=" + SECRET), Map.of("x-note", "the token is " + SECRET));
        FakeWebSocketProvider.Handshake handshake = fake.takeHandshake(WAIT);
        assertThat(handshake.uri()).startsWith("/v1/responses?note=").doesNotContain(SECRET).contains("REDACTED");
        assertThat(handshake.headers().get("x-note")).doesNotContain(SECRET).contains("REDACTED");
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.findings()).hasSize(2));
    }

    /**
     * A control frame's payload is up to 125 bytes the client chose: one holding a credential goes on empty (the
     * provider's pong then echoes nothing), a clean one as it is; a close reason with one loses its reason.
     */
    @Test
    void aCredentialInAControlFramesPayloadIsDropped() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        fake.takeHandshake(WAIT);

        client.socket.sendPing(ByteBuffer.wrap(("see " + SECRET).getBytes(StandardCharsets.UTF_8))).get();
        assertThat(client.takePong(WAIT).remaining()).as("the provider got an empty ping").isZero();
        client.socket.sendPing(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get();
        assertThat(StandardCharsets.UTF_8.decode(client.takePong(WAIT)).toString()).isEqualTo("hello");

        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving, key " + SECRET).get();
        assertThat(fake.takeClose(WAIT)).as("the status kept").isEqualTo(1000);
        assertThat(fake.takeCloseReason(WAIT)).isEmpty();
        assertThat(client.takeClose(WAIT)).isEqualTo(1000);
    }

    /**
     * Subprotocols are client text too: each is scanned, but the one a browser's Realtime client carries its OpenAI
     * key in, which goes on untouched as an Authorization header would.
     */
    @Test
    void subprotocolsAreScannedButTheProvidersKeySlot() throws Exception {
        startScanning(c -> c);
        String openAiKey = "openai-insecure-api-key.sk-proj-" + Credentials.random(RANDOM, Credentials.BASE62, 64)
                + "T3BlbkFJ" + Credentials.random(RANDOM, Credentials.BASE62, 64);
        JdkWebSocket.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + airlock.port() + PATH), Map.of(),
                List.of("realtime", openAiKey, "note." + SECRET));
        FakeWebSocketProvider.Handshake handshake = fake.takeHandshake(WAIT);
        assertThat(handshake.headers().get("sec-websocket-protocol")).contains(openAiKey).doesNotContain(SECRET)
                .contains("REDACTED");
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.findings()).singleElement()
                .satisfies(f -> assertThat(f.location()).isEqualTo("header sec-websocket-protocol")));
    }

    @Test
    void aProviderWithoutWebSocketSendsTheClientToHttpWith426() throws Exception {
        fake.refuseUpgrades(404);
        startScanning(c -> c);
        Throwable failed = catchThrowable(this::open);
        var response = ((WebSocketHandshakeException) failed.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(JSON.readTree((String) response.body()).path("error").path("message").asText()).contains("404");
        assertThat(metric("airlock_requests_total", Map.of("route", "openai", "status", "426"))).isEqualTo(1.0);
    }

    // ---- forward proxy and reload ---------------------------------------------------------------------------

    @Test
    void anInterceptedHostThroughTheForwardProxyIsScannedToo() throws Exception {
        String host = "api.openai.com";
        try (FakeWebSocketProvider openai = FakeWebSocketProvider.start(ca, host)) {
            start(config(WebSocketConfig.Responses.SCAN).withUpstream(new UpstreamConfig(caPem,
                    Map.of(new HostPort(host, 443), new HostPort("127.0.0.1", openai.port())), null)));
            HttpClient proxied = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", airlock.port())))
                    .sslContext(ForwardTrafficTest.trusting(RunningAirlock.ca().root())).build();
            JdkWebSocket client = JdkWebSocket.open(proxied, URI.create("wss://" + host + "/v1/responses"),
                    Map.of("authorization", "Bearer " + API_KEY));
            String sent = responseCreate("through the proxy " + SECRET);
            client.socket.sendText(sent, true).get();
            assertThat(openai.takeMessage(WAIT).text()).isEqualTo(sent.replace(SECRET,
                    airlock.placeholder("github-pat", SECRET)));
            openai.send("{\"type\":\"response.completed\"}");
            assertThat(client.takeText(WAIT)).isEqualTo("{\"type\":\"response.completed\"}");
        }
    }

    @Test
    void aReloadTurnsScanningOnForTheNextUpgradeAndAPolicyChangeReachesTheNextMessage() throws Exception {
        AirlockConfig off = config(WebSocketConfig.Responses.REFUSE);
        start(off);
        assertThat(catchThrowable(this::open)).isInstanceOf(ExecutionException.class);

        AirlockConfig on = off.withWebSocket(new WebSocketConfig(WebSocketConfig.Responses.SCAN));
        airlock.server().reload(on, Detector.builtIn());
        JdkWebSocket client = open();
        client.socket.sendText(responseCreate(SECRET), true).get();
        assertThat(fake.takeMessage(WAIT).text()).doesNotContain(SECRET);

        airlock.server().reload(RunningAirlock.withPolicy(on, new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)),
                Detector.builtIn());
        client.socket.sendText(responseCreate(SECRET), true).get();
        assertThat(JSON.readTree(client.takeText(WAIT)).path("error").path("code").asText()).isEqualTo("airlock_blocked");
        assertThat(fake.pendingMessages()).isZero();
    }
}
