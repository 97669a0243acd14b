package dev.airlock.proxy.response;

import static dev.airlock.proxy.response.ProviderEvents.*;
import static dev.airlock.proxy.response.Restoring.dataOf;
import static dev.airlock.proxy.response.Restoring.elementsOf;
import static dev.airlock.proxy.response.Restoring.geminiArray;
import static dev.airlock.proxy.response.Restoring.joined;
import static dev.airlock.proxy.response.Restoring.json;
import static dev.airlock.proxy.response.Restoring.quoted;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Restore;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each provider's streaming and whole answer shapes: the secret comes back in tool-call arguments, never in text
 * unless {@code restore: all}, never with {@code off}; unknown and expired placeholders stay; escaping is exact; and
 * nothing is held that need not be.
 */
class RestoreStreamTest {

    private final Restoring r = new Restoring();
    private final String p = r.placeholder;
    private final String secret = r.secret;

    // ---- OpenAI chat ------------------------------------------------------------------------------------------------

    private List<String> chatStream(String placeholder, int cut) {
        return List.of(chatText("I'll write " + placeholder + " to .env."), chatToolStart(0, "write_file"),
                chatArgs(0, "{\"path\": \".env\", \"content\": \"GITHUB_TOKEN="), chatArgs(0, placeholder.substring(0, cut)),
                chatArgs(0, placeholder.substring(cut) + "\\n\"}"), chatFinish(), DONE);
    }

    private static String chatArgsOf(String out, int index) {
        return joined(dataOf(out), e -> e.path("choices").path(0).path("delta").path("tool_calls").path(0)
                .path("index").asInt(-1) == index ? e.path("choices").path(0).path("delta").path("tool_calls").path(0)
                .path("function").path("arguments") : null);
    }

    private static String chatTextOf(String out) {
        return joined(dataOf(out), e -> e.path("choices").path(0).path("delta").path("content"));
    }

    @Test
    void openAiChatToolArgumentsGetTheSecretBackAndTheTextKeepsThePlaceholder() {
        String out = r.sse(Restore.TOOLS, chatStream(p, 12));

        JsonNode args = json(chatArgsOf(out, 0));
        assertThat(args.path("content").asText()).isEqualTo("GITHUB_TOKEN=" + secret + "\n");
        assertThat(args.path("path").asText()).isEqualTo(".env");
        assertThat(chatTextOf(out)).isEqualTo("I'll write " + p + " to .env.");
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(1);
        assertThat(r.restored(Restored.TEXT)).isZero();
        assertThat(out).endsWith(DONE).contains("\"name\":\"write_file\"");
    }

    @Test
    void withRestoreAllTheTextGetsItBackToo() {
        String out = r.sse(Restore.ALL, chatStream(p, 5));

        assertThat(json(chatArgsOf(out, 0)).path("content").asText()).isEqualTo("GITHUB_TOKEN=" + secret + "\n");
        assertThat(chatTextOf(out)).isEqualTo("I'll write " + secret + " to .env.");
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(1);
        assertThat(r.restored(Restored.TEXT)).isEqualTo(1);
    }

    @Test
    void withRestoreOffThereIsNoRewriterAtAll() {
        assertThat(RestoreStream.forResponse(r.placeholders(), Restore.OFF, 200, "text/event-stream", null,
                (w, n) -> { })).isNull();
    }

    @Test
    void anAnswerNeedsNoRewriterWhenNothingCouldBeRestoredOrItCannotBeRead() {
        Placeholders empty = new PlaceholderVault().only(Map.of());
        assertThat(RestoreStream.forResponse(empty, Restore.TOOLS, 200, "text/event-stream", null, (w, n) -> { }))
                .as("nothing redacted yet").isNull();
        assertThat(RestoreStream.forResponse(r.placeholders(), Restore.TOOLS, 200, "text/event-stream", "gzip", (w, n) -> { }))
                .as("compressed").isNull();
        assertThat(RestoreStream.forResponse(r.placeholders(), Restore.TOOLS, 429, "application/json", null, (w, n) -> { }))
                .as("an error").isNull();
        assertThat(RestoreStream.forResponse(r.placeholders(), Restore.TOOLS, 200, "image/png", null, (w, n) -> { }))
                .as("binary").isNull();
        assertThat(RestoreStream.forResponse(r.placeholders(), Restore.TOOLS, 200, "application/json", "identity", (w, n) -> { }))
                .isNotNull();
    }

    @Test
    void unknownPlaceholdersStayAsTheModelWroteThem() {
        String foreign = new Redactor(Credentials.randomKey()).placeholder("github-pat", secret);
        String out = r.sse(Restore.ALL, chatStream(foreign, 9));
        assertThat(json(chatArgsOf(out, 0)).path("content").asText()).isEqualTo("GITHUB_TOKEN=" + foreign + "\n");
        assertThat(chatTextOf(out)).contains(foreign);
        assertThat(out).doesNotContain(secret);
        assertThat(r.counts).isEmpty();
    }

    @Test
    void aSecretThatNeedsEscapingArrivesAsValidJsonHoldingExactlyTheSecret() {
        String awkward = Restoring.awkwardSecret();
        String placeholder = r.redactor.placeholder("generic-password", awkward);
        String out = r.sse(Restore.TOOLS, List.of(chatToolStart(0, "write_file"),
                chatArgs(0, "{\"content\": \"DB_PASSWORD=" + placeholder.substring(0, 20)),
                chatArgs(0, placeholder.substring(20) + "\"}"), chatFinish(), DONE));

        String args = chatArgsOf(out, 0);
        assertThat(json(args).path("content").asText()).isEqualTo("DB_PASSWORD=" + awkward);
        for (String line : out.split("\n")) {
            if (line.startsWith("data: {")) {
                json(line.substring(6)); // every event stays one valid JSON line
            }
        }
    }

    @Test
    void aCompleteEventWithNothingPendingIsReturnedInTheSameWriteAsTheSameBytes() {
        RestoreStream s = r.stream(Restore.ALL, "text/event-stream");
        byte[] plain = chatArgs(0, "{\"path\": \"[1, 2]\", \"x\": \"[x").getBytes(UTF_8);
        assertThat(s.feed(plain)).as("no placeholder start pending: not even copied").isSameAs(plain);

        byte[] cut = chatArgs(0, "{\"content\": \"" + p.substring(0, 8)).getBytes(UTF_8);
        String first = new String(s.feed(cut), UTF_8);
        assertThat(first).as("the delta goes out at once, without its possible placeholder start")
                .isEqualTo(chatArgs(0, "{\"content\": \""));
        String second = new String(s.feed(chatArgs(0, p.substring(8) + "\"}").getBytes(UTF_8)), UTF_8);
        assertThat(json(second.substring(6)).path("choices").path(0).path("delta").path("tool_calls").path(0)
                .path("function").path("arguments").asText()).isEqualTo(secret + "\"}");

        byte[] notAPlaceholder = chatArgs(0, "[REDACTED:zz").getBytes(UTF_8);
        assertThat(s.feed(notAPlaceholder)).as("no known placeholder starts so").isSameAs(notAPlaceholder);
    }

    @Test
    void aLineCutByTheNetworkIsHeldOnlyUntilItsNewline() {
        RestoreStream s = r.stream(Restore.TOOLS, "text/event-stream");
        byte[] event = chatArgs(0, "{\"a\": 1}").getBytes(UTF_8);
        assertThat(s.feed(java.util.Arrays.copyOfRange(event, 0, 40))).isEmpty();
        assertThat(new String(s.feed(java.util.Arrays.copyOfRange(event, 40, event.length)), UTF_8))
                .isEqualTo(new String(event, UTF_8));
    }

    @Test
    void aLineTooLargeToHoldGoesOutAsItIsAndTheLinesAfterItAreReadAgain() {
        RestoreStream s = r.stream(Restore.TOOLS, "text/event-stream");
        byte[] held = chatArgs(0, "{\"t\": \"" + p.substring(0, 5)).getBytes(UTF_8);
        assertThat(new String(s.feed(held), UTF_8)).isEqualTo(chatArgs(0, "{\"t\": \""));
        byte[] big = ("data: {\"x\": \"" + "a".repeat(EventFraming.MAX_HELD)).getBytes(UTF_8);
        String out = new String(s.feed(big), UTF_8);
        assertThat(out).as("the held ending first, then the oversized line as it came")
                .startsWith(chatArgs(0, p.substring(0, 5)).replace(",\"logprobs\":null,\"finish_reason\":null", ""))
                .endsWith("aaaa").hasSize(big.length + out.indexOf("data: {\"x\""));
        byte[] more = ("b".repeat(1000)).getBytes(UTF_8);
        assertThat(s.feed(more)).as("still the oversized line: as it came").isSameAs(more);
        byte[] rest = ("\"}\n\n" + chatArgs(0, p)).getBytes(UTF_8);
        String after = new String(s.feed(rest), UTF_8);
        assertThat(after).as("the line's end as it came, then the next event read and restored again")
                .startsWith("\"}\n\n").contains(secret).doesNotContain(p);
        assertThat(s.finish()).isEmpty();

        RestoreStream document = r.stream(Restore.TOOLS, "application/json");
        byte[] huge = ("{\"x\": \"" + "b".repeat(EventFraming.MAX_HELD)).getBytes(UTF_8);
        assertThat(document.feed(huge)).isEqualTo(huge);
        byte[] end = ("\", \"arguments\": \"" + p + "\"}").getBytes(UTF_8);
        assertThat(document.feed(end)).isSameAs(end);
    }

    @Test
    void anArrayElementTooLargeToHoldGoesOutAsItIsAndSoDoesTheRestOfTheArray() {
        RestoreStream s = r.stream(Restore.TOOLS, "application/json");
        String first = geminiResponse("{\"token\": " + quoted(p) + "}");
        String out = new String(s.feed(("[" + first + ",\r\n").getBytes(UTF_8)), UTF_8);
        assertThat(out).as("the first element, restored").startsWith("[").contains(secret);
        byte[] huge = ("{\"x\": \"" + "c".repeat(EventFraming.MAX_HELD)).getBytes(UTF_8);
        byte[] given = s.feed(huge);
        assertThat(new String(given, UTF_8)).as("what was held, then the oversized element as it came")
                .isEqualTo(",\r\n" + new String(huge, UTF_8));
        byte[] rest = ("\"}, " + first + "]").getBytes(UTF_8);
        assertThat(s.feed(rest)).as("not restored any more, not even copied").isSameAs(rest);
        assertThat(s.finish()).isEmpty();
    }

    @Test
    void endlessFieldLinesWithoutDataAreNotHeldWithoutBound() {
        RestoreStream s = r.stream(Restore.TOOLS, "text/event-stream");
        byte[] ids = "id: 1\n".repeat(EventFraming.MAX_HELD / 6 + 2).getBytes(UTF_8);
        byte[] out = s.feed(ids);
        assertThat(out).as("given up on, and everything written as it came").isEqualTo(ids);
        byte[] rest = ("data: " + p + "\n\n").getBytes(UTF_8);
        assertThat(s.feed(rest)).isSameAs(rest);
    }

    /**
     * A held start waits while other calls stream (a placeholder split around a parallel call's delta is still
     * joined); when the answer finishes without its rest, it is written alone, before the finish.
     */
    @Test
    void aStartThatNeverCompletesIsWrittenOnItsOwnWhenTheAnswerFinishes() {
        String cut = p.substring(0, 15);
        String out = r.sse(Restore.TOOLS, List.of(chatToolStart(0, "write_file"), chatArgs(0, "{\"note\": \"" + cut),
                chatToolStart(1, "read_file"), chatArgs(1, "{}"), chatFinish(), DONE));

        assertThat(chatArgsOf(out, 0)).isEqualTo("{\"note\": \"" + cut);
        assertThat(chatArgsOf(out, 1)).isEqualTo("{}");
        List<JsonNode> events = dataOf(out);
        assertThat(events.get(2).path("choices").path(0).path("delta").path("tool_calls").path(0).path("index")
                .asInt()).as("the other call streams meanwhile").isEqualTo(1);
        JsonNode alone = events.get(4);
        assertThat(events.get(5).path("choices").path(0).path("finish_reason").asText()).isNotEmpty();
        assertThat(alone.path("choices").path(0).path("delta").path("tool_calls").path(0).path("function")
                .path("arguments").asText()).isEqualTo(cut);
        assertThat(alone.path("id").asText()).isEqualTo("chatcmpl-ABfwAwrNePHUgBBezonVC6MX3zd63");
        assertThat(alone.path("choices").path(0).path("delta").path("tool_calls").path(0).has("id"))
                .as("no id or name a client would join twice").isFalse();
    }

    /**
     * Anthropic's server tools and remote MCP calls run at the provider with the placeholder: their input, whole or
     * streamed, keeps it; the client's own tool call beside them gets the secret.
     */
    @Test
    void toolsTheProviderRunsKeepTheirPlaceholders() {
        String serverTool = anthropicToolStart(0).replace("\"tool_use\"", "\"server_tool_use\"");
        String mcpTool = anthropicToolStart(2).replace("\"tool_use\"", "\"mcp_tool_use\"")
                .replace("\"input\":{}", "\"input\":{\"q\":" + quoted(p) + "}");
        String out = r.sse(Restore.TOOLS, List.of(serverTool, anthropicJson(0, "{\"query\": " + quoted(p) + "}"),
                anthropicStop(0), anthropicToolStart(1), anthropicJson(1, "{\"note\": " + quoted(p) + "}"),
                anthropicStop(1), mcpTool, anthropicStop(2)));

        assertThat(anthropicJsonOf(out, 0)).isEqualTo("{\"query\": " + quoted(p) + "}");
        assertThat(anthropicJsonOf(out, 1)).isEqualTo("{\"note\": " + quoted(secret) + "}");
        assertThat(out).contains("\"input\":{\"q\":" + quoted(p) + "}");
    }

    /** A placeholder cut around another call's delta, or an empty chunk, is restored whole. */
    @Test
    void aPlaceholderSplitAroundAnotherEventIsRestoredWhole() {
        String out = r.sse(Restore.TOOLS, List.of(chatToolStart(0, "write_file"), chatToolStart(1, "read_file"),
                chatArgs(0, "{\"note\": \"" + p.substring(0, 9)), chatArgs(1, "{}"),
                "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{}}]}\n\n",
                chatArgs(0, p.substring(9) + "\"}"), chatFinish(), DONE));

        assertThat(chatArgsOf(out, 0)).isEqualTo("{\"note\": \"" + secret + "\"}");
        assertThat(out).doesNotContain("[REDACTED");
    }

    @Test
    void anEventWhoseJsonSpansSeveralDataLinesIsNeverSplitByAHeldEnding() {
        String multiLine = "data: {\"choices\":[{\"index\":0,\n" + "data: \"delta\":{}}]}\n\n";
        String out = r.sse(Restore.TOOLS, List.of(chatArgs(0, "{\"a\": \"" + p.substring(0, 4)), multiLine, DONE));
        String alone = chatArgs(0, p.substring(0, 4)).replace(",\"logprobs\":null,\"finish_reason\":null", "");
        assertThat(out).isEqualTo(chatArgs(0, "{\"a\": \"") + alone + multiLine + DONE);
    }

    @Test
    void aCutStartAtTheVeryEndOfABrokenStreamIsStillDelivered() {
        String cut = p.substring(0, 3);
        String out = r.sse(Restore.TOOLS, List.of(chatArgs(0, "{\"a\": \"" + cut)));
        assertThat(chatArgsOf(out, 0)).isEqualTo("{\"a\": \"" + cut);
    }

    @Test
    void aWholeChatCompletionIsRestoredInItsArguments() {
        String body = chatCompletion("Token " + p, "{\"content\": \"" + p + "\"}");
        String out = r.run(Restore.TOOLS, "application/json", List.of(body.substring(0, 100), body.substring(100)));
        JsonNode message = json(out).path("choices").path(0).path("message");
        assertThat(json(message.path("tool_calls").path(0).path("function").path("arguments").asText())
                .path("content").asText()).isEqualTo(secret);
        assertThat(message.path("content").asText()).isEqualTo("Token " + p);
        assertThat(json(out).path("usage").path("total_tokens").asInt()).isEqualTo(15);
    }

    @Test
    void aWholeAnswerWithoutPlaceholdersKeepsItsBytes() {
        String body = chatCompletion("no secrets [here]", "{\"list\": [1.50, 2e3]}");
        assertThat(r.run(Restore.ALL, "application/json", List.of(body))).isEqualTo(body);
    }

    // ---- OpenAI Responses ---------------------------------------------------------------------------------------

    @Test
    void responsesFunctionCallArgumentsAreRestoredInDeltasDoneItemsAndTheCompletedResponse() {
        String args = "{\"token\":\"" + p + "\"}";
        String out = r.sse(Restore.TOOLS, List.of(responsesTextDelta("Saving " + p.substring(0, 6), 10),
                responsesTextDelta(p.substring(6) + " now.", 11),
                responsesArgsDelta("{\"token\":\"" + p.substring(0, 17), 23), responsesArgsDelta(p.substring(17), 24),
                responsesArgsDelta("\"}", 25), responsesArgsDone(args, 26), responsesItemDone(args, 27),
                responsesCompleted("Saving " + p + " now.", args, 28)));

        List<JsonNode> events = dataOf(out);
        String restored = "{\"token\":\"" + secret + "\"}";
        assertThat(joined(events, e -> e.path("type").asText().equals("response.function_call_arguments.delta")
                ? e.path("delta") : null)).isEqualTo(restored);
        assertThat(joined(events, e -> e.path("arguments"))).isEqualTo(restored);
        assertThat(joined(events, e -> e.path("item").path("arguments"))).isEqualTo(restored);
        assertThat(joined(events, e -> e.path("response").path("output").path(1).path("arguments"))).isEqualTo(restored);
        assertThat(joined(events, e -> e.path("type").asText().equals("response.output_text.delta")
                ? e.path("delta") : null)).isEqualTo("Saving " + p + " now.");
        assertThat(joined(events, e -> e.path("response").path("output").path(0).path("content").path(0).path("text")))
                .isEqualTo("Saving " + p + " now.");
        assertThat(events).extracting(e -> e.path("sequence_number").asInt()).containsExactly(10, 11, 23, 24, 25, 26,
                27, 28);
        assertThat(out).contains("event: response.function_call_arguments.delta\ndata: {");
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(4);
    }

    @Test
    void responsesTextIsRestoredWithRestoreAll() {
        String out = r.sse(Restore.ALL, List.of(responsesTextDelta("Saving " + p.substring(0, 6), 10),
                responsesTextDelta(p.substring(6) + " now.", 11), responsesCompleted("Saving " + p + ".", "{}", 12)));
        List<JsonNode> events = dataOf(out);
        assertThat(joined(events, e -> e.path("type").asText().equals("response.output_text.delta")
                ? e.path("delta") : null)).isEqualTo("Saving " + secret + " now.");
        assertThat(joined(events, e -> e.path("response").path("output").path(0).path("content").path(0).path("text")))
                .isEqualTo("Saving " + secret + ".");
        assertThat(joined(events, e -> e.path("response").path("instructions"))).isEqualTo("Briefly narrate.");
        assertThat(r.restored(Restored.TEXT)).isEqualTo(2);
    }

    // ---- Anthropic ---------------------------------------------------------------------------------------------------

    private static String anthropicJsonOf(String out, int index) {
        return joined(dataOf(out), e -> e.path("index").asInt(-1) == index
                && e.path("delta").path("type").asText().equals("input_json_delta") ? e.path("delta").path("partial_json")
                : null);
    }

    @Test
    void anthropicInputJsonDeltasAreRestoredEvenWithAPingBetweenTheHalves() {
        String out = r.sse(Restore.TOOLS, List.of(anthropicText(0, "Writing " + p), anthropicStop(0),
                anthropicToolStart(1), anthropicJson(1, ""), anthropicJson(1, "{\"locati"),
                anthropicJson(1, "on\": \"" + p.substring(0, 11)), ANTHROPIC_PING, anthropicJson(1, p.substring(11)),
                anthropicJson(1, "\"}"), anthropicStop(1)));

        assertThat(json(anthropicJsonOf(out, 1)).path("location").asText()).isEqualTo(secret);
        assertThat(joined(dataOf(out), e -> e.path("delta").path("text"))).isEqualTo("Writing " + p);
        assertThat(out).contains(ANTHROPIC_PING).endsWith(anthropicStop(1));
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(1);
    }

    @Test
    void anthropicWritesAnUnfinishedStartAsItsOwnDeltaBeforeTheBlockStops() {
        String out = r.sse(Restore.TOOLS, List.of(anthropicToolStart(1), anthropicJson(1, "{\"a\": \"[REDACTED:git"),
                anthropicStop(1)));
        assertThat(anthropicJsonOf(out, 1)).isEqualTo("{\"a\": \"[REDACTED:git");
        assertThat(out).endsWith(anthropicJson(1, "[REDACTED:git") + anthropicStop(1));
    }

    @Test
    void aWholeAnthropicMessageIsRestoredInToolUseInputOnly() {
        String out = r.run(Restore.TOOLS, "application/json", List.of(anthropicMessage("About " + p,
                "{\"path\": \".env\", \"lines\": [\"TOKEN=" + p + "\"]}")));
        JsonNode content = json(out).path("content");
        assertThat(content.path(1).path("input").path("lines").path(0).asText()).isEqualTo("TOKEN=" + secret);
        assertThat(content.path(0).path("text").asText()).isEqualTo("About " + p);
    }

    // ---- Gemini -------------------------------------------------------------------------------------------------------

    @Test
    void geminiFunctionCallArgsAreRestoredAndItsTextIsNot() {
        String out = r.sse(Restore.TOOLS, List.of(geminiText("Saving " + p), geminiCall("{\"token\": " + quoted(p)
                + ", \"nested\": {\"list\": [\"x " + p + "\"]}}")));
        List<JsonNode> events = dataOf(out);
        JsonNode args = events.get(1).path("candidates").path(0).path("content").path("parts").path(0)
                .path("functionCall").path("args");
        assertThat(args.path("token").asText()).isEqualTo(secret);
        assertThat(args.path("nested").path("list").path(0).asText()).isEqualTo("x " + secret);
        assertThat(events.get(0).path("candidates").path(0).path("content").path("parts").path(0).path("text").asText())
                .isEqualTo("Saving " + p);
        assertThat(out).contains("\r\n\r\n").doesNotContain("}\n\n");
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(2);
    }

    @Test
    void geminiPartialArgsAreRestoredAcrossChunks() {
        String out = r.sse(Restore.TOOLS, List.of(geminiPartial("$.token", "A " + p.substring(0, 25), true),
                geminiPartial("$.token", p.substring(25) + " B", true), geminiPartial("$.token", "", false),
                geminiCallEnd()));
        assertThat(joined(dataOf(out), e -> e.path("candidates").path(0).path("content").path("parts").path(0)
                .path("functionCall").path("partialArgs").path(0).path("stringValue")))
                .isEqualTo("A " + secret + " B");
    }

    @Test
    void aWholeGeminiAnswerWithAnAwkwardSecretIsValidJsonHoldingExactlyIt() {
        String awkward = Restoring.awkwardSecret();
        String placeholder = r.redactor.placeholder("generic-password", awkward);
        String out = r.run(Restore.TOOLS, "application/json; charset=UTF-8",
                List.of(geminiResponse("{\"password\": " + quoted(placeholder) + "}")));
        assertThat(json(out).path("candidates").path(0).path("content").path("parts").path(0).path("functionCall")
                .path("args").path("password").asText()).isEqualTo(awkward);
    }

    @Test
    void geminiStreamedAsAJsonArrayGoesOutElementByElementWithItsArgsRestored() {
        // :streamGenerateContent without alt=sse: each element leaves as soon as its last byte arrived.
        RestoreStream s = r.stream(Restore.TOOLS, "application/json; charset=UTF-8");
        List<String> elements = List.of(geminiText("Saving " + p), geminiCall("{\"token\": " + quoted(p) + "}"));
        String body = geminiArray(elements);
        int secondStarts = body.indexOf("{", body.indexOf(",\r\n"));

        String first = new String(s.feed(body.substring(0, secondStarts + 5).getBytes(UTF_8)), UTF_8);
        assertThat(first).as("the first element, not held for the rest").contains("Saving " + p)
                .doesNotContain("functionCall");
        assertThat(elementsOf(first.strip().replaceAll(",$", "") + "]")).hasSize(1);
        String rest = new String(s.feed(body.substring(secondStarts + 5).getBytes(UTF_8)), UTF_8)
                + new String(s.finish(), UTF_8);

        List<JsonNode> out = elementsOf(first + rest);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).path("candidates").path(0).path("content").path("parts").path(0).path("functionCall")
                .path("args").path("token").asText()).isEqualTo(secret);
        assertThat(out.get(0).path("candidates").path(0).path("content").path("parts").path(0).path("text").asText())
                .isEqualTo("Saving " + p);
        assertThat(first + rest).as("an element with nothing restored, byte for byte")
                .startsWith(body.substring(0, secondStarts)).endsWith("}]");
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(1);
    }

    @Test
    void anArrayAfterAByteOrderMarkIsStillReadElementByElement() {
        RestoreStream s = r.stream(Restore.TOOLS, "application/json");
        String first = "\uFEFF[" + geminiText("Saving " + p).substring("data: ".length()).strip() + ",\r\n{";
        String out = new String(s.feed(first.getBytes(UTF_8)), UTF_8);
        assertThat(out).as("the first element, not held for the rest").startsWith("\uFEFF[{").contains("Saving " + p);
    }

    @Test
    void aJsonArrayTheRewriterCannotFollowPassesAsItCame() {
        for (String odd : List.of("[{\"a\": \"}\"}]]]{", "[\"" + p + "\", 1, true, null, \"x\\\"]\"]", "[", "  \r\n ",
                "[{\"unterminated\": \"" + p)) {
            String out = r.run(Restore.ALL, "application/json", List.of(odd));
            assertThat(out.replace(secret, p)).as(odd).isEqualTo(odd);
        }
    }

    // ---- Cohere v2 -------------------------------------------------------------------------------------------------------

    @Test
    void cohereToolCallArgumentsGetTheSecretBackAcrossDeltasAndItsTextDoesNot() {
        String out = r.sse(Restore.TOOLS, List.of(cohereText("Saving " + p), cohereToolStart(0, "write_file"),
                cohereArgs(0, "{\"content\": \"TOKEN=" + p.substring(0, 17)), cohereArgs(0, p.substring(17) + "\"}"),
                cohereToolEnd(0), COHERE_END));

        List<JsonNode> events = dataOf(out);
        String args = joined(events, e -> e.path("delta").path("message").path("tool_calls").path("function")
                .path("arguments"));
        assertThat(json(args).path("content").asText()).isEqualTo("TOKEN=" + secret);
        assertThat(joined(events, e -> e.path("delta").path("message").path("content").path("text")))
                .isEqualTo("Saving " + p);
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(1);
        assertThat(out).contains("event: tool-call-delta").endsWith(COHERE_END);
    }

    @Test
    void aWholeCohereAnswerGetsItsToolArgumentsBackAndWithRestoreAllItsText() {
        String answer = cohereMessage("Wrote " + p, "{\"content\": \"TOKEN=" + p + "\"}");
        JsonNode tools = json(r.run(Restore.TOOLS, "application/json", List.of(answer))).path("message");
        assertThat(json(tools.path("tool_calls").path(0).path("function").path("arguments").asText()).path("content")
                .asText()).isEqualTo("TOKEN=" + secret);
        assertThat(tools.path("content").path(0).path("text").asText()).isEqualTo("Wrote " + p);

        JsonNode all = json(r.run(Restore.ALL, "application/json", List.of(answer))).path("message");
        assertThat(all.path("content").path(0).path("text").asText()).isEqualTo("Wrote " + secret);
    }

    // ---- Vercel AI SDK (its AI Gateway) -------------------------------------------------------------------------------

    @Test
    void aiSdkPartsGetTheSecretBackInTheToolInputAcrossDeltasAndInTheWholeCallButNotInText() {
        String input = "{\"content\": \"TOKEN=" + p + "\"}";
        int cut = input.indexOf(p) + 9;
        String out = r.sse(Restore.TOOLS, List.of(
                aiSdkPart("{\"type\":\"stream-start\",\"warnings\":[]}"),
                aiSdkPart("{\"type\":\"text-start\",\"id\":\"txt-0\"}"), aiSdkText("txt-0", "Saving " + p),
                aiSdkPart("{\"type\":\"text-end\",\"id\":\"txt-0\"}"),
                aiSdkPart("{\"type\":\"tool-input-start\",\"id\":\"call_1\",\"toolName\":\"write_file\"}"),
                aiSdkInputDelta("call_1", input.substring(0, cut)), aiSdkInputDelta("call_1", input.substring(cut)),
                aiSdkPart("{\"type\":\"tool-input-end\",\"id\":\"call_1\"}"),
                aiSdkToolCall("call_1", "write_file", input),
                aiSdkPart("{\"type\":\"finish\",\"finishReason\":\"tool-calls\",\"usage\":{\"inputTokens\":52}}")));

        List<JsonNode> events = dataOf(out);
        String deltas = joined(events, e -> e.path("type").asText().equals("tool-input-delta") ? e.path("delta") : null);
        assertThat(json(deltas).path("content").asText()).isEqualTo("TOKEN=" + secret);
        JsonNode call = events.stream().filter(e -> e.path("type").asText().equals("tool-call")).findFirst()
                .orElseThrow();
        assertThat(json(call.path("input").asText()).path("content").asText()).isEqualTo("TOKEN=" + secret);
        assertThat(joined(events, e -> e.path("type").asText().equals("text-delta") ? e.path("delta") : null))
                .isEqualTo("Saving " + p);
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(2);
    }

    // ---- Ollama ---------------------------------------------------------------------------------------------------------

    @Test
    void ollamaToolCallArgumentsAreRestoredInItsNdjson() {
        String line = "{\"model\":\"llama3.1\",\"created_at\":\"2024-07-22T20:33:28Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"write_env\",\"arguments\":{\"token\":"
                + quoted(p) + "}}}]},\"done\":false}\n";
        String out = r.run(Restore.TOOLS, "application/x-ndjson", List.of(line, "{\"done\":true}\n"));
        assertThat(json(out.lines().findFirst().orElseThrow()).path("message").path("tool_calls").path(0)
                .path("function").path("arguments").path("token").asText()).isEqualTo(secret);
        assertThat(out).endsWith("{\"done\":true}\n");
    }
}
