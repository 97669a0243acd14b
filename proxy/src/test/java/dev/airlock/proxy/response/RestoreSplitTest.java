package dev.airlock.proxy.response;

import static dev.airlock.proxy.response.ProviderEvents.*;
import static dev.airlock.proxy.response.Restoring.dataOf;
import static dev.airlock.proxy.response.Restoring.elementsOf;
import static dev.airlock.proxy.response.Restoring.geminiArray;
import static dev.airlock.proxy.response.Restoring.joined;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Restore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A placeholder split at every position across two deltas, across many, and the stream cut by the network at every
 * byte: each provider's tool arguments arrive whole with the secret, and every event stays valid JSON.
 */
class RestoreSplitTest {

    /** One provider's tool-argument stream around the placeholder pieces, and how a client joins the arguments. */
    enum Shape {
        CHAT {
            @Override
            List<String> events(List<String> pieces) {
                List<String> e = new ArrayList<>(List.of(chatToolStart(0, "write_env"), chatArgs(0, "{\"token\": \"")));
                pieces.forEach(p -> e.add(chatArgs(0, p)));
                e.addAll(List.of(chatArgs(0, "\"}"), chatFinish(), DONE));
                return e;
            }

            @Override
            Function<JsonNode, JsonNode> arguments() {
                return e -> e.path("choices").path(0).path("delta").path("tool_calls").path(0).path("function")
                        .path("arguments");
            }
        },
        RESPONSES {
            @Override
            List<String> events(List<String> pieces) {
                List<String> e = new ArrayList<>(List.of(responsesArgsDelta("{\"token\": \"", 1)));
                pieces.forEach(p -> e.add(responsesArgsDelta(p, 2)));
                e.add(responsesArgsDelta("\"}", 3));
                e.add(responsesArgsDone("{\"token\": \"" + String.join("", pieces) + "\"}", 4));
                return e;
            }

            @Override
            Function<JsonNode, JsonNode> arguments() {
                return e -> e.path("type").asText().endsWith(".delta") ? e.path("delta") : null;
            }
        },
        ANTHROPIC {
            @Override
            List<String> events(List<String> pieces) {
                List<String> e = new ArrayList<>(List.of(anthropicToolStart(1), anthropicJson(1, "{\"token\": \"")));
                pieces.forEach(p -> e.add(anthropicJson(1, p)));
                e.addAll(List.of(anthropicJson(1, "\"}"), anthropicStop(1)));
                return e;
            }

            @Override
            Function<JsonNode, JsonNode> arguments() {
                return e -> e.path("delta").path("partial_json");
            }
        },
        GEMINI {
            @Override
            List<String> events(List<String> pieces) {
                List<String> e = new ArrayList<>(List.of(geminiPartial("$.token", "{", true)));
                pieces.forEach(p -> e.add(geminiPartial("$.token", p, true)));
                e.addAll(List.of(geminiPartial("$.token", "}", false), geminiCallEnd()));
                return e;
            }

            @Override
            Function<JsonNode, JsonNode> arguments() {
                return e -> e.path("candidates").path(0).path("content").path("parts").path(0).path("functionCall")
                        .path("partialArgs").path(0).path("stringValue");
            }

            @Override
            String expected(String secret) {
                return "{" + secret + "}";
            }
        };

        abstract List<String> events(List<String> pieces);

        abstract Function<JsonNode, JsonNode> arguments();

        String expected(String secret) {
            return "{\"token\": \"" + secret + "\"}";
        }
    }

    private final Restoring r = new Restoring();

    private void assertRestored(Shape shape, String out, String what) {
        List<JsonNode> events = dataOf(out); // fails on any event that is not valid JSON
        assertThat(joined(events, shape.arguments())).as(what).isEqualTo(shape.expected(r.secret));
        assertThat(out).as(what).doesNotContain("[REDACTED");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aPlaceholderSplitAtEveryPositionAcrossTwoDeltasIsRestored(Shape shape) {
        String p = r.placeholder;
        for (int k = 0; k <= p.length(); k++) {
            String out = r.sse(Restore.TOOLS, shape.events(List.of(p.substring(0, k), p.substring(k))));
            assertRestored(shape, out, "split after " + k + " characters");
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aPlaceholderSentOneCharacterPerDeltaIsRestored(Shape shape) {
        List<String> pieces = r.placeholder.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        assertRestored(shape, r.sse(Restore.TOOLS, shape.events(pieces)), "one character per delta");
    }

    @Test
    void geminiStreamingAJsonArrayGetsItsPlaceholderBackWhereverItIsSplitOrCut() {
        // :streamGenerateContent without alt=sse: the same chunk objects as elements of one array, read one by one.
        Shape shape = Shape.GEMINI;
        String p = r.placeholder;
        for (int k = 0; k <= p.length(); k++) {
            String body = geminiArray(shape.events(List.of(p.substring(0, k), p.substring(k))));
            String whole = r.run(Restore.TOOLS, "application/json", List.of(body));
            List<JsonNode> elements = elementsOf(whole); // fails unless the answer is still one valid JSON array
            assertThat(joined(elements, shape.arguments())).as("split after %d", k).isEqualTo(shape.expected(r.secret));
            assertThat(whole).doesNotContain("[REDACTED");
            byte[] bytes = body.getBytes(UTF_8);
            for (int cut = 1; cut < bytes.length; cut++) {
                assertThat(r.cut(Restore.TOOLS, "application/json", body, cut))
                        .as("split after %d, cut at byte %d", k, cut).isEqualTo(whole);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void andWhereverTheNetworkCutsTheStreamTheResultIsTheSame(Shape shape) {
        String p = r.placeholder;
        for (int k = 0; k <= p.length(); k++) {
            String body = String.join("", shape.events(List.of(p.substring(0, k), p.substring(k))));
            String whole = r.sse(Restore.TOOLS, List.of(body));
            assertRestored(shape, whole, "split after " + k);
            int bytes = body.getBytes(UTF_8).length;
            for (int cut = 1; cut < bytes; cut++) {
                assertThat(r.sseCut(Restore.TOOLS, body, cut)).as("split after %d, cut at byte %d", k, cut)
                        .isEqualTo(whole);
            }
        }
    }
}
