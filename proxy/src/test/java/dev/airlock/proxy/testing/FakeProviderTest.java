package dev.airlock.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves the fixtures behave like a real provider, using only the JDK client and plain Netty. */
@Timeout(30)
class FakeProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCa ca;

    private FakeProvider fake;
    private HttpClient client;

    @BeforeAll
    static void createCa() {
        ca = TestCa.create();
    }

    @BeforeEach
    void start() {
        fake = FakeProvider.start(ca);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ca.jdkClientContext())
                .connectTimeout(WAIT)
                .build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void postedJsonIsRecordedWithItsExactBody() throws Exception {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]}";
        HttpResponse<String> response = send(post("/v1/chat/completions?x=1", body), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("content-length")).contains("11");
        Recorded seen = fake.takeRequest(WAIT);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo("/v1/chat/completions?x=1");
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(seen.header("Content-Type")).contains("application/json");
        assertThat(seen.headerValues("x-test")).containsExactly("a", "b");
        assertThat(seen.header("content-length")).contains(String.valueOf(seen.body().length));
        assertThat(fake.requests()).containsExactly(seen);
    }

    @Test
    void chunkedRequestBodyIsJoinedAndItsFramingHeaderKept() throws Exception {
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/files"))
                .timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        assertThat(send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        Recorded seen = fake.takeRequest(WAIT);
        assertThat(seen.header("transfer-encoding")).contains("chunked");
        assertThat(seen.body()).isEqualTo(body);
    }

    @Test
    void persistentConnectionIsReusedAndScriptedAnswersFollowInOrder() throws Exception {
        fake.respond(Responder.sequence(
                Responder.json(429, "{\"error\":1}").withHeader("x-should-retry", "false"),
                Responder.json(201, "{}")));

        HttpResponse<String> first = send(post("/a", "{}"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = send(post("/b", "{}"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> third = send(post("/c", "{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("x-should-retry")).contains("false");
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(fake.requests()).extracting(Recorded::connection).containsExactly(1, 1, 1);
        assertThat(fake.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void gatedSseReachesTheClientOneEventAtATime() throws Exception {
        Gate gate = new Gate();
        fake.respond(Responder.sseGated(List.of("event: a\ndata: {\"n\":1}", "event: b\ndata: {\"n\":2}"), gate));
        BodyCollector body = new BodyCollector();

        HttpResponse<Void> response = client.sendAsync(post("/v1/messages", "{}"), body.handler())
                .get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(gate.sent()).isZero();

        gate.release();
        body.awaitContains("{\"n\":1}\n\n", WAIT);
        gate.awaitSent(1, WAIT);
        assertThat(gate.sent()).isEqualTo(1);
        assertThat(body.text()).doesNotContain("\"n\":2");

        gate.release();
        String all = body.awaitComplete(WAIT);
        assertThat(Sse.dataOf(all)).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(Sse.parse(all)).extracting(Sse.Event::name).containsExactly("a", "b");
        gate.awaitSent(2, WAIT);
        assertThat(gate.sentAt()).hasSize(2);
        assertThat(gate.sentAt().get(0)).isLessThan(gate.sentAt().get(1));
        assertThat(body.receivedAt("{\"n\":1}")).isLessThan(gate.sentAt().get(1));
    }

    @Test
    void resetMidStreamSurfacesAsIOException() throws Exception {
        fake.respond(Responder.resetAfter(List.of("data: {\"n\":1}")));
        BodyCollector body = new BodyCollector();

        // The RST may land before the client read the head (Linux drops unread data on RST), so the
        // failure shows up either on the response future or on the body.
        Throwable failure;
        try {
            client.sendAsync(post("/v1/responses", "{}"), body.handler()).get(10, TimeUnit.SECONDS);
            failure = body.awaitError(WAIT);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }

        assertThat(failure).isInstanceOf(IOException.class);
    }

    @Test
    void gatedResetComesAfterTheEventsArrived() throws Exception {
        Gate gate = new Gate();
        fake.respond(Responder.resetAfterGated(List.of("data: {\"n\":1}"), gate));
        BodyCollector body = new BodyCollector();

        client.sendAsync(post("/v1/responses", "{}"), body.handler()).get(10, TimeUnit.SECONDS);
        gate.release();
        body.awaitContains("data: {\"n\":1}\n\n", WAIT);
        gate.release();

        assertThat(body.awaitError(WAIT)).isInstanceOf(IOException.class);
        assertThat(body.text()).isEqualTo("data: {\"n\":1}\n\n");
    }

    @Test
    void closeWithoutResponseSurfacesAsIOException() {
        fake.respond(Responder.closeWithoutResponse());

        assertThatThrownBy(() -> send(post("/v1/messages", "{}"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(fake.takeRequest(WAIT).path()).isEqualTo("/v1/messages");
    }

    @Test
    void hangingProviderIsSeenButNeverAnswers() {
        fake.respond(Responder.hang());
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/slow"))
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        assertThatThrownBy(() -> send(request, HttpResponse.BodyHandlers.ofString()))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(fake.takeRequest(WAIT).path()).isEqualTo("/slow");
    }

    @Test
    void streamUntilClosedNoticesTheClientLeaving() throws Exception {
        Streamer streamer = Responder.streamUntilClosed("data: {\"tick\":true}", Duration.ofMillis(20));
        fake.respond(streamer);
        BodyCollector body = new BodyCollector();

        client.sendAsync(post("/v1/chat/completions", "{}"), body.handler()).get(10, TimeUnit.SECONDS);
        body.awaitContains("{\"tick\":true}", WAIT);
        assertThat(streamer.closedAt()).isZero();
        long cancelledAt = System.nanoTime();
        body.cancel();

        assertThat(streamer.clientGone().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(streamer.closedAt()).isGreaterThan(cancelledAt);
        assertThat(streamer.eventsSent()).isPositive();
    }

    @Test
    void ndjsonOverPlainHttp() throws Exception {
        try (FakeProvider plain = FakeProvider.startPlain()) {
            plain.respond(Responder.ndjson(List.of("{\"a\":1}", "{\"done\":true}")));
            assertThat(plain.baseUrl()).startsWith("http://127.0.0.1:");

            HttpRequest request = HttpRequest.newBuilder(URI.create(plain.baseUrl() + "/api/chat"))
                    .timeout(WAIT)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.headers().firstValue("content-type")).contains("application/x-ndjson");
            assertThat(response.body()).isEqualTo("{\"a\":1}\n{\"done\":true}\n");
            assertThat(plain.takeRequest(WAIT).path()).isEqualTo("/api/chat");
        }
    }

    @Test
    void leafFromAnotherCaIsRejected() {
        try (FakeProvider impostor = FakeProvider.start(TestCa.create().serverContext("127.0.0.1"))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(impostor.baseUrl() + "/"))
                    .timeout(WAIT)
                    .GET()
                    .build();

            assertThatThrownBy(() -> send(request, HttpResponse.BodyHandlers.ofString()))
                    .hasCauseInstanceOf(SSLHandshakeException.class);
            assertThat(impostor.requests()).isEmpty();
        }
    }

    @Test
    void nettyClientContextTrustsTheCa() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(ca.clientContext().newHandler(ch.alloc(), "127.0.0.1", fake.port()),
                                    new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                            answer.complete(msg.status().code() + " "
                                                    + msg.content().toString(StandardCharsets.UTF_8));
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            answer.completeExceptionally(cause);
                                            ctx.close();
                                        }
                                    });
                        }
                    })
                    .connect("127.0.0.1", fake.port()).sync().channel();
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ping");
            request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + fake.port());
            channel.writeAndFlush(request);

            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("200 {\"ok\":true}");
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void caWritesPem(@TempDir Path dir) throws Exception {
        Path pem = ca.writePem(dir);

        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("-----END CERTIFICATE-----\n");
        assertThat(java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(pem))).isEqualTo(ca.certificate());
    }

    @Test
    void sseParserFollowsEventSourceRules() {
        String stream = ": comment\r\nevent: x\r\ndata:a\r\ndata: b\r\n\r\ndata: [DONE]\n\ndata: cut";

        assertThat(Sse.dataOf(stream)).containsExactly("a\nb", "[DONE]");
        assertThat(Sse.parse(stream).get(1).name()).isEqualTo("message");
        assertThat(Sse.blocks(stream)).containsExactly(": comment\nevent: x\ndata:a\ndata: b", "data: [DONE]",
                "data: cut");
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .timeout(WAIT)
                .header("content-type", "application/json")
                .header("x-test", "a")
                .header("x-test", "b")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws Exception {
        return client.sendAsync(request, handler).get(10, TimeUnit.SECONDS);
    }
}
