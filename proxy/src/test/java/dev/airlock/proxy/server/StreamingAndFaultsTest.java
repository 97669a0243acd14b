package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static dev.airlock.proxy.server.LiveTraffic.HTTP;
import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.LiveTraffic.assertAnthropicError;
import static dev.airlock.proxy.server.LiveTraffic.assertOpenAiError;
import static dev.airlock.proxy.server.LiveTraffic.openAiBody;
import static dev.airlock.proxy.server.LiveTraffic.post;
import static dev.airlock.proxy.server.LiveTraffic.prompt;
import static dev.airlock.proxy.server.LiveTraffic.rawPost;
import static dev.airlock.proxy.server.LiveTraffic.readUntil;
import static dev.airlock.proxy.server.LiveTraffic.shapes;
import static dev.airlock.proxy.server.LiveTraffic.upstreamErrors;
import static dev.airlock.proxy.server.LiveTraffic.withTimeouts;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.TimeoutsConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.proxy.server.LiveTraffic.Client;
import dev.airlock.proxy.server.LiveTraffic.LineFeed;
import dev.airlock.proxy.server.LiveTraffic.Stream;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Responder;
import dev.airlock.proxy.testing.Sse;
import dev.airlock.proxy.testing.Streamer;
import dev.airlock.proxy.testing.TestCa;
import dev.airlock.proxy.upstream.Origin;
import dev.airlock.proxy.upstream.UpstreamCall;
import dev.airlock.proxy.upstream.UpstreamFailure;
import dev.airlock.proxy.upstream.UpstreamListener;
import dev.airlock.proxy.upstream.UpstreamTls;
import dev.airlock.proxy.upstream.Upstreams;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HARDENING.md §5 against a real Airlock, a real TLS fake provider and real clients (JDK HttpClient, curl): SSE and
 * NDJSON relayed event by event, a client leaving stops the provider, an upstream reset reaches the client as an
 * abort, upstream failures become 502/504 in the provider's error shape, and nothing is retried. Every request
 * carries a planted secret; the last test checks it never reached a log line or a metric.
 */
@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingAndFaultsTest extends LiveTrafficTest {


    // ---- 1, 2: streams are relayed event by event -------------------------------------------------------------

    /** The three SSE dialects, each with a real recorded stream when ../shared/shapes is present. */
    enum SseRoute {
        OPENAI("/openai/v1/chat/completions", "openai-chat-sse-tool-calls-1.txt"),
        ANTHROPIC("/anthropic/v1/messages", "anthropic-sse-tool-use-1.txt"),
        GEMINI("/gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", "gemini-sse-function-call-1.txt");

        final String path;
        final String shape;

        SseRoute(String path, String shape) {
            this.path = path;
            this.shape = shape;
        }

        /** Raw event blocks with their framing (Gemini's CRLF kept). */
        List<String> events() throws IOException {
            Path file = shapes().resolve(shape);
            if (!Files.isRegularFile(file)) {
                List<String> synthetic = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    synthetic.add(this == ANTHROPIC ? "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                            + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"part " + i + "\"}}\n\n"
                            : "data: {\"n\":" + i + ",\"text\":\"part " + i + "\"}" + (this == GEMINI ? "\r\n\r\n" : "\n\n"));
                }
                return synthetic;
            }
            String text = Files.readString(file, UTF_8);
            if (this == GEMINI) {
                return Arrays.stream(text.split("\r\n\r\n")).filter(b -> !b.isBlank()).map(b -> b + "\r\n\r\n").toList();
            }
            return Sse.blocks(text).stream().map(Sse::frame).toList();
        }

        String body() {
            return switch (this) {
                case OPENAI -> openAiBody(true);
                case ANTHROPIC -> "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":256,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt() + "\"}]}";
                case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + prompt() + "\"}]}]}";
            };
        }
    }

    @ParameterizedTest(name = "{0} via JDK")
    @EnumSource(SseRoute.class)
    void sseEventsReachTheClientOneByOneOverJdk(SseRoute route) throws Exception {
        sseIncremental(route, Client.JDK);
    }

    @ParameterizedTest(name = "{0} via curl")
    @EnumSource(SseRoute.class)
    void sseEventsReachTheClientOneByOneOverCurl(SseRoute route) throws Exception {
        sseIncremental(route, Client.CURL);
    }

    private void sseIncremental(SseRoute route, Client client) throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        List<String> events = route.events();
        Gate gate = new Gate();
        fake.respond(Responder.sseGated(events, gate));
        List<List<String>> expected = events.stream().map(LiveTraffic::linesOf).toList();
        try (Stream stream = Stream.open(client, airlock.base(), route.path, route.body())) {
            assertThat(fake.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
            paced(route + " via " + client, stream, gate, expected);
            stream.assertCleanEnd();
        }
    }

    @ParameterizedTest(name = "ollama via {0}")
    @EnumSource(Client.class)
    void ndjsonLinesReachTheClientOneByOne(Client client) throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add("{\"model\":\"llama3\",\"created_at\":\"2025-01-01T00:00:0" + i + "Z\",\"message\":{\"role\":"
                    + "\"assistant\",\"content\":\"part " + i + "\"},\"done\":false}");
        }
        lines.add("{\"model\":\"llama3\",\"done\":true,\"done_reason\":\"stop\",\"eval_count\":8}");
        Gate gate = new Gate();
        fake.respond(Responder.chunkedGated("application/x-ndjson", lines.stream().map(l -> l + "\n").toList(), gate));
        String body = "{\"model\":\"llama3\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt()
                + "\"}]}";
        try (Stream stream = Stream.open(client, airlock.base(), "/ollama/api/chat", body)) {
            fake.takeRequest(WAIT);
            paced("OLLAMA via " + client, stream, gate, lines.stream().map(List::of).toList());
            stream.assertCleanEnd();
        }
    }

    /**
     * Lets the fake send one unit (an SSE event, an NDJSON line) at a time and waits for the client to hold all of
     * it before letting the next one out: a proxy that held anything back would make this time out. The proof of
     * order uses the release times, which bound each unit causally: unit {@code i} cannot exist before its release,
     * and the client held it before unit {@code i+1} was released. The gate's {@code sentAt} (stamped in the fake's
     * write listener) is only used for the delay report: on a loaded machine that listener can run after the relay
     * already delivered the bytes, so it is not a strict lower bound.
     */
    private static void paced(String what, Stream stream, Gate gate, List<List<String>> units) throws Exception {
        int n = units.size();
        long[] released = new long[n];
        long[] seen = new long[n];
        for (int i = 0; i < n; i++) {
            released[i] = System.nanoTime();
            gate.release();
            for (String want : units.get(i)) {
                LineFeed.Line got = stream.feed.next(WAIT, "line of unit " + i);
                assertThat(got.text()).as("unit %d", i).isEqualTo(want);
                seen[i] = got.at();
            }
        }
        gate.awaitSent(n, WAIT);
        List<Long> sent = gate.sentAt();
        long[] fromWrite = new long[n];
        long[] fromRelease = new long[n];
        for (int i = 0; i < n; i++) {
            assertThat(seen[i]).as("unit %d seen after its release", i).isGreaterThan(released[i]);
            if (i + 1 < n) {
                assertThat(seen[i]).as("unit %d seen before unit %d was released", i, i + 1).isLessThan(released[i + 1]);
            }
            fromWrite[i] = seen[i] - sent.get(i);
            fromRelease[i] = seen[i] - released[i];
        }
        System.out.printf("relay delay %-18s median %5d µs after the fake's write (%5d µs after release, max %6d µs)"
                + " over %d units%n", what, median(fromWrite) / 1000, median(fromRelease) / 1000,
                Arrays.stream(fromRelease).max().orElse(0) / 1000, n);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    // ---- 3: a client leaving stops the provider ---------------------------------------------------------------

    enum Leaver { RAW_SOCKET, CURL }

    @ParameterizedTest
    @EnumSource(Leaver.class)
    void clientDisconnectClosesTheUpstreamWithinOneSecond(Leaver leaver) throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Streamer streamer = Responder.streamUntilClosed("data: {\"choices\":[{\"delta\":{\"content\":\"tick\"}}]}",
                Duration.ofMillis(20));
        fake.respond(streamer);
        long leftAt;
        if (leaver == Leaver.RAW_SOCKET) {
            try (Socket s = rawPost(airlock.port(), "/openai/v1/chat/completions", openAiBody(true))) {
                readUntil(s.getInputStream(), "data: ");
                leftAt = System.nanoTime();
            }
        } else {
            Stream stream = Stream.open(Client.CURL, airlock.base(), "/openai/v1/chat/completions", openAiBody(true));
            stream.feed.next(WAIT, "first event");
            leftAt = System.nanoTime();
            stream.curl.destroy();
            assertThat(stream.curl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(streamer.clientGone().await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("upstream closed").isTrue();
        long ms = TimeUnit.NANOSECONDS.toMillis(streamer.closedAt() - leftAt);
        System.out.printf("upstream closed %d ms after the client (%s) left%n", ms, leaver);
        assertThat(ms).as("ms from client close to upstream close").isLessThan(1000);
        assertThat(fake.requests()).hasSize(1);
    }

    // ---- 4: an upstream reset is an abort, never a clean end --------------------------------------------------

    @Test
    void upstreamResetMidStreamAbortsTheJdkClient() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Gate gate = new Gate();
        fake.respond(Responder.resetAfterGated(List.of("data: {\"n\":1}", "data: {\"n\":2}"), gate));
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            gate.release(2);
            assertThat(stream.feed.next(WAIT, "event 1").text()).isEqualTo("data: {\"n\":1}");
            stream.feed.next(WAIT, "blank");
            assertThat(stream.feed.next(WAIT, "event 2").text()).isEqualTo("data: {\"n\":2}");
            stream.feed.next(WAIT, "blank");
            gate.release(); // now the fake resets the connection
            assertThat(stream.feed.end(WAIT)).as("how the body ended").isInstanceOf(IOException.class);
        }
        assertThat(fake.requests()).as("requests the provider saw (no retry)").hasSize(1);
        assertThat(upstreamErrors(airlock, "openai", "reset")).isEqualTo(1.0);
    }

    @Test
    void upstreamResetMidStreamMakesCurlFail() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(Responder.resetAfter(List.of("data: {\"n\":1}", "data: {\"n\":2}")));
        Stream stream = Stream.open(Client.CURL, airlock.base(), "/anthropic/v1/messages", SseRoute.ANTHROPIC.body());
        assertThat(stream.curl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // 18: transfer closed with outstanding read data; 56: failure receiving network data
        assertThat(stream.curl.exitValue()).as("curl exit code, stderr: %s", stream.stderr()).isIn(18, 56);
        assertThat(fake.requests()).hasSize(1);
    }

    // ---- 5, 6: upstream failures answer in the provider's shape, and nothing is retried -----------------------

    @Test
    void refusedConnectionIsA502InEachProvidersShape() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        airlock = RunningAirlock.start(withTimeouts(RunningAirlock.configFor("https://127.0.0.1:" + closedPort, caPem),
                Duration.ofSeconds(5), Duration.ofSeconds(600)));
        long start = System.nanoTime();
        HttpResponse<String> openai = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));
        HttpResponse<String> anthropic = post(airlock.base(), "/anthropic/v1/messages", SseRoute.ANTHROPIC.body());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertOpenAiError(openai, 502, "airlock_upstream_unreachable");
        assertThat(openai.body()).contains("cannot connect");
        assertAnthropicError(anthropic, 502);
        assertThat(upstreamErrors(airlock, "openai", "connect")).isEqualTo(1.0);
        assertThat(upstreamErrors(airlock, "anthropic", "connect")).isEqualTo(1.0);
    }

    @Test
    void upstreamThatNeverSpeaksTlsIsA502AfterTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept and say nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            airlock = RunningAirlock.start(withTimeouts(RunningAirlock.configFor("https://127.0.0.1:"
                    + silent.getLocalPort(), caPem), Duration.ofSeconds(1), Duration.ofSeconds(600)));
            long start = System.nanoTime();
            HttpResponse<String> res = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertOpenAiError(res, 502, "airlock_upstream_unreachable");
            assertThat(res.body()).contains("timeouts.upstreamConnect");
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
            assertThat(held).as("the TCP connection was accepted").isNotEmpty();
            assertThat(upstreamErrors(airlock, "openai", "connect_timeout")).isEqualTo(1.0);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void silentUpstreamIsA504AfterTheIdleTimeout() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> withTimeouts(c, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        fake.respond(Responder.hang());
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> gemini = HTTP.sendAsync(LiveTraffic.request(airlock.base(),
                SseRoute.GEMINI.path, SseRoute.GEMINI.body()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> openai = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertOpenAiError(openai, 504, "airlock_upstream_timeout");
        assertThat(gemini.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(504);
        JsonNode error = JSON.readTree(gemini.get(WAIT.toSeconds(), TimeUnit.SECONDS).body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(504);
        assertThat(error.path("status").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(error.path("message").asText()).contains("timeouts.upstreamIdle");
        assertThat(upstreamErrors(airlock, "openai", "idle")).isEqualTo(1.0);
        assertThat(upstreamErrors(airlock, "gemini", "idle")).isEqualTo(1.0);
    }

    /**
     * A body that would hold a scan thread for seconds (thousands of one rule's keyword in a row) is refused once
     * timeouts.scan runs out: 400, nothing forwarded, counted as unscanned; the next request is served as usual.
     */
    @Test
    void aScanPastTimeoutsScanIsRefusedAndNothingIsForwarded() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> {
            TimeoutsConfig d = c.timeouts();
            return RunningAirlock.withTimeouts(c, new TimeoutsConfig(d.upstreamConnect(),
                    d.upstreamIdle(), d.clientHeader(), d.clientBodyIdle(), d.keepAlive(), d.drain(),
                    Duration.ofMillis(20)));
        });
        fake.respond(Responder.json(200, "{\"id\":\"chatcmpl-1\"}"));
        String hostile = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "ldapsearch -w ".repeat(150_000) + "\"}]}";

        HttpResponse<String> refused = post(airlock.base(), "/openai/v1/chat/completions", hostile);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("airlock_bad_request");
        assertThat(error.path("message").asText()).contains("timeouts.scan");
        assertThat(fake.requests()).as("nothing forwarded").isEmpty();
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_unscanned_total", Map.of("reason",
                "timeout"))).isEqualTo(1.0);
        assertThat(post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false)).statusCode())
                .isEqualTo(200);
    }

    /** A 100 Continue or 103 Early Hints before the answer (a CDN sends them) is skipped; the answer is relayed. */
    @Test
    void interimResponsesBeforeTheAnswerAreSkipped() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(Responder.sequence(exchange -> {
            for (int code : new int[] {100, 103}) {
                DefaultFullHttpResponse interim = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(code));
                interim.headers().set("link", "</style.css>; rel=preload");
                exchange.channel().writeAndFlush(interim);
            }
            exchange.sendFull(200, "application/json", "{\"id\":\"chatcmpl-1\"}".getBytes(UTF_8));
        }, Responder.json(200, "{\"id\":\"chatcmpl-2\"}")));

        HttpResponse<String> first = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));
        HttpResponse<String> second = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"id\":\"chatcmpl-1\"}");
        assertThat(second.body()).as("the connection stays in step").isEqualTo("{\"id\":\"chatcmpl-2\"}");
    }

    /**
     * Bytes a provider sends after a finished answer, unasked (a late second answer), never become the next
     * request's answer: the pooled connection is read while idle, and one that speaks unasked is closed.
     */
    @Test
    void bytesAfterAFinishedAnswerNeverReachTheNextRequest() throws Exception {
        try (ServerSocket provider = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread server = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = provider.accept();
                        accepted.add(s);
                        int n = accepted.size();
                        Thread t = new Thread(() -> answer(s, n), "plain-provider-" + n);
                        t.setDaemon(true);
                        t.start();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "plain-provider");
            server.setDaemon(true);
            server.start();
            airlock = RunningAirlock.start(RunningAirlock.configFor("http://127.0.0.1:" + provider.getLocalPort(),
                    caPem));

            assertThat(post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false)).body())
                    .isEqualTo("{\"n\":1}");
            Thread.sleep(600);
            HttpResponse<String> next = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));

            assertThat(next.body()).as("its own answer, not the stale one").isEqualTo("{\"n\":2}");
            assertThat(accepted).as("the connection that spoke unasked was not reused").hasSize(2);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /** Answers each request on connection {@code n} with {@code {"n":n}}; the first also with a stale second one. */
    private static void answer(Socket s, int n) {
        try (s) {
            java.io.InputStream in = s.getInputStream();
            java.io.OutputStream out = s.getOutputStream();
            while (readRequest(in)) {
                String body = "{\"n\":" + n + "}";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body).getBytes(UTF_8));
                out.flush();
                if (n == 1) {
                    Thread.sleep(200);
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"n\":\"X\"}".getBytes(UTF_8));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the connection or the test is over
        }
    }

    /** Reads one request head and its Content-Length body; false at the end of the stream. */
    private static boolean readRequest(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((c = in.read()) < 0) {
                return false;
            }
            head.append((char) c);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
        return true;
    }

    /** A provider switching protocols on a plain request leaves nothing to relay: 502, not a 101 with a body. */
    @Test
    void aSwitchOfProtocolsOnAPlainRequestIsA502() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(exchange -> {
            DefaultFullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.SWITCHING_PROTOCOLS);
            switching.headers().set("upgrade", "something-else").set("connection", "upgrade");
            exchange.channel().writeAndFlush(switching);
        });

        HttpResponse<String> res = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));

        assertOpenAiError(res, 502, "airlock_upstream_unreachable");
        assertThat(res.body()).contains("switched protocols");
    }

    @Test
    void upstreamClosingWithoutAnswerIsA502AndIsNotRetried() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(Responder.closeWithoutResponse());
        HttpResponse<String> res = post(airlock.base(), "/anthropic/v1/messages", SseRoute.ANTHROPIC.body());
        assertAnthropicError(res, 502);
        assertThat(fake.requests()).as("requests the provider saw").hasSize(1);
        assertThat(fake.connectionsAccepted()).isEqualTo(1);
        assertThat(upstreamErrors(airlock, "anthropic", "reset")).isEqualTo(1.0);
    }

    @Test
    void failureOnAPooledConnectionIsNotRetriedOnAFreshOne() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(Responder.sequence(Responder.json(200, "{\"id\":\"chatcmpl-1\"}"), Responder.closeWithoutResponse()));
        assertThat(post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false)).statusCode()).isEqualTo(200);
        HttpResponse<String> second = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));
        assertOpenAiError(second, 502, "airlock_upstream_unreachable");
        assertThat(fake.requests()).as("requests the provider saw").hasSize(2);
        assertThat(fake.requests().get(1).connection()).as("the second went on the pooled connection")
                .isEqualTo(fake.requests().get(0).connection());
        assertThat(fake.connectionsAccepted()).as("no fresh connection for a retry").isEqualTo(1);
    }

    @Test
    void untrustedUpstreamCertificateIsA502NamingTls() throws Exception {
        Path otherPem = TestCa.create().writePem(Files.createDirectories(dir.resolve("other-ca")));
        airlock = RunningAirlock.start(fake, otherPem);
        HttpResponse<String> res = post(airlock.base(), "/openai/v1/chat/completions", openAiBody(false));
        assertOpenAiError(res, 502, "airlock_upstream_unreachable");
        assertThat(JSON.readTree(res.body()).path("error").path("message").asText()).contains("TLS");
        assertThat(fake.requests()).as("nothing was sent over the untrusted connection").isEmpty();
        assertThat(upstreamErrors(airlock, "openai", "tls")).isEqualTo(1.0);
    }

    /**
     * A call that already ended can still be aborted later: its client may leave while the last bytes wait in the
     * client's outbound buffer, after the provider connection went back to the pool. Driven on Upstreams directly,
     * because only then is the order of "released, reused, late abort" certain.
     */
    @Test
    void aLateAbortLeavesThePooledConnectionToItsNextCall() throws Exception {
        Gate gate = new Gate();
        fake.respond(Responder.sequence(Responder.json(200, "{\"id\":\"first\"}"),
                Responder.sseGated(List.of("data: {\"n\":1}"), gate)));
        Transport transport = Transport.best();
        EventLoopGroup group = transport.group(1, "late-abort");
        try (Upstreams upstreams = new Upstreams(transport, UpstreamTls.context(caPem), UpstreamConfig.DEFAULT, null,
                WAIT, WAIT)) {
            EventLoop loop = group.next();
            Origin origin = new Origin(true, "127.0.0.1", fake.port(),
                    InetSocketAddress.createUnresolved("127.0.0.1", fake.port()));
            Listener first = new Listener();
            loop.submit(() -> first.call = upstreams.send(loop, origin, chatRequest(), first)).get(5, TimeUnit.SECONDS);
            first.awaitEnd();
            Listener second = new Listener();
            loop.submit(() -> second.call = upstreams.send(loop, origin, chatRequest(), second)).get(5, TimeUnit.SECONDS);
            second.awaitHead();
            assertThat(fake.connectionsAccepted()).as("the second call reuses the pooled connection").isEqualTo(1);
            loop.submit(() -> first.call.abort()).get(5, TimeUnit.SECONDS);
            gate.release();
            second.awaitEnd();
            assertThat(second.failure).as("the second call's failure").isNull();
            assertThat(second.body.toString()).isEqualTo("data: {\"n\":1}\n\n");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static FullHttpRequest chatRequest() {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions",
                Unpooled.copiedBuffer("{\"model\":\"m\"}", UTF_8));
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1").set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, req.content().readableBytes());
        return req;
    }

    /** An upstream listener that reads the whole response and records it; callbacks run on the call's loop. */
    private static final class Listener implements UpstreamListener {
        volatile UpstreamCall call;
        final StringBuilder body = new StringBuilder();
        final CountDownLatch head = new CountDownLatch(1);
        final CountDownLatch end = new CountDownLatch(1);
        volatile UpstreamFailure failure;

        @Override
        public void onResponseHead(io.netty.handler.codec.http.HttpResponse response) {
            head.countDown();
            call.read();
        }

        @Override
        public void onContent(HttpContent content, boolean last) {
            body.append(content.content().toString(UTF_8));
            content.release();
            if (last) {
                end.countDown();
            } else {
                call.read();
            }
        }

        @Override
        public void onFailure(UpstreamFailure f, boolean responseStarted) {
            failure = f;
            head.countDown();
            end.countDown();
        }

        void awaitHead() throws InterruptedException {
            assertThat(head.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("response head").isTrue();
        }

        void awaitEnd() throws InterruptedException {
            assertThat(end.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("end of response").isTrue();
        }
    }

    // ---- 12: the planted secrets never reached a log line or a metric -----------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void plantedSecretsNeverReachLogsOrMetrics() {
        logs.assertClean(scrapes);
    }
}
