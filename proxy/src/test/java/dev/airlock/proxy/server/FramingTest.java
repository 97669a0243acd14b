package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.LimitsConfig;
import dev.airlock.config.TimeoutsConfig;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.TestCa;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HARDENING §2 (framing and smuggling) and the slowloris case of §5, driven with raw sockets against a real
 * Airlock whose routes point at a real {@link FakeProvider}: exact bytes go in, the whole answer is read and
 * parsed, and every refusal is checked for its status, the OpenAI error shape, {@code x-should-retry: false},
 * the connection being closed, and — through a canary request sent afterwards on a fresh connection — that the
 * provider received nothing, neither the refused request nor a second request hidden in its body.
 */
@Timeout(60)
class FramingTest {

    private static final int READ_TIMEOUT_MS = 5_000;
    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** A complete request hidden where a lenient parser would take it for the next request on the connection. */
    private static final String SMUGGLED = "GET /openai/v1/smuggled HTTP/1.1\r\n" + HOST + "\r\n";
    private static final AtomicInteger CANARIES = new AtomicInteger();

    @TempDir
    static Path dir;
    static Path caPem;
    static FakeProvider fake;
    static RunningAirlock airlock;

    private int seenBefore;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = TestCa.create();
        fake = FakeProvider.start(ca);
        // Echo the target so that answers can be told apart (pipelining order, smuggling).
        fake.respond(x -> x.sendFull(200, "application/json",
                ("{\"uri\":\"" + x.request().uri() + "\",\"bytes\":" + x.request().body().length + "}").getBytes(UTF_8)));
        caPem = ca.writePem(dir);
        airlock = RunningAirlock.start(fake, caPem);
    }

    @AfterAll
    static void stop() throws Exception {
        if (airlock != null) {
            airlock.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @BeforeEach
    void snapshot() {
        seenBefore = fake.requests().size();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Refusals: 400 / 414 / 431, each closing the connection with nothing forwarded.

    static Stream<Arguments> refused() {
        String post = "POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n";
        String chunkedBody = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
        String fixed = "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
        return Stream.of(
                refusal("Content-Length with Transfer-Encoding",
                        post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding before Content-Length",
                        post + "Transfer-Encoding: chunked\r\nContent-Length: " + (chunkedBody.length()) + "\r\n\r\n"
                                + chunkedBody + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding: gzip (Netty would frame it bodiless)",
                        post + "Transfer-Encoding: gzip\r\n\r\n" + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding: chunked, identity",
                        post + "Transfer-Encoding: chunked, identity\r\n\r\n" + chunkedBody + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding: gzip, chunked",
                        post + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunkedBody + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding: chunked in two fields",
                        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody
                                + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding: identity then chunked in two fields",
                        post + "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody
                                + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("Transfer-Encoding on HTTP/1.0",
                        "POST " + CHAT + " HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody
                                + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("duplicate Content-Length, same value",
                        post + "Content-Length: " + BODY.length() + "\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("duplicate Content-Length, different values",
                        post + "Content-Length: 3\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("Content-Length as a list",
                        post + "Content-Length: " + BODY.length() + ", " + BODY.length() + "\r\n\r\n" + BODY + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("non-numeric Content-Length",
                        post + "Content-Length: abc\r\n\r\n" + BODY + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("negative Content-Length",
                        post + "Content-Length: -5\r\n\r\n" + BODY + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("Content-Length +5",
                        post + "Content-Length: +5\r\n\r\nhello" + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("hexadecimal Content-Length",
                        post + "Content-Length: 0x5\r\n\r\nhello" + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("empty Content-Length",
                        post + "Content-Length: \r\n\r\n" + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("obs-fold with SP",
                        post + "X-Folded: a\r\n b\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("obs-fold with HT",
                        post + "X-Folded: a\r\n\tb\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("obs-fold continuing Content-Length",
                        post + "Content-Length: 1\r\n 0\r\n\r\n0123456789" + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("space before colon",
                        post + "Content-Length : " + BODY.length() + "\r\n\r\n" + BODY + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("tab before colon",
                        post + "X-Name\t: v\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("bare CR inside a header value",
                        post + "X-A: one\rX-B: two\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("bare CR ending a header line",
                        post + "X-A: one\r" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("bare LF line endings throughout",
                        ("POST " + CHAT + " HTTP/1.1\n" + "Host: 127.0.0.1\nContent-Length: " + BODY.length()
                                + "\n\n" + BODY + SMUGGLED),
                        ErrorKind.BAD_REQUEST),
                refusal("bare LF ending one header line",
                        post + "X-A: one\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("NUL in a header value",
                        post + "X-A: a\0b\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("NUL in a header name",
                        post + "X-\0A: b\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("missing Host on HTTP/1.1",
                        "POST " + CHAT + " HTTP/1.1\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("duplicate Host",
                        post + HOST + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("duplicate Host, different values",
                        post + "Host: api.openai.com\r\n" + fixed + SMUGGLED, ErrorKind.BAD_REQUEST),
                refusal("CONNECT with a body",
                        "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\nContent-Length: "
                                + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("CONNECT with a chunked body",
                        "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
                        ErrorKind.BAD_REQUEST),
                refusal("request line over 8 KiB",
                        "GET /openai/v1/models?q=" + "a".repeat(8 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n",
                        ErrorKind.URI_TOO_LONG),
                refusal("headers over 64 KiB",
                        "GET /openai/v1/models HTTP/1.1\r\n" + HOST + manyHeaders(66, 1000) + "\r\n",
                        ErrorKind.HEADERS_TOO_LARGE),
                refusal("one header over 64 KiB",
                        "GET /openai/v1/models HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(65 * 1024) + "\r\n\r\n",
                        ErrorKind.HEADERS_TOO_LARGE),
                refusal("101 header fields",
                        "GET /openai/v1/models HTTP/1.1\r\n" + HOST + manyHeaders(100, 1) + "\r\n",
                        ErrorKind.HEADERS_TOO_LARGE),
                refusal("HTTP/9.9", "GET /openai/v1/models HTTP/9.9\r\n" + HOST + "\r\n", ErrorKind.BAD_REQUEST),
                refusal("a .. segment", "GET /openai/v1/../../admin HTTP/1.1\r\n" + HOST + "\r\n",
                        ErrorKind.BAD_REQUEST),
                refusal("a percent-encoded .. segment", "GET /openai/v1/%2e%2E/admin HTTP/1.1\r\n" + HOST + "\r\n",
                        ErrorKind.BAD_REQUEST),
                refusal("a . segment in an absolute-form target",
                        "GET http://127.0.0.1/openai/./v1/models HTTP/1.1\r\n" + HOST + "\r\n",
                        ErrorKind.BAD_REQUEST));
    }

    /** A refused request whose line names a route is answered in that provider's error shape. */
    @Test
    void framingRefusalsUseTheRoutesErrorShape() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /anthropic/v1/messages HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n");
            JsonNode anthropic = c.response().json();
            assertThat(anthropic.path("type").asText()).isEqualTo("error");
            assertThat(anthropic.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(anthropic.path("error").path("message").asText()).contains("malformed chunked body");
        }
        try (RawConnection c = connect()) {
            c.send("GET /gemini/v1beta/models HTTP/1.1\r\n" + HOST + manyHeaders(100, 1) + "\r\n");
            JsonNode gemini = c.response().json().path("error");
            assertThat(gemini.path("code").asInt()).isEqualTo(431);
            assertThat(gemini.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        }
        assertProviderReceivedNothing(airlock);
    }

    /** What was wrong, in the answer's own words: never a Java exception's name. */
    static Stream<Arguments> refusalsSayWhatWasWrong() {
        String post = "POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n";
        return Stream.of(
                Arguments.of(post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "both Content-Length and Transfer-Encoding"),
                Arguments.of(post + "Transfer-Encoding: gzip\r\n\r\n", "Transfer-Encoding other than"),
                Arguments.of(post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "several Content-Length"),
                Arguments.of(post + "Content-Length: -5\r\n\r\nhello", "Content-Length is not"),
                Arguments.of(post + "Content-Length : 5\r\n\r\nhello", "header name"),
                Arguments.of("GET /openai/v1/models HTTP/9.9\r\n" + HOST + "\r\n", "HTTP version"),
                Arguments.of("GET /openai/v1/../x HTTP/1.1\r\n" + HOST + "\r\n", "dot segments"));
    }

    @ParameterizedTest
    @MethodSource
    void refusalsSayWhatWasWrong(String raw, String said) throws Exception {
        try (RawConnection c = connect()) {
            c.send(raw);
            String message = c.response().json().path("error").path("message").asText();
            assertThat(message).contains(said).doesNotContain("Exception");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String raw, ErrorKind expected) throws Exception {
        try (RawConnection c = connect()) {
            c.send(raw);
            RawConnection.Response r = c.response();
            assertRefusal(r, expected);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void oneHundredHeaderFieldsAreAccepted() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /openai/v1/models HTTP/1.1\r\n" + HOST + manyHeaders(99, 1) + "\r\n");
            assertThat(c.response().status()).isEqualTo(200);
        }
        assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/models");
    }

    @Test
    void bodyBytesThatWouldBeAViolationInAHeadAreForwardedUntouched() throws Exception {
        String body = "{\"a\":\"x\"}\r\n folded\r\n\tX: y\rbare\nGET /openai/v1/smuggled HTTP/1.1\r\n\r\n";
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: text/plain\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
            RawConnection.Response r = c.response();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
        List<Recorded> seen = newRequests();
        assertThat(seen).extracting(Recorded::uri).containsExactly("/v1/chat/completions");
        assertThat(seen.get(0).bodyText()).isEqualTo(body);
    }

    static Stream<Arguments> malformedChunks() {
        return Stream.of(
                Arguments.of(Named.of("chunk size not hex", "zz\r\n" + BODY + "\r\n0\r\n\r\n")),
                Arguments.of(Named.of("chunk extension ending in a bare LF (CVE-2025-58056)",
                        "2;ext\nxx\r\n0\r\n\r\n")),
                Arguments.of(Named.of("chunk data longer than its size", "2\r\nxxxx\r\n0\r\n\r\n")));
    }

    /** The head was fine and a first chunk already buffered: the broken chunk after it ends the connection. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void malformedChunks(String rest) throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n" + rest + SMUGGLED);
            RawConnection.Response r = c.response();
            assertRefusal(r, ErrorKind.BAD_REQUEST);
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void clientLeavingMidBodyForwardsNothing() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\nContent-Length: "
                    + BODY.length() + "\r\n\r\n" + BODY.substring(0, 10));
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void hopByHopAndFramingHeadersAreRebuiltNotCopied() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1:1\r\nContent-Type: application/json\r\n"
                    + "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                    + "Trailer: X-T\r\nUpgrade: example/1\r\nProxy-Connection: keep-alive\r\n"
                    + "Proxy-Authorization: Basic dTpw\r\nProxy-Custom: 1\r\nX-End-To-End: kept\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(BODY.length()) + "\r\n" + BODY
                    + "\r\n0\r\n\r\n");
            RawConnection.Response r = c.response();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
        List<Recorded> seen = newRequests();
        assertThat(seen).hasSize(1);
        Recorded got = seen.get(0);
        assertThat(got.headers()).extracting(h -> h.name().toLowerCase(Locale.ROOT))
                .doesNotContain("connection", "x-hop", "keep-alive", "te", "trailer", "upgrade", "proxy-connection",
                        "proxy-authorization", "proxy-custom", "transfer-encoding")
                .contains("x-end-to-end");
        assertThat(got.headerValues("host")).as("Host is the upstream's").containsExactly("127.0.0.1:" + fake.port());
        assertThat(got.headerValues("content-length")).containsExactly(Integer.toString(BODY.length()));
        assertThat(got.bodyText()).isEqualTo(BODY);
    }

    /**
     * The JDK's HttpClient asks to upgrade every plain-http request to h2c. Declining means answering in HTTP/1.1
     * (RFC 9113 §3.1 left it to the server); the upgrade headers never reach the provider.
     */
    @Test
    void h2cUpgradeIsDeclinedByAnsweringInHttp11() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1:1\r\nContent-Type: application/json\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
                    + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY);
            RawConnection.Response r = c.response();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
        }
        List<Recorded> seen = newRequests();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).headers()).extracting(h -> h.name().toLowerCase(Locale.ROOT))
                .doesNotContain("upgrade", "http2-settings", "connection");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Answers that are not framing errors: 426, 501, 413.

    @Test
    void websocketUpgradeIs426AndNothingIsForwarded() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /openai/v1/realtime HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertRefusal(c.response(), ErrorKind.UPGRADE_REQUIRED);
            // Decision of the exchange handler: a bodiless upgrade request leaves the connection usable, and the
            // next request on it is parsed as HTTP again (no protocol switch happened).
            c.send("GET /openai/v1/models HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
            RawConnection.Response next = c.response();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.json().path("uri").asText()).isEqualTo("/v1/models");
            c.assertClosed();
        }
        assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/models");
    }

    @Test
    void websocketUpgradeWithABodyIs426AndCloses() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /openai/v1/realtime HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Content-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED);
            assertRefusal(c.response(), ErrorKind.UPGRADE_REQUIRED);
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void contentLengthOverTheBodyLimitIs413BeforeAnyBodyIsSent() throws Exception {
        long tooLarge = LimitsConfig.DEFAULT.maxBodyBytes() + 1;
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\nContent-Length: "
                    + tooLarge + "\r\n\r\n");
            assertRefusal(c.response(), ErrorKind.TOO_LARGE);
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void contentLengthOverTheBodyLimitWithExpectContinueIs413InsteadOf100() throws Exception {
        long tooLarge = LimitsConfig.DEFAULT.maxBodyBytes() + 1;
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + tooLarge + "\r\n\r\n");
            assertRefusal(c.response(), ErrorKind.TOO_LARGE);
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        // No Content-Length to decide on: the limit must hold while the chunks arrive.
        int chunk = 1 << 20;
        long limit = LimitsConfig.DEFAULT.maxBodyBytes();
        byte[] data = ("x".repeat(chunk)).getBytes(ISO_8859_1);
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            try {
                for (long sent = 0; sent <= limit; sent += chunk) {
                    c.send(Integer.toHexString(chunk) + "\r\n");
                    c.out.write(data);
                    c.send("\r\n");
                }
            } catch (IOException stoppedReading) {
                // Airlock answered and closed while we were still writing: read what it said.
            }
            assertRefusal(c.response(), ErrorKind.TOO_LARGE);
        }
        assertProviderReceivedNothing(airlock);
    }

    // ---------------------------------------------------------------------------------------------------------
    // What must keep working: Expect, HTTP/1.0, keep-alive, pipelining, any segmentation.

    @Test
    void expectContinueGets100BeforeTheBodyThenTheAnswer() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + BODY.length() + "\r\n\r\n");
            RawConnection.Response interim = c.response();
            assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(fake.requests()).hasSize(seenBefore);
            c.send(BODY);
            RawConnection.Response r = c.response();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().path("bytes").asInt()).isEqualTo(BODY.length());
        }
        List<Recorded> seen = newRequests();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).bodyText()).isEqualTo(BODY);
        assertThat(seen.get(0).headerValues("expect")).as("Expect is hop-by-hop").isEmpty();
    }

    @Test
    void unknownExpectationIsRefused() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Expect: something-else\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY);
            assertRefusal(c.response(), ErrorKind.EXPECTATION_FAILED);
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void http10RequestIsAnsweredAndTheConnectionCloses() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /openai/v1/models HTTP/1.0\r\n\r\n");
            RawConnection.Response r = c.response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("uri").asText()).isEqualTo("/v1/models");
            c.assertClosed();
        }
        assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/models");
    }

    @Test
    void http10KeepAliveStillGetsNoPersistentConnection() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST " + CHAT + " HTTP/1.0\r\n" + HOST + "Connection: keep-alive\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY);
            RawConnection.Response r = c.response();
            assertThat(r.status()).isEqualTo(200);
            c.assertClosed();
        }
        assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/chat/completions");
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        try (RawConnection c = connect()) {
            c.send(post("/openai/v1/one"));
            RawConnection.Response first = c.response();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("connection")).isNotEqualToIgnoringCase("close");
            c.send(post("/openai/v1/two"));
            RawConnection.Response second = c.response();
            assertThat(second.status()).isEqualTo(200);
            assertThat(List.of(first.json().path("uri").asText(), second.json().path("uri").asText()))
                    .containsExactly("/v1/one", "/v1/two");
        }
        List<Recorded> seen = newRequests();
        assertThat(seen).extracting(Recorded::uri).containsExactly("/v1/one", "/v1/two");
        assertThat(seen).allSatisfy(r -> assertThat(r.bodyText()).isEqualTo(BODY));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawConnection c = connect()) {
            c.send(post("/openai/v1/first") + "GET /openai/v1/second HTTP/1.1\r\n" + HOST + "\r\n"
                    + post("/openai/v1/third"));
            List<String> uris = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawConnection.Response r = c.response();
                assertThat(r.status()).isEqualTo(200);
                uris.add(r.json().path("uri").asText());
            }
            assertThat(uris).containsExactly("/v1/first", "/v1/second", "/v1/third");
        }
        assertThat(newRequests()).extracting(Recorded::uri)
                .containsExactlyInAnyOrder("/v1/first", "/v1/second", "/v1/third");
    }

    @Test
    void pipelinedRequestBehindARefusedOneIsNeverForwarded() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /openai/v1/models HTTP/1.1\r\n" + HOST + "X-Bad: a\0b\r\n\r\n" + post("/openai/v1/smuggled"));
            assertRefusal(c.response(), ErrorKind.BAD_REQUEST);
            c.assertClosed();
        }
        assertProviderReceivedNothing(airlock);
    }

    @Test
    void requestsSplitByteByByteAreServed() throws Exception {
        try (RawConnection c = connect()) {
            c.sendByteByByte(post("/openai/v1/bytewise"));
            RawConnection.Response first = c.response();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().path("uri").asText()).isEqualTo("/v1/bytewise");
            c.sendByteByByte(chunkedPost("/openai/v1/chunks"));
            RawConnection.Response second = c.response();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.json().path("uri").asText()).isEqualTo("/v1/chunks");
        }
        List<Recorded> seen = newRequests();
        assertThat(seen).extracting(Recorded::bodyText).containsExactly(BODY, BODY);
        assertThat(seen.get(1).headerValues("transfer-encoding")).as("framing is rebuilt").isEmpty();
        assertThat(seen.get(1).header("content-length")).contains(Integer.toString(BODY.length()));
    }

    @Test
    void pipelinedChunkedRequestTricklingInWhileTheFirstIsInFlightIsServed() throws Exception {
        try (RawConnection c = connect()) {
            c.send(post("/openai/v1/first"));
            c.sendByteByByte(chunkedPost("/openai/v1/second"));
            RawConnection.Response first = c.response();
            RawConnection.Response second = c.response();
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(first.json().path("uri").asText()).isEqualTo("/v1/first");
            assertThat(second.json().path("uri").asText()).isEqualTo("/v1/second");
        }
        assertThat(newRequests()).extracting(Recorded::bodyText).containsExactly(BODY, BODY);
    }

    @Test
    void chunkedRequestPipelinedInTheFirstOnesReadIsServedAndThenTheConnectionCloses() throws Exception {
        // One write, so one read: the head guard meets the chunked head (whose end it cannot follow) before the
        // first request is even decoded. The first was located exactly, so both are served; only then it closes.
        try (RawConnection c = connect()) {
            c.send(post("/openai/v1/first") + chunkedPost("/openai/v1/second") + post("/openai/v1/third"));
            RawConnection.Response first = c.response();
            RawConnection.Response second = c.response();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("connection")).isNotEqualToIgnoringCase("close");
            assertThat(second.status()).isEqualTo(200);
            assertThat(first.json().path("uri").asText()).isEqualTo("/v1/first");
            assertThat(second.json().path("uri").asText()).isEqualTo("/v1/second");
            c.assertClosed();
        }
        assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/first", "/v1/second");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The client clocks (HARDENING §1, §5): one Airlock with one-second client timeouts.

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ClientClocks {

        private static final Duration SHORT = Duration.ofSeconds(1);
        private RunningAirlock quick;

        @BeforeAll
        void startQuick() throws Exception {
            TimeoutsConfig d = TimeoutsConfig.DEFAULT;
            TimeoutsConfig t = new TimeoutsConfig(d.upstreamConnect(), d.upstreamIdle(), SHORT, SHORT, SHORT, d.drain(),
                    d.scan());
            AirlockConfig base = RunningAirlock.configFor(fake.baseUrl(), caPem);
            quick = RunningAirlock.start(RunningAirlock.withTimeouts(base, t));
        }

        @AfterAll
        void stopQuick() throws Exception {
            if (quick != null) {
                quick.close();
            }
        }

        @Test
        void partialHeadIs408AtTheHeaderTimeoutWhileOthersAreServed() throws Exception {
            try (RawConnection slow = connect(quick)) {
                long start = System.nanoTime();
                slow.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: appl");
                try (RawConnection other = connect(quick)) {
                    other.send(post("/openai/v1/other"));
                    RawConnection.Response r = other.response();
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.json().path("uri").asText()).isEqualTo("/v1/other");
                }
                RawConnection.Response timedOut = slow.response();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertRefusal(timedOut, ErrorKind.CLIENT_TIMEOUT);
                assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
                slow.assertClosed();
            }
            assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/other");
        }

        @Test
        void headTrickledOneByteAtATimeStill408sAtTheHeaderTimeout() throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            try (RawConnection slow = connect(quick)) {
                long start = System.nanoTime();
                slow.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "X-Slow: ");
                Thread trickle = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            slow.out.write('a');
                            slow.out.flush();
                            Thread.sleep(100); // the deliberate stall: a slowloris sends a byte now and then
                        }
                    } catch (IOException | InterruptedException closed) {
                        // Airlock closed the connection, or the test is over.
                    }
                }, "slowloris");
                trickle.setDaemon(true);
                trickle.start();
                try {
                    RawConnection.Response timedOut = slow.response();
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertRefusal(timedOut, ErrorKind.CLIENT_TIMEOUT);
                    assertThat(took).as("every byte arriving must not restart the header clock")
                            .isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
                } finally {
                    stop.set(true);
                    trickle.join(5_000);
                }
            }
            assertProviderReceivedNothing(quick);
        }

        @Test
        void stalledBodyIs408AtTheBodyIdleTimeout() throws Exception {
            try (RawConnection slow = connect(quick)) {
                slow.send("POST " + CHAT + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 10));
                long start = System.nanoTime();
                RawConnection.Response timedOut = slow.response();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertRefusal(timedOut, ErrorKind.CLIENT_TIMEOUT);
                assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
                slow.assertClosed();
            }
            assertProviderReceivedNothing(quick);
        }

        @Test
        void idleKeepAliveConnectionIsClosed() throws Exception {
            try (RawConnection c = connect(quick)) {
                c.send(post("/openai/v1/once"));
                assertThat(c.response().status()).isEqualTo(200);
                long start = System.nanoTime();
                c.assertClosed();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
            }
            assertThat(newRequests()).extracting(Recorded::uri).containsExactly("/v1/once");
        }

        @Test
        void connectionThatNeverSendsAByteIs408AtTheHeaderTimeout() throws Exception {
            try (RawConnection silent = connect(quick)) {
                long start = System.nanoTime();
                RawConnection.Response r = silent.response();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertRefusal(r, ErrorKind.CLIENT_TIMEOUT);
                assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
                silent.assertClosed();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers.

    private static Arguments refusal(String name, String raw, ErrorKind expected) {
        return Arguments.of(Named.of(name, raw), expected);
    }

    private static String manyHeaders(int count, int valueLength) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append("X-Field-").append(i).append(": ").append("v".repeat(valueLength)).append("\r\n");
        }
        return sb.toString();
    }

    private static String post(String target) {
        return "POST " + target + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\nContent-Length: "
                + BODY.length() + "\r\n\r\n" + BODY;
    }

    /** A chunked POST of {@link #BODY} in two chunks. */
    private static String chunkedPost(String target) {
        return "POST " + target + " HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + "5\r\n" + BODY.substring(0, 5) + "\r\n"
                + Integer.toHexString(BODY.length() - 5) + "\r\n" + BODY.substring(5) + "\r\n0\r\n\r\n";
    }

    private static void assertRefusal(RawConnection.Response r, ErrorKind expected) throws IOException {
        assertThat(r.status()).as("status of %s", r.text()).isEqualTo(expected.status());
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.header("x-should-retry")).isEqualTo("false");
        assertThat(r.header("x-airlock-event-id")).isNotBlank();
        JsonNode error = r.json().path("error");
        assertThat(error.isObject()).as("OpenAI error shape: %s", r.text()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("smuggled");
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("code").asText()).isEqualTo(expected.code());
    }

    /**
     * Sends a canary on a fresh connection and waits for its answer: every request Airlock forwarded before that
     * (from a connection already closed) has reached the fake by then, and the canary must be the only new one.
     */
    private void assertProviderReceivedNothing(RunningAirlock through) throws IOException {
        String canary = "/v1/canary-" + CANARIES.incrementAndGet();
        try (RawConnection c = connect(through)) {
            c.send("GET /openai" + canary + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
            assertThat(c.response().status()).isEqualTo(200);
        }
        assertThat(newRequests()).as("requests the provider received").extracting(Recorded::uri)
                .containsExactly(canary);
    }

    private List<Recorded> newRequests() {
        List<Recorded> all = fake.requests();
        return all.subList(seenBefore, all.size());
    }

    private static RawConnection connect() throws IOException {
        return connect(airlock);
    }

    private static RawConnection connect(RunningAirlock through) throws IOException {
        return new RawConnection(through.port(), READ_TIMEOUT_MS);
    }
}
