package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.HTTP;
import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.LiveTraffic.metric;
import static dev.airlock.proxy.server.LiveTraffic.openAiBody;
import static dev.airlock.proxy.server.LiveTraffic.post;
import static dev.airlock.proxy.server.LiveTraffic.prompt;
import static dev.airlock.proxy.server.LiveTraffic.readUntil;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Action;
import dev.airlock.config.Dialect;
import dev.airlock.config.LimitsConfig;
import dev.airlock.config.RouteConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.RuleInfo;
import dev.airlock.proxy.inspect.Unscanned;
import dev.airlock.proxy.response.Restored;
import dev.airlock.proxy.route.Routes;
import dev.airlock.proxy.server.LiveTraffic.Client;
import dev.airlock.proxy.server.LiveTraffic.RawResponse;
import dev.airlock.proxy.server.LiveTraffic.Stream;
import dev.airlock.proxy.testing.Exchange;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Responder;
import dev.airlock.proxy.testing.Streamer;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.channel.ChannelFuture;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy's resource bounds and operations surface, against a real Airlock and a real TLS fake provider: upstream
 * connections pooled across requests, a slow client stalling the provider instead of filling memory, the global
 * body budget shedding with 503, the admin port, and draining on shutdown. HARDENING.md §5, DESIGN.md §2 and §4.
 */
@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminAndDrainTest extends LiveTrafficTest {

    private static final String CHAT = "/openai/v1/chat/completions";


    // ---- 7: keep-alive pooling ---------------------------------------------------------------------------------

    @Test
    void sequentialRequestsReusePooledUpstreamConnections() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        for (int i = 0; i < 5; i++) {
            assertThat(post(airlock.base(), CHAT, openAiBody(false)).statusCode()).isEqualTo(200);
        }
        assertThat(fake.requests()).hasSize(5);
        System.out.printf("5 sequential requests used %d upstream connection(s)%n", fake.connectionsAccepted());
        assertThat(fake.connectionsAccepted()).as("upstream connections for 5 requests").isLessThanOrEqualTo(2);
    }

    // ---- 8: backpressure ---------------------------------------------------------------------------------------

    /** Streams {@code total} bytes as fast as the connection takes them and counts the bytes whose write completed. */
    static final class Firehose implements Responder {
        static final int CHUNK = 64 * 1024;
        private static final String BLOCK = "x".repeat(CHUNK);
        final long total;
        final AtomicLong flushed = new AtomicLong();
        final CountDownLatch finished = new CountDownLatch(1);
        private long queued; // fake's event loop only

        Firehose(long total) {
            this.total = total;
        }

        @Override
        public void respond(Exchange exchange) {
            exchange.startStream(200, "application/octet-stream");
            pump(exchange);
        }

        /** Writes while the channel is writable (at least one chunk), then resumes when the last write completed. */
        private void pump(Exchange exchange) {
            ChannelFuture last;
            do {
                last = exchange.writeChunk(BLOCK);
                queued += CHUNK;
                last.addListener(f -> {
                    if (f.isSuccess()) {
                        flushed.addAndGet(CHUNK);
                    }
                });
            } while (queued < total && exchange.channel().isWritable());
            if (queued >= total) {
                exchange.endStream().addListener(f -> finished.countDown());
                return;
            }
            last.addListener(f -> {
                if (f.isSuccess()) {
                    pump(exchange);
                }
            });
        }
    }

    @Test
    void slowClientStallsTheProviderInsteadOfBeingBuffered() throws Exception {
        long total = 64L << 20;
        airlock = RunningAirlock.start(fake, caPem);
        Firehose firehose = new Firehose(total);
        fake.respond(firehose);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.setSoTimeout((int) WAIT.toMillis());
            s.connect(new InetSocketAddress("127.0.0.1", airlock.port()), (int) WAIT.toMillis());
            writeHead(s.getOutputStream(), CHAT, openAiBody(true).getBytes(UTF_8).length);
            s.getOutputStream().write(openAiBody(true).getBytes(UTF_8));
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            readUntil(in, "\r\n\r\n");
            LiveTraffic.ChunkedBody body = new LiveTraffic.ChunkedBody(in);
            body.readAtLeast(512 * 1024);
            // The client stops reading. What the fake still manages to write can only sit in socket buffers (the
            // fake's send buffer and the proxy's upstream receive buffer, the proxy's client send buffer: a few MiB
            // each on Linux defaults, about 8.5 MiB in all measured here) and the proxy's one piece in flight; a
            // proxy that buffered responses would let the fake finish all 64 MiB within a second.
            long stalled = awaitStable(firehose.flushed::get);
            System.out.printf("client read %d KiB, then paused: the fake could flush %d KiB of %d KiB%n",
                    body.received() / 1024, stalled / 1024, total / 1024);
            assertThat(firehose.finished.getCount()).as("the fake finished sending").isEqualTo(1);
            assertThat(stalled).as("bytes the fake flushed while the client read %d", body.received())
                    .isLessThan(16L << 20);
            // The client reads again: the stream resumes and arrives whole.
            body.readAtLeast(Long.MAX_VALUE);
            assertThat(body.received()).isEqualTo(total);
            assertThat(firehose.finished.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitMetricAtLeast("airlock_requests_total", 1);
        }
    }

    /** Polls until {@code value} stayed the same for 500 ms (bounded by {@link LiveTraffic#WAIT}); returns it. */
    private static long awaitStable(LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long last = value.getAsLong();
        int unchanged = 0;
        while (unchanged < 5) {
            assertThat(System.nanoTime()).as("value kept changing: %d", last).isLessThan(deadline);
            Thread.sleep(100);
            long now = value.getAsLong();
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
        }
        return last;
    }

    // ---- 9: global buffer budget ------------------------------------------------------------------------------

    @Test
    void concurrentBodiesBeyondTheBufferBudgetAreShedWith503() throws Exception {
        int mib = 1 << 20;
        airlock = RunningAirlock.start(fake, caPem,
                c -> RunningAirlock.withLimits(c, new LimitsConfig(mib, 8 << 10, 64 << 10, 100, mib)));
        // A warm-up request first, so the first upload is not slowed by class loading while the second one arrives.
        assertThat(post(airlock.base(), CHAT, openAiBody(false)).statusCode()).isEqualTo(200);
        byte[] doc = jsonOfSize(700 * 1024);
        int part = 600 * 1024; // two parts together hold 1.2 MiB: more than the 1 MiB budget
        try (Socket a = rawHead(airlock.port(), doc.length)) {
            CompletableFuture<RawResponse> answerA = CompletableFuture.supplyAsync(() -> LiveTraffic.readResponse(a));
            a.getOutputStream().write(doc, 0, part); // A holds 600 KiB and pauses
            try (Socket b = rawHead(airlock.port(), doc.length)) { // B connects later: usually the one shed
                CompletableFuture<RawResponse> answerB = CompletableFuture.supplyAsync(() -> LiveTraffic.readResponse(b));
                LiveTraffic.writeQuietly(b, doc, 0, part); // a shed upload may be cut off while writing
                CompletableFuture.anyOf(answerA, answerB).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                // Finish both bodies. When both crossed the budget at the same moment on two event loops both are
                // shed (the budget never over-commits); otherwise the one still open is forwarded.
                LiveTraffic.writeQuietly(a, doc, part, doc.length - part);
                LiveTraffic.writeQuietly(b, doc, part, doc.length - part);
                RawResponse ra = answerA.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                RawResponse rb = answerB.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                System.out.printf("budget: upload A (first) answered %d, upload B (second) answered %d%n",
                        ra.status(), rb.status());
                assertThat(List.of(ra.status(), rb.status())).as("at least one upload is shed").contains(503);
                for (RawResponse r : List.of(ra, rb)) {
                    assertThat(r.status()).as("answer %s", r).isIn(200, 503);
                    if (r.status() == 503) {
                        assertShed(r);
                    }
                }
                assertThat(fake.requests()).as("only the upload answered 200 reached the provider")
                        .hasSize(1 + (ra.status() == 200 ? 1 : 0) + (rb.status() == 200 ? 1 : 0));
            }
        }
        // Both are done: the whole budget is free again, so a body of exactly 1 MiB fits.
        assertThat(post(airlock.base(), CHAT, new String(jsonOfSize(mib), UTF_8)).statusCode()).isEqualTo(200);
    }

    private static void assertShed(RawResponse shed) throws Exception {
        assertThat(shed.headers()).containsKey("retry-after");
        JsonNode error = JSON.readTree(shed.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("code").asText()).isEqualTo("airlock_overloaded");
        assertThat(error.path("message").asText()).contains("limits.maxBufferedBytes");
    }

    private static Socket rawHead(int port, int length) throws Exception {
        Socket s = new Socket();
        s.setSoTimeout((int) WAIT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        writeHead(s.getOutputStream(), CHAT, length);
        return s;
    }

    private static void writeHead(OutputStream out, String path, int length) throws java.io.IOException {
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + LiveTraffic.API_KEY + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(UTF_8));
        out.flush();
    }

    /** A chat request of exactly {@code size} bytes: the planted secret, then filler. */
    private static byte[] jsonOfSize(int size) {
        String head = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt() + " ";
        String tail = "\"}]}";
        return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes(UTF_8);
    }

    // ---- 10: the admin port ------------------------------------------------------------------------------------

    @Test
    void adminPortServesHealthReadinessAndMetricsWithBoundedLabels() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        assertThat(airlock.admin().getPort()).isNotEqualTo(airlock.port());
        assertThat(get(airlock.admin(), "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(airlock.admin(), "/readyz").statusCode()).isEqualTo(200);
        // traffic: a redacted request, a stream, an unscannable body, a path with no route
        assertThat(post(airlock.base(), CHAT, openAiBody(false)).statusCode()).isEqualTo(200);
        Gate gate = new Gate();
        fake.respond(Responder.sseGated(List.of("data: {\"n\":1}", "data: [DONE]"), gate));
        gate.release(2);
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), CHAT, openAiBody(true))) {
            assertThat(stream.readToEnd()).containsExactly("data: {\"n\":1}", "", "data: [DONE]", "");
        }
        byte[] binary = new byte[512];
        LiveTraffic.RANDOM.nextBytes(binary);
        HttpResponse<String> unscannable = HTTP.send(HttpRequest.newBuilder(URI.create(airlock.base() + CHAT))
                .timeout(WAIT).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unscannable.statusCode()).isEqualTo(415);
        try (Socket idle = new Socket("127.0.0.1", airlock.port())) {
            awaitMetricAtLeast("airlock_connections_active", 1);
        }

        HttpResponse<String> res = get(airlock.admin(), "/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String scrape = res.body();
        assertThat(metric(scrape, "airlock_requests_total", Map.of("route", "openai", "action", "redact",
                "status", "200"))).isEqualTo(2.0);
        assertThat(metric(scrape, "airlock_findings_total", Map.of("rule", "github-pat", "action", "redact")))
                .isEqualTo(2.0);
        assertThat(metric(scrape, "airlock_scan_seconds_count", Map.of())).isGreaterThanOrEqualTo(3.0);
        assertThat(scrape).contains("airlock_scan_seconds_bucket{");
        assertThat(metric(scrape, "airlock_unscanned_total", Map.of("reason", "content_type"))).isEqualTo(1.0);
        assertThat(metric(scrape, "airlock_upstream_seconds_count", Map.of("route", "openai"))).isEqualTo(2.0);
        assertThat(scrape).contains("airlock_connections_active ");
        assertThat(metric(scrape, "airlock_restored_total", Map.of("where", "tool_arguments"))).isZero();
        assertLabelsAreBounded(scrape);
    }

    /** Every label value is a route name, a rule id, an enum label, a status code or a histogram bound. */
    private static void assertLabelsAreBounded(String scrape) {
        Set<String> routes = Routes.of(List.of(new RouteConfig("ollama", "http://x", Dialect.OLLAMA))).all().stream()
                .map(RouteConfig::name).collect(Collectors.toSet());
        routes.add("none");
        routes.add(dev.airlock.proxy.route.ForwardRoutes.FORWARD);
        Set<String> rules = Detector.builtIn().rules().stream().map(RuleInfo::id).collect(Collectors.toSet());
        Set<String> actions = Arrays.stream(Action.values()).map(Action::label).collect(Collectors.toSet());
        actions.add("error");
        Set<String> dialects = Arrays.stream(Dialect.values()).map(Dialect::label).collect(Collectors.toSet());
        Set<String> kinds = Arrays.stream(UpstreamFailure.Kind.values()).map(UpstreamFailure.Kind::label)
                .collect(Collectors.toSet());
        Set<String> reasons = Arrays.stream(Unscanned.values()).map(Unscanned::label).collect(Collectors.toSet());
        Set<String> wheres = Arrays.stream(Restored.values()).map(Restored::label).collect(Collectors.toSet());
        var samples = LiveTraffic.samples(scrape);
        assertThat(samples).isNotEmpty();
        for (var sample : samples) {
            assertThat(sample.getKey()).startsWith("airlock_");
            sample.getValue().forEach((label, value) -> {
                var bounded = assertThat(value).as("%s{%s=...}", sample.getKey(), label);
                switch (label) {
                    case "route" -> bounded.isIn(routes);
                    case "rule" -> bounded.isIn(rules);
                    case "action" -> bounded.isIn(actions);
                    case "provider" -> bounded.isIn(dialects);
                    case "kind" -> bounded.isIn(kinds);
                    case "reason" -> bounded.isIn(reasons);
                    case "outcome" -> bounded.isIn("intercepted", "tunnelled", "refused");
                    case "result" -> bounded.isIn("ok", "rejected");
                    case "where" -> bounded.isIn(wheres);
                    case "status" -> bounded.matches("[1-5][0-9][0-9]");
                    case "le" -> bounded.matches("\\+Inf|[0-9.]+(E-?[0-9]+)?");
                    default -> throw new AssertionError("unexpected label " + label + " on " + sample.getKey());
                }
            });
        }
    }

    @Test
    void adminRefusesOtherPathsAndMethodsAndTheProxyPortHasNoMetrics() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        assertThat(get(airlock.admin(), "/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> postMetrics = HTTP.send(HttpRequest.newBuilder(URI.create(airlock.admin() + "/metrics"))
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(postMetrics.statusCode()).isEqualTo(405);
        HttpResponse<String> proxyMetrics = get(airlock.base(), "/metrics");
        assertThat(proxyMetrics.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(proxyMetrics.body()).path("error").path("code").asText()).isEqualTo("airlock_no_route");
        assertThat(proxyMetrics.body()).doesNotContain("airlock_requests_total");
        assertThat(fake.requests()).isEmpty();
    }

    // ---- 11: drain ---------------------------------------------------------------------------------------------

    @Test
    void drainStopsAcceptingAndLetsTheStreamInFlightFinish() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Gate gate = new Gate();
        fake.respond(Responder.sseGated(List.of("data: {\"n\":1}", "data: {\"n\":2}", "data: [DONE]"), gate));
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), CHAT, openAiBody(true))) {
            gate.release();
            assertThat(stream.feed.next(WAIT, "event 1").text()).isEqualTo("data: {\"n\":1}");
            CompletableFuture<Void> closing = airlock.closeAsync(Duration.ofSeconds(10));
            awaitStatus(airlock.admin(), "/readyz", 503); // the admin port stays up while draining, to say so
            awaitRefused(airlock.port());
            assertThat(closing).as("close() waits for the stream").isNotDone();
            gate.release(2);
            assertThat(stream.feed.next(WAIT, "blank").text()).isEmpty();
            assertThat(stream.feed.next(WAIT, "event 2").text()).isEqualTo("data: {\"n\":2}");
            stream.feed.next(WAIT, "blank");
            assertThat(stream.feed.next(WAIT, "[DONE]").text()).isEqualTo("data: [DONE]");
            stream.feed.next(WAIT, "blank");
            stream.assertCleanEnd();
            long ended = System.nanoTime();
            closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Duration after = Duration.ofNanos(System.nanoTime() - ended);
            System.out.printf("drain: close() returned %d ms after the stream ended%n", after.toMillis());
            assertThat(after).as("close() returned soon after the stream ended").isLessThan(Duration.ofSeconds(5));
        }
        assertRefused(airlock.admin().getPort());
    }

    @Test
    void drainDeadlineCutsANeverEndingStream() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Streamer streamer = Responder.streamUntilClosed("data: {\"tick\":1}", Duration.ofMillis(50));
        fake.respond(streamer);
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), CHAT, openAiBody(true))) {
            assertThat(stream.feed.next(WAIT, "first tick").text()).isEqualTo("data: {\"tick\":1}");
            long start = System.nanoTime();
            airlock.closeAsync(Duration.ofSeconds(1)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("drain: close(1 s) returned after %d ms%n", took.toMillis());
            assertThat(took).isBetween(Duration.ofMillis(950), Duration.ofSeconds(4));
            while (true) { // ticks already relayed may still be read; then the body must break, not end
                LiveTraffic.LineFeed.Line line = stream.feed.poll(WAIT);
                if (line == null) {
                    break;
                }
            }
            assertThat(stream.feed.end(WAIT)).as("how the body ended").isNotNull();
        }
        assertThat(streamer.clientGone().await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("upstream closed").isTrue();
    }

    private static void awaitStatus(URI base, String path, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last;
        while ((last = get(base, path).statusCode()) != status) {
            assertThat(System.nanoTime()).as("%s stayed %d", path, last).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (connects(port)) {
            assertThat(System.nanoTime()).as("port %d still accepts", port).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertRefused(int port) throws Exception {
        assertThat(connects(port)).as("port %d accepts connections", port).isFalse();
    }

    private static boolean connects(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private void awaitMetricAtLeast(String name, double atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metric(airlock.scrape(), name, Map.of()) < atLeast) {
            assertThat(System.nanoTime()).as("%s stayed below %s", name, atLeast).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- 12: the planted secrets never reached a log line or a metric -----------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void plantedSecretsNeverReachLogsOrMetrics() {
        logs.assertClean(scrapes);
    }
}
