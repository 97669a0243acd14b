package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.RANDOM;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.LiveTraffic.openAiBody;
import static dev.airlock.proxy.server.LiveTraffic.prompt;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ResponseAction;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.LiveTraffic.Client;
import dev.airlock.proxy.server.LiveTraffic.Stream;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import dev.airlock.proxy.testing.Sse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code response.action: redact} over a live proxy and a live fake provider: a credential the model streams back,
 * split across two events, reaches real clients as its placeholder in valid SSE; events with nothing pending are
 * relayed before the next one even exists; restore still puts the request's own secret back; and a provider that
 * compresses although asked for identity is decoded as it streams.
 */
class ResponseRedactionLiveTest extends LiveTrafficTest {

    private static final String CHAT = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}";
    /** Written by the model, never in any request: only response redaction can keep it from the client. */
    private final String written = Credentials.githubToken(RANDOM);

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chatText(String text) {
        return "data: " + CHAT.formatted("{\"content\":" + quoted(text) + "}", "null");
    }

    private static String chatArgs(String arguments) {
        return "data: " + CHAT.formatted("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quoted(arguments)
                + "}}]}", "null");
    }

    private static final String CHAT_TOOL_START = "data: " + CHAT.formatted("{\"tool_calls\":[{\"index\":0,\"id\":"
            + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"write_file\",\"arguments\":\"\"}}]}", "null");
    private static final String CHAT_STOP = "data: " + CHAT.formatted("{}", "\"stop\"");

    private static String anthropicText(String text) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":" + quoted(text) + "}}";
    }

    private static String anthropicBody() {
        return "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":256,\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":" + quoted(prompt()) + "}]}";
    }

    private static String placeholderIn(Recorded request) {
        Matcher m = Redactor.PLACEHOLDER.matcher(request.bodyText());
        return m.find() ? m.group() : "[no placeholder in the request]";
    }

    private AirlockConfig redacting(AirlockConfig c) {
        return RunningAirlock.withResponse(c, ResponseAction.REDACT);
    }

    /** A stream's text as a client joins it: the strings at {@code at} of every data event, in order. */
    private static String joined(List<String> lines, Function<JsonNode, JsonNode> at) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("data: {")) {
                sb.append(at.apply(JSON.readTree(line.substring(6))).asText(""));
            }
        }
        return sb.toString();
    }

    private static JsonNode chatDelta(JsonNode chunk) {
        return chunk.path("choices").path(0).path("delta");
    }

    @Test
    void aTokenSplitAcrossTwoOpenAiEventsArrivesRedactedWhileEventsWithoutCandidatesArriveAtOnce() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, this::redacting);
        Gate gate = new Gate();
        fake.respond(Responder.sseGated(List.of(chatText("Sure, here is the plan."),
                chatText(" Use " + written.substring(0, 13)), chatText(written.substring(13) + " for the deploy."),
                CHAT_STOP, "data: [DONE]"), gate));
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            assertThat(fake.takeRequest(WAIT).header("accept-encoding")).hasValue("identity");

            gate.release();
            String first = stream.feed.next(WAIT, "the first event, before the second exists").text();
            assertThat(JSON.readTree(first.substring(6)).path("choices").path(0).path("delta").path("content").asText())
                    .isEqualTo("Sure, here is the plan.");
            gate.awaitSent(1, WAIT); // its write completes on the fake's loop, maybe after the proxy relayed it
            assertThat(gate.sent()).as("no event after the first had left the provider").isEqualTo(1);
            assertThat(stream.feed.next(WAIT, "the blank line after it").text()).isEmpty();

            gate.release();
            String second = stream.feed.next(WAIT, "the second event, before the third exists").text();
            assertThat(chatDelta(JSON.readTree(second.substring(6))).path("content").asText())
                    .as("written at once, without the unfinished token").isEqualTo(" Use ");
            gate.awaitSent(2, WAIT);
            assertThat(gate.sent()).isEqualTo(2);
            assertThat(stream.feed.next(WAIT, "the blank line after it").text()).isEmpty();

            gate.release(3);
            List<String> rest = stream.readToEnd();
            List<String> all = new ArrayList<>(List.of(first, "", second, ""));
            all.addAll(rest);
            assertThat(String.join("\n", all)).doesNotContain(written.substring(4, 13)).doesNotContain(written);
            assertThat(joined(all, c -> chatDelta(c).path("content"))).isEqualTo("Sure, here is the plan. Use "
                    + airlock.placeholder("github-pat", written) + " for the deploy.");
            assertThat(Sse.parse(String.join("\n", all) + "\n")).as("every event whole and valid")
                    .allSatisfy(e -> assertThat(e.data().equals("[DONE]") || JSON.readTree(e.data()).isObject()).isTrue());
            assertThat(rest).last().isEqualTo("");
        }
        String scrape = airlock.scrape();
        assertThat(LiveTraffic.metric(scrape, "airlock_response_redactions_total", Map.of("rule", "github-pat")))
                .isEqualTo(1.0);
    }

    @Test
    void aTokenSplitAcrossTwoAnthropicEventsReachesCurlRedacted() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, this::redacting);
        fake.respond(Responder.sse(List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-20250514\"}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}",
                anthropicText("export GITHUB_TOKEN=" + written.substring(0, 22)),
                "event: ping\ndata: {\"type\": \"ping\"}",
                anthropicText(written.substring(22) + "\nthen run it."),
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}")));
        List<String> lines;
        try (Stream stream = Stream.open(Client.CURL, airlock.base(), "/anthropic/v1/messages", anthropicBody())) {
            lines = stream.readToEnd();
        }
        String body = String.join("\n", lines);
        assertThat(body).doesNotContain(written.substring(4, 22)).doesNotContain(written.substring(22));
        assertThat(joined(lines, e -> e.path("delta").path("text"))).isEqualTo("export GITHUB_TOKEN="
                + airlock.placeholder("github-pat", written) + "\nthen run it.");
        List<Sse.Event> events = Sse.parse(body + "\n");
        assertThat(events).extracting(Sse.Event::name).containsExactly("message_start", "content_block_start",
                "content_block_delta", "ping", "content_block_delta", "content_block_stop", "message_stop");
        for (Sse.Event e : events) {
            assertThat(JSON.readTree(e.data()).path("type").asText()).isEqualTo(e.name());
        }
    }

    @Test
    void recordModeRelaysTheStreamByteForByteAndOnlyRecords() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        List<String> events = List.of(chatText("Use " + written.substring(0, 13)), chatText(written.substring(13)),
                CHAT_STOP, "data: [DONE]");
        fake.respond(Responder.sse(events));
        List<String> lines;
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            lines = stream.readToEnd();
        }
        List<String> expected = new ArrayList<>();
        events.forEach(e -> expected.addAll(LiveTraffic.linesOf(Sse.frame(e))));
        assertThat(lines).isEqualTo(expected);
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_response_redactions_total", Map.of())).isZero();
    }

    @Test
    void restoreStillPutsTheRequestsOwnSecretBackWhileWhatTheModelWroteIsRedacted() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, this::redacting);
        Gate gate = new Gate();
        gate.release(10);
        fake.respond(Responder.sseGatedFrom(request -> {
            String p = placeholderIn(request);
            String args = "{\"path\": \".env\", \"content\": \"GITHUB_TOKEN=" + p + "\\nBACKUP_TOKEN=" + written
                    + "\\n\"}";
            return List.of(CHAT_TOOL_START, chatArgs(args.substring(0, 50)), chatArgs(args.substring(50)),
                    chatText("Wrote " + p + " and " + written + "."), CHAT_STOP, "data: [DONE]");
        }, gate));
        List<String> lines;
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            lines = stream.readToEnd();
        }
        String mine = airlock.placeholder("github-pat", SECRET);
        String theirs = airlock.placeholder("github-pat", written);
        String arguments = joined(lines, c -> chatDelta(c).path("tool_calls").path(0).path("function").path("arguments"));
        assertThat(JSON.readTree(arguments).path("content").asText()).as("restored in the tool call, and left so")
                .isEqualTo("GITHUB_TOKEN=" + SECRET + "\nBACKUP_TOKEN=" + theirs + "\n");
        assertThat(joined(lines, c -> chatDelta(c).path("content"))).isEqualTo("Wrote " + mine + " and " + theirs + ".");
        assertThat(String.join("\n", lines)).doesNotContain(written);
        String scrape = airlock.scrape();
        assertThat(LiveTraffic.metric(scrape, "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
        assertThat(LiveTraffic.metric(scrape, "airlock_response_redactions_total", Map.of("rule", "github-pat")))
                .isEqualTo(2.0);
    }

    @Test
    void aGzipStreamedToolCallIsDecodedAndGetsItsPlaceholderRestored() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(exchange -> {
            String p = placeholderIn(exchange.request());
            String args = "{\"path\": \".env\", \"content\": \"GITHUB_TOKEN=" + p + "\"}";
            try {
                List<byte[]> chunks = gzipEvents(List.of(CHAT_TOOL_START, chatArgs(args.substring(0, 40)),
                        chatArgs(args.substring(40)), CHAT_STOP, "data: [DONE]"));
                exchange.addHeader("content-encoding", "gzip"); // although Airlock asked for identity
                exchange.startStream(200, "text/event-stream");
                chunks.forEach(exchange::writeChunk);
                exchange.endStream();
            } catch (IOException e) {
                exchange.close();
            }
        });
        HttpResponse<String> res = LiveTraffic.HTTP.send(LiveTraffic.request(airlock.base(),
                "/openai/v1/chat/completions", openAiBody(true)).header("accept-encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fake.takeRequest(WAIT).header("accept-encoding")).hasValue("identity");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-encoding")).as("the client gets the decoded stream").isEmpty();
        assertThat(res.headers().firstValue("transfer-encoding")).hasValue("chunked");
        List<String> lines = List.of(res.body().split("\n", -1));
        String arguments = joined(lines, c -> chatDelta(c).path("tool_calls").path(0).path("function").path("arguments"));
        assertThat(JSON.readTree(arguments).path("content").asText()).isEqualTo("GITHUB_TOKEN=" + SECRET);
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    @Test
    void aGzipAnswerToARequestWithoutSecretsKeepsItsEncodingAndIsStillScanned() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        byte[] gzipped = concat(gzipEvents(List.of(chatText("key " + written), CHAT_STOP, "data: [DONE]")));
        fake.respond(exchange -> {
            exchange.addHeader("content-encoding", "gzip");
            exchange.startStream(200, "text/event-stream");
            exchange.writeChunk(gzipped);
            exchange.endStream();
        });
        HttpResponse<byte[]> res = LiveTraffic.HTTP.send(LiveTraffic.request(airlock.base(),
                        "/openai/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}")
                .header("accept-encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fake.takeRequest(WAIT).header("accept-encoding")).as("nothing to rewrite: the client's choice")
                .hasValue("gzip");
        assertThat(res.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(res.body()).isEqualTo(gzipped);
        String scrape = awaitMetric("airlock_response_findings_total");
        assertThat(LiveTraffic.metric(scrape, "airlock_response_findings_total", Map.of("rule", "github-pat")))
                .isEqualTo(1.0);
    }

    @Test
    void aBrotliAnswerThatMustBeRedactedIsRefusedNotPassedOnUnread() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, this::redacting);
        fake.respond(exchange -> {
            exchange.addHeader("content-encoding", "br");
            exchange.startStream(200, "text/event-stream");
            exchange.writeChunk(new byte[] {0x1b, 0x03, 0x00, 0x10});
            exchange.endStream();
        });
        HttpResponse<String> res = LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", openAiBody(true));
        LiveTraffic.assertOpenAiError(res, 502, "airlock_upstream_unreachable");
        assertThat(JSON.readTree(res.body()).path("error").path("message").asText())
                .contains("Content-Encoding \"br\"").contains("identity");
    }

    @Test
    void aCompressedStreamThatBreaksMidAnswerReachesTheClientBrokenNotCleanlyEnded() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, this::redacting);
        fake.respond(exchange -> {
            try {
                List<byte[]> chunks = gzipEvents(List.of(chatText("first"), chatText("second"), CHAT_STOP));
                exchange.addHeader("content-encoding", "gzip");
                exchange.startStream(200, "text/event-stream");
                exchange.writeChunk(chunks.get(0));
                exchange.writeChunk(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x01});
                exchange.endStream();
            } catch (IOException e) {
                exchange.close();
            }
        });
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            String first = stream.feed.next(WAIT, "the event decoded before the damage").text();
            assertThat(chatDelta(JSON.readTree(first.substring(6))).path("content").asText()).isEqualTo("first");
            assertThat(stream.feed.next(WAIT, "the blank line after it").text()).isEmpty();
            assertThat(stream.feed.end(WAIT)).as("how the body ended").isNotNull();
        }
        assertThat(LiveTraffic.upstreamErrors(airlock, "openai", "protocol")).isEqualTo(1.0);
    }

    @Test
    void switchingToRedactTakesEffectOnTheNextRequestAfterAReload() throws Exception {
        AirlockConfig record = RunningAirlock.configFor(fake.baseUrl(), caPem);
        airlock = RunningAirlock.start(record);
        fake.respond(Responder.sse(List.of(chatText("key " + written), CHAT_STOP, "data: [DONE]")));
        assertThat(LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", openAiBody(true)).body())
                .contains(written);
        airlock.server().reload(redacting(record), Detector.builtIn());
        String after = LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", openAiBody(true)).body();
        assertThat(after).doesNotContain(written).contains(airlock.placeholder("github-pat", written));
    }

    /** Each event gzip-compressed and flushed on its own, as a streaming server compresses: one chunk per event. */
    private static List<byte[]> gzipEvents(List<String> events) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<byte[]> chunks = new ArrayList<>();
        try (GZIPOutputStream gz = new GZIPOutputStream(sink, true)) {
            for (String event : events) {
                gz.write(Sse.frame(event).getBytes(UTF_8));
                gz.flush();
                chunks.add(sink.toByteArray());
                sink.reset();
            }
        }
        chunks.add(sink.toByteArray());
        // The decoded whole is the stream itself: a check of the helper, not of the proxy.
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(concat(chunks))).readAllBytes(), UTF_8))
                .isEqualTo(String.join("", events.stream().map(Sse::frame).toList()));
        return chunks;
    }

    private static byte[] concat(List<byte[]> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** The scan finishes just after the last piece was written: the client may have it first. */
    private String awaitMetric(String name) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String scrape;
        do {
            scrape = airlock.scrape();
            if (scrape.contains(name + "{")) {
                return scrape;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return scrape;
    }

    @AfterAll
    static void noLogLineOrMetricHoldsTheToken() {
        logs.assertClean(scrapes);
    }
}
