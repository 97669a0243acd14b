package dev.airlock.proxy.response;

import static dev.airlock.proxy.response.Restoring.dataOf;
import static dev.airlock.proxy.response.Restoring.joined;
import static dev.airlock.proxy.response.Restoring.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Restore;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real streams in the shared shapes: untouched byte for byte when they hold no placeholder, and restored in their
 * tool arguments (only there, unless {@code restore: all}) when a placeholder is planted into two of their own deltas
 * at every split position. Skipped where the checkout has no shared shapes.
 */
class RestoreShapesTest {

    private final Restoring r = new Restoring();

    private static String shape(String name) {
        String text = Restoring.shape(name);
        assumeTrue(text != null, "shared shapes not present");
        return text;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-chat-sse-tool-calls-1.txt", "openai-chat-sse-tool-calls-2.txt",
            "openai-chat-sse-tool-calls-3.txt", "openai-responses-sse-function-call-1.txt",
            "openai-responses-sse-function-call-2.txt", "openai-responses-sse-reasoning-function-call-3.txt",
            "openai-responses-sse-local-shell-call-1.txt", "anthropic-sse-tool-use-1.txt", "anthropic-sse-tool-use-2.txt",
            "anthropic-sse-thinking-1.txt", "anthropic-sse-thinking-mcp-tool-use-1.txt", "gemini-sse-function-call-1.txt",
            "gemini-sse-function-call-2.txt", "gemini-sse-partial-args-1.txt", "gemini-sse-partial-args-2.txt"})
    void aRealStreamWithoutPlaceholdersPassesByteForByteInEveryPieceSize(String name) {
        String stream = shape(name);
        byte[] bytes = stream.getBytes(UTF_8);
        for (int piece : new int[] {1, 7, 256, bytes.length}) {
            assertThat(r.runBytes(Restore.ALL, "text/event-stream", bytes, piece)).as("%s in pieces of %d bytes", name,
                    piece).isEqualTo(bytes);
        }
        assertThat(r.counts).isEmpty();
    }

    /** The stream with {@code pieces} planted by replacing, line by line, what {@code plant} replaces. */
    private interface Planter {
        String plant(String line, String first, String second);
    }

    private void assertPlanted(String name, Planter planter, Function<JsonNode, JsonNode> arguments, String expected,
                               String marker) {
        String stream = shape(name);
        String p = r.placeholder;
        for (int k = 0; k <= p.length(); k++) {
            StringBuilder planted = new StringBuilder();
            for (String line : stream.split("(?<=\n)")) {
                planted.append(planter.plant(line, p.substring(0, k), p.substring(k)));
            }
            assertThat(planted.toString()).as("planted").contains(p.substring(0, k)).isNotEqualTo(stream);
            String out = r.sse(Restore.TOOLS, List.of(planted.toString()));
            assertThat(joined(dataOf(out), arguments)).as("%s split after %d", name, k)
                    .isEqualTo(expected.replace(marker, r.secret));
        }
    }

    @Test
    void openAiChatFromTheRealStream() {
        String name = "openai-chat-sse-tool-calls-1.txt";
        Function<JsonNode, JsonNode> first = e -> e.path("choices").path(0).path("delta").path("tool_calls").path(0)
                .path("index").asInt() == 0 ? e.path("choices").path(0).path("delta").path("tool_calls").path(0)
                .path("function").path("arguments") : null;
        String original = joined(dataOf(shape(name)), first);
        assertThat(original).contains("Edinburgh");
        assertPlanted(name, (line, a, b) -> line.replace("\"arguments\":\"\\\"Edinb\"", "\"arguments\":\"\\\"" + a + "\"")
                .replace("\"arguments\":\"urgh\"", "\"arguments\":\"" + b + "\""), first,
                original.replace("Edinburgh", "@"), "@");
    }

    @Test
    void responsesFromTheRealStreamRestoreArgumentsButNotTheSameWordsInText() {
        String name = "openai-responses-sse-function-call-1.txt";
        Planter planter = (line, a, b) -> line.replace("\"delta\":\"Pot\"", "\"delta\":\"" + a + "\"")
                .replace("\"delta\":\"ato\"", "\"delta\":\"" + b + "\"").replace("\"delta\":\"Land\"", "\"delta\":\"\"")
                .replace("PotatoLand", r.placeholder);
        assertPlanted(name, planter, e -> e.path("type").asText().equals("response.function_call_arguments.delta")
                ? e.path("delta") : null, "{\"country\":\"@\"}", "@");
        assertPlanted(name, planter, e -> e.path("arguments"), "{\"country\":\"@\"}", "@");
        assertPlanted(name, planter, e -> e.path("type").asText().equals("response.output_text.delta")
                ? e.path("delta") : null, joined(dataOf(shape(name)), e -> e.path("type").asText()
                .equals("response.output_text.delta") ? e.path("delta") : null).replace("PotatoLand", r.placeholder), "@");
    }

    @Test
    void anthropicFromTheRealStream() {
        assertPlanted("anthropic-sse-tool-use-1.txt", (line, a, b) -> line
                        .replace("\"partial_json\":\"on\\\": \\\"P\"", "\"partial_json\":\"on\\\": \\\"" + a + "\"")
                        .replace("\"partial_json\":\"ar\"", "\"partial_json\":\"" + b + "\"")
                        .replace("\"partial_json\":\"is\\\"}\"", "\"partial_json\":\"\\\"}\""),
                e -> e.path("delta").path("partial_json"), "{\"location\": \"@\"}", "@");
    }

    @Test
    void geminiPartialArgsFromTheRealStream() {
        boolean[] firstEnd = {false};
        assertPlanted("gemini-sse-partial-args-1.txt", (line, a, b) -> {
            if (line.contains("\"stringValue\":\"Boston\"")) {
                firstEnd[0] = true;
                return line.replace("\"stringValue\":\"Boston\"", "\"stringValue\":\"" + a + "\"");
            }
            if (firstEnd[0] && line.contains("\"stringValue\":\"\"")) {
                firstEnd[0] = false;
                return line.replace("\"stringValue\":\"\"", "\"stringValue\":\"" + b + "\"");
            }
            return line;
        }, e -> e.path("candidates").path(0).path("content").path("parts").path(0).path("functionCall")
                .path("partialArgs").path(0).path("stringValue"), "@San Francisco", "@");
    }

    @Test
    void geminiArgsFromTheRealStream() {
        String planted = shape("gemini-sse-function-call-2.txt").replace("\"France\"", "\"" + r.placeholder + "\"");
        String out = r.sse(Restore.TOOLS, List.of(planted));
        assertThat(dataOf(out).get(0).path("candidates").path(0).path("content").path("parts").path(0)
                .path("functionCall").path("args").path("country").asText()).isEqualTo(r.secret);
        assertThat(out).endsWith("\r\n\r\n");
        json(out.substring(6, out.indexOf("\r\n")));
    }
}
