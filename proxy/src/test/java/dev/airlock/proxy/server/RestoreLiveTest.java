package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.LiveTraffic.openAiBody;
import static dev.airlock.proxy.server.LiveTraffic.prompt;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.Restore;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.server.LiveTraffic.Client;
import dev.airlock.proxy.server.LiveTraffic.Stream;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A prompt with a GitHub token goes out with the token's placeholder; the model repeats the placeholder in a tool call
 * and the client gets the real token there — over a live proxy and a live fake provider, the placeholder split across
 * two events of the stream. The provider never sees the token, and no log line or metric holds it.
 */
class RestoreLiveTest extends LiveTrafficTest {

    private static final String CHUNK = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}";
    private static final String ARGS_START = "{\"path\": \".env\", \"content\": \"GITHUB_TOKEN=";

    /** The placeholder the proxy wrote into the request the fake received. */
    private static String placeholderIn(Recorded request) {
        Matcher m = Redactor.PLACEHOLDER.matcher(request.bodyText());
        return m.find() ? m.group() : "[no placeholder in the request]";
    }

    private static String args(String arguments) {
        return CHUNK.formatted("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quoted(arguments)
                + "}}]}", "null");
    }

    /** The model writes the file, the placeholder split after {@code cut} characters, and says so in text. */
    private static List<String> toolCall(Recorded request, int cut) {
        String p = placeholderIn(request);
        return List.of(
                CHUNK.formatted("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"write_file\",\"arguments\":\"\"}}]}", "null"),
                args(ARGS_START + p.substring(0, cut)),
                args(p.substring(cut) + "\"}"),
                CHUNK.formatted("{\"content\":" + quoted("Wrote " + p + " to .env") + "}", "null"),
                CHUNK.formatted("{}", "\"tool_calls\""),
                "data: [DONE]");
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode data(String line) throws Exception {
        assertThat(line).startsWith("data: ");
        return JSON.readTree(line.substring(6));
    }

    private static String argumentsOf(JsonNode chunk) {
        return chunk.path("choices").path(0).path("delta").path("tool_calls").path(0).path("function")
                .path("arguments").asText("");
    }

    @Test
    void theModelsToolCallGetsTheRealTokenWhileTheProviderOnlyEverSawThePlaceholder() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Gate gate = new Gate();
        fake.respond(Responder.sseGatedFrom(request -> toolCall(request, 14), gate));
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            Recorded sent = fake.takeRequest(WAIT);
            String placeholder = airlock.placeholder("github-pat", SECRET);
            assertThat(sent.bodyText()).doesNotContain(SECRET).contains(placeholder);
            assertThat(placeholderIn(sent)).isEqualTo(placeholder);

            gate.release(); // the tool call starts
            assertThat(data(stream.feed.next(WAIT, "the tool call's first event").text()).path("choices").path(0)
                    .path("delta").path("tool_calls").path(0).path("function").path("name").asText())
                    .isEqualTo("write_file");
            assertThat(stream.feed.next(WAIT, "the blank line after it").text()).isEmpty();

            gate.release(); // arguments that end with the placeholder's first 14 characters
            String early = argumentsOf(data(stream.feed.next(WAIT, "the second event, before the third exists").text()));
            assertThat(early).as("written at once, without what may start a placeholder").isEqualTo(ARGS_START);
            gate.awaitSent(2, WAIT); // its write completes on the fake's loop, maybe after the proxy relayed it
            assertThat(gate.sent()).isEqualTo(2);

            gate.release(4);
            List<String> lines = new ArrayList<>(List.of(early));
            for (String line : stream.readToEnd()) {
                if (line.startsWith("data: {")) {
                    lines.add(argumentsOf(data(line)));
                }
            }
            String arguments = String.join("", lines);
            assertThat(JSON.readTree(arguments).path("content").asText()).isEqualTo("GITHUB_TOKEN=" + SECRET);
        }
        String scrape = airlock.scrape();
        assertThat(LiveTraffic.metric(scrape, "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
        assertThat(LiveTraffic.metric(scrape, "airlock_restored_total", Map.of("where", "text"))).isZero();
    }

    @Test
    void theTextOfTheAnswerKeepsThePlaceholderAndRestoreOffKeepsItEverywhere() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c,
                new PolicyConfig(Action.REDACT, Map.of(), Action.BLOCK, Restore.OFF)));
        Gate gate = new Gate();
        gate.release(10);
        fake.respond(Responder.sseGatedFrom(request -> toolCall(request, 3), gate));
        String body;
        try (Stream stream = Stream.open(Client.JDK, airlock.base(), "/openai/v1/chat/completions", openAiBody(true))) {
            body = String.join("\n", stream.readToEnd());
        }
        String placeholder = airlock.placeholder("github-pat", SECRET);
        assertThat(body).doesNotContain(SECRET).contains("Wrote " + placeholder + " to .env");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isZero();
    }

    @Test
    void aWholeJsonAnswerIsRestoredAndReframed() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        fake.respond(exchange -> {
            String p = placeholderIn(exchange.request());
            byte[] answer = ("{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"Writing " + p + "\"},{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"write_file\","
                    + "\"input\":{\"content\":\"GITHUB_TOKEN=" + p + "\"}}],\"stop_reason\":\"tool_use\"}").getBytes(UTF_8);
            exchange.sendFull(200, "application/json", answer); // Content-Length framed, the placeholder's length
        });
        HttpResponse<String> res = LiveTraffic.post(airlock.base(), "/anthropic/v1/messages",
                "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":"
                        + quoted(prompt()) + "}]}");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(fake.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
        JsonNode content = JSON.readTree(res.body()).path("content");
        assertThat(content.path(1).path("input").path("content").asText()).isEqualTo("GITHUB_TOKEN=" + SECRET);
        assertThat(content.path(0).path("text").asText()).isEqualTo("Writing "
                + airlock.placeholder("github-pat", SECRET));
        assertThat(res.headers().firstValue("content-length")).isEmpty();
        assertThat(res.headers().firstValue("transfer-encoding")).hasValue("chunked");
    }

    @Test
    void geminiStreamingAJsonArrayGetsItsFunctionCallArgumentsBackThroughTheRelay() throws Exception {
        // :streamGenerateContent without alt=sse: one JSON array, written by the provider element by element.
        airlock = RunningAirlock.start(fake, caPem);
        String p = airlock.placeholder("github-pat", SECRET);
        String text = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Writing " + p + "\"}],\"role\":\"model\"},"
                + "\"index\":0}]}";
        String call = "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"write_file\",\"args\":"
                + "{\"content\":\"GITHUB_TOKEN=" + p + "\"}}}],\"role\":\"model\"},\"finishReason\":\"STOP\"}]}";
        fake.respond(Responder.chunked("application/json; charset=UTF-8",
                List.of("[" + text, ",\r\n" + call.substring(0, 90), call.substring(90), "]")));
        HttpResponse<String> res = LiveTraffic.post(airlock.base(),
                "/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + quoted(prompt()) + "}]}]}");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(fake.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
        JsonNode elements = JSON.readTree(res.body());
        assertThat(elements.isArray()).as("one JSON array still").isTrue();
        assertThat(elements.path(1).path("candidates").path(0).path("content").path("parts").path(0)
                .path("functionCall").path("args").path("content").asText()).isEqualTo("GITHUB_TOKEN=" + SECRET);
        assertThat(elements.path(0).path("candidates").path(0).path("content").path("parts").path(0).path("text")
                .asText()).as("text keeps its placeholder").isEqualTo("Writing " + p);
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    @Test
    void anotherClientThatSendsSomeonesPlaceholderNeverGetsTheSecretBack() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        fake.respond(exchange -> {
            byte[] answer = ("{\"id\":\"msg_02\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"write_file\",\"input\":{\"content\":"
                    + "\"GITHUB_TOKEN=" + placeholder + "\"}}],\"stop_reason\":\"tool_use\"}").getBytes(UTF_8);
            exchange.sendFull(200, "application/json", answer);
        });
        // The owner's request puts the secret behind the placeholder into the vault ...
        LiveTraffic.post(airlock.base(), "/anthropic/v1/messages", "{\"model\":\"claude-sonnet-4-20250514\","
                + "\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":" + quoted(prompt()) + "}]}");
        fake.takeRequest(WAIT);
        // ... and a request that carries only the placeholder (copied from somewhere) gets the placeholder back.
        HttpResponse<String> other = LiveTraffic.post(airlock.base(), "/anthropic/v1/messages",
                "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\","
                        + "\"content\":" + quoted("please write " + placeholder + " to .env") + "}]}");
        fake.takeRequest(WAIT);
        assertThat(other.body()).doesNotContain(SECRET).contains("GITHUB_TOKEN=" + placeholder);
    }

    @AfterAll
    static void noLogLineOrMetricHoldsTheToken() {
        logs.assertClean(scrapes);
    }
}
