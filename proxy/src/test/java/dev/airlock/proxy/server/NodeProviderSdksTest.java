package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.ModelTurns.MESSAGE_ID;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static dev.airlock.proxy.server.ModelTurns.quoted;
import static dev.airlock.proxy.server.ModelTurns.responses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.server.NodeProject.NodeRun;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Anthropic TypeScript SDK ({@code @anthropic-ai/sdk}), Google's Gen AI SDK ({@code @google/genai}), the
 * OpenAI, Cohere and Mistral TypeScript SDKs, the Ollama JavaScript library and the Vercel AI SDK ({@code ai} with its OpenAI, Anthropic and Google
 * providers), pinned in {@code src/test/node/provider-sdks}, pointed at Airlock's base-URL routes as an agent built on
 * them is ({@code baseURL: http://127.0.0.1:PORT/anthropic}, {@code httpOptions.baseUrl: …/gemini},
 * {@code host: …/ollama}), against the fake provider behind Airlock:
 * <ul>
 *   <li>the prompt's token reaches the provider as its placeholder, and text reaches the SDK before the provider has
 *       written the rest of the stream;</li>
 *   <li>the model's tool call repeats the placeholder, split across deltas, and the call the SDK assembles (Anthropic's
 *       partial-JSON parser over every {@code input_json_delta}, Gemini's {@code functionCall.args}, the AI SDK's
 *       parse of each provider's stream, Ollama's whole call in one NDJSON line) holds the real token, while the
 *       model's text keeps the placeholder;</li>
 *   <li>with {@code policy.action: block} the SDK raises its own API error for a 400 in the provider's shape,
 *       naming the rule and never the value.</li>
 * </ul>
 * Skipped when {@code node} or {@code npm} is not on the PATH.
 */
class NodeProviderSdksTest extends LiveTrafficTest {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "output.mjs",
            "anthropic.mjs", "gemini.mjs", "openai-responses.mjs", "openai-chat.mjs", "ai-sdk.mjs", "ollama.mjs", "cohere.mjs", "mistral.mjs");
    private static final Duration NODE_WAIT = Duration.ofSeconds(60);
    private static final String TOOL_INPUT = "{\"path\": \".env\", \"content\": \"GITHUB_TOKEN=%s\\nDEBUG=1\\n\"}";

    static NodeProject sdks;

    @BeforeAll
    static void installSdks() throws Exception {
        sdks = NodeProject.installOrSkip("provider-sdks", FILES);
    }

    @Test
    void theAnthropicSdkStreamsTextAsItComesAndAssemblesItsToolCallWithTheRealToken() throws Exception {
        String apiKey = anthropicKey();
        // message_start, the text block's start and its first delta come first; the rest waits for the SDK.
        Recorded seen = streamThrough("anthropic.mjs", Map.of("ANTHROPIC_API_KEY", apiKey),
                NodeProviderSdksTest::anthropicStream, 3, "stop:tool_use");
        assertThat(seen.path()).isEqualTo("/v1/messages");
        // SDK 1.x sends the key as a bearer token (x-api-key before it): forwarded untouched either way.
        assertThat(seen.header("x-api-key")
                .or(() -> seen.header("authorization").map(v -> v.replaceFirst("^Bearer ", "")))).hasValue(apiKey);
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    @Test
    void theAnthropicSdkRaisesItsBadRequestErrorForABlockedPrompt() throws Exception {
        JsonNode error = blockedThrough("anthropic.mjs", Map.of("ANTHROPIC_API_KEY", anthropicKey()));
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void theGeminiSdkStreamsTextAsItComesAndParsesItsFunctionCallWithTheRealToken() throws Exception {
        String apiKey = googleKey();
        Recorded seen = streamThrough("gemini.mjs", Map.of("GEMINI_API_KEY", apiKey),
                NodeProviderSdksTest::geminiStream, 1);
        assertThat(seen.uri()).isEqualTo("/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(seen.header("x-goog-api-key")).hasValue(apiKey);
    }

    @Test
    void theGeminiSdkRaisesItsApiErrorForABlockedPrompt() throws Exception {
        JsonNode error = blockedThrough("gemini.mjs", Map.of("GEMINI_API_KEY", googleKey()));
        // The SDK's message carries the provider's error: {"error":{"code":400,…,"status":"INVALID_ARGUMENT"}}
        assertThat(error.path("message").asText()).contains("INVALID_ARGUMENT");
    }

    @Test
    void theOpenAiSdkStreamsAResponseAndItsFunctionCallCarriesTheRealToken() throws Exception {
        String apiKey = openAiKey();
        // response.created, the message item and its part, and the first text delta come first.
        Recorded seen = streamThrough("openai-responses.mjs", Map.of("OPENAI_API_KEY", apiKey),
                NodeProviderSdksTest::responsesStream, 5);
        assertThat(seen.path()).isEqualTo("/v1/responses");
        assertThat(seen.header("authorization")).hasValue("Bearer " + apiKey);
    }

    @Test
    void theOpenAiSdkStreamsAChatCompletionAndItsToolCallCarriesTheRealToken() throws Exception {
        String apiKey = openAiKey();
        // The role chunk and the first content delta come first.
        Recorded seen = streamThrough("openai-chat.mjs", Map.of("OPENAI_API_KEY", apiKey),
                NodeProviderSdksTest::chatStream, 2);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).hasValue("Bearer " + apiKey);
    }

    @Test
    void theOpenAiSdkRaisesItsBadRequestErrorForABlockedPrompt() throws Exception {
        JsonNode error = blockedThrough("openai-responses.mjs", Map.of("OPENAI_API_KEY", openAiKey()));
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void theCohereSdkStreamsTextAsItComesAndItsToolCallCarriesTheRealToken() throws Exception {
        String apiKey = cohereKey();
        // message-start, content-start and the first content-delta come first.
        Recorded seen = streamThrough("cohere.mjs", Map.of("CO_API_KEY", apiKey), NodeProviderSdksTest::cohereStream,
                3);
        assertThat(seen.path()).isEqualTo("/v2/chat");
        assertThat(seen.header("authorization")).hasValue("Bearer " + apiKey);
    }

    @Test
    void theCohereSdkRaisesItsBadRequestErrorForABlockedPrompt() throws Exception {
        JsonNode error = blockedThrough("cohere.mjs", Map.of("CO_API_KEY", cohereKey()));
        // Cohere's own shape, {"id","message"}: the id is the event id the audit trail and log line carry.
        assertThat(error.path("id").asText()).matches("[0-9a-f]{23}");
    }

    @Test
    void theMistralSdkStreamsTextAsItComesAndItsToolCallCarriesTheRealToken() throws Exception {
        String apiKey = Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 32);
        // The role chunk and the first content delta come first.
        Recorded seen = streamThrough("mistral.mjs", Map.of("MISTRAL_API_KEY", apiKey),
                NodeProviderSdksTest::mistralStream, 2);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).hasValue("Bearer " + apiKey);
    }

    @Test
    void theMistralSdkRaisesItsErrorForABlockedPrompt() throws Exception {
        blockedThrough("mistral.mjs", Map.of("MISTRAL_API_KEY", Credentials.random(LiveTraffic.RANDOM,
                Credentials.BASE62, 32)));
    }

    /**
     * The Vercel AI SDK's {@code streamText()} with each provider it has for the routes: text as it comes, the tool
     * call as the SDK parses it from that provider's stream (for OpenAI, the Responses API by default and chat
     * completions by choice; for Vercel's AI Gateway, the SDK's own stream parts).
     */
    @ParameterizedTest
    @EnumSource(AiSdkProvider.class)
    void theAiSdkStreamsTextAsItComesAndItsToolCallCarriesTheRealToken(AiSdkProvider provider) throws Exception {
        String apiKey = provider.key();
        Recorded seen = streamThrough("ai-sdk.mjs", Map.of("PROVIDER", provider.script, "API_KEY", apiKey),
                provider.stream, provider.early);
        assertThat(seen.uri()).isEqualTo(provider.uri);
        assertThat(seen.header(provider.keyHeader)).hasValue(provider.keyPrefix + apiKey);
    }

    @ParameterizedTest
    @EnumSource(AiSdkProvider.class)
    void theAiSdkReportsTheProvidersErrorForABlockedPrompt(AiSdkProvider provider) throws Exception {
        blockedThrough("ai-sdk.mjs", Map.of("PROVIDER", provider.script, "API_KEY", provider.key()));
    }

    @Test
    void theOllamaLibraryStreamsNdjsonAsItComesAndItsToolCallCarriesTheRealToken() throws Exception {
        // The first line comes first; the rest waits for the library to print its text.
        Recorded seen = streamThrough("ollama.mjs", Map.of(), Responder::ndjsonGatedFrom,
                NodeProviderSdksTest::ollamaStream, 1);
        assertThat(seen.path()).isEqualTo("/api/chat");
    }

    @Test
    void theOllamaLibraryRaisesItsResponseErrorForABlockedPrompt() throws Exception {
        blockedThrough("ollama.mjs", Map.of());
    }

    /** The AI SDK's providers as {@code ai-sdk.mjs} names them, with what each sends and is answered. */
    enum AiSdkProvider {
        OPENAI("openai", "/v1/responses", "authorization", "Bearer ", NodeProviderSdksTest::responsesStream, 5),
        OPENAI_CHAT("openai-chat", "/v1/chat/completions", "authorization", "Bearer ", NodeProviderSdksTest::chatStream,
                2),
        ANTHROPIC("anthropic", "/v1/messages", "x-api-key", "", NodeProviderSdksTest::anthropicStream, 3),
        GOOGLE("google", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "x-goog-api-key", "",
                NodeProviderSdksTest::geminiStream, 1),
        GATEWAY("gateway", "/v3/ai/language-model", "authorization", "Bearer ", NodeProviderSdksTest::gatewayStream,
                4);

        final String script;
        final String uri;
        final String keyHeader;
        final String keyPrefix;
        final Function<String, List<String>> stream;
        /** Events written before the SDK has printed the first text. */
        final int early;

        AiSdkProvider(String script, String uri, String keyHeader, String keyPrefix,
                      Function<String, List<String>> stream, int early) {
            this.script = script;
            this.uri = uri;
            this.keyHeader = keyHeader;
            this.keyPrefix = keyPrefix;
            this.stream = stream;
            this.early = early;
        }

        String key() {
            return switch (this) {
                case OPENAI, OPENAI_CHAT -> openAiKey();
                case ANTHROPIC -> anthropicKey();
                case GOOGLE -> googleKey();
                case GATEWAY -> Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 40);
            };
        }
    }

    // ---- runs

    /**
     * Runs {@code script} against the fake answering with {@code stream} of the placeholder it received, only the
     * first {@code early} events written until the SDK has printed the first text. Checks that it printed the text
     * deltas (the second keeps the placeholder), the tool call with the real token, {@code endLines} and
     * {@code done}, and that the provider got the placeholder only; returns the request the provider got.
     */
    private Recorded streamThrough(String script, Map<String, String> env, Function<String, List<String>> stream,
                                   int early, String... endLines) throws Exception {
        return streamThrough(script, env, Responder::sseGatedFrom, stream, early, endLines);
    }

    /** As above, the fake's answer framed by {@code framing} (SSE or NDJSON) rather than always SSE. */
    private Recorded streamThrough(String script, Map<String, String> env,
                                   BiFunction<Function<Recorded, List<String>>, Gate, Responder> framing,
                                   Function<String, List<String>> stream, int early, String... endLines)
            throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Gate gate = new Gate();
        fake.respond(framing.apply(request -> stream.apply(placeholderIn(request.bodyText())), gate));
        gate.release(early);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        try (NodeRun run = sdks.start(script, withBaseAndPrompt(env), dir)) {
            assertThat(run.nextLine(NODE_WAIT)).isEqualTo("text:\"I'll put it in .env\"");
            gate.awaitSent(early, WAIT);
            assertThat(gate.sent()).as("events written before the SDK printed the first text").isEqualTo(early);
            gate.release(100);

            NodeResult result = run.finish(NODE_WAIT);
            assertThat(result.exit()).as("node exit; stdout %s; stderr %s", result.stdout(), result.stderr())
                    .isZero();
            List<String> expected = new ArrayList<>(List.of(
                    "text:" + JSON.writeValueAsString(" as " + placeholder + "."),
                    "tool:write_file:" + JSON.writeValueAsString(JSON.readTree(TOOL_INPUT.formatted(SECRET)))));
            expected.addAll(List.of(endLines));
            expected.add("done");
            assertThat(result.stdout()).containsExactlyElementsOf(expected);
        }
        Recorded seen = fake.takeRequest(WAIT);
        assertThat(seen.bodyText()).doesNotContain(SECRET).contains(placeholder);
        return seen;
    }

    /**
     * Runs {@code script} against an Airlock that blocks, and checks that the SDK raised its API error for a 400
     * naming the rule and not the value, with nothing sent upstream; returns the error as the script printed it.
     */
    private JsonNode blockedThrough(String script, Map<String, String> env) throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c, blocking()));
        fake.respond(Responder.json(500, "{}")); // never asked
        JsonNode error;
        try (NodeRun run = sdks.start(script, withBaseAndPrompt(env), dir)) {
            error = apiError(run.finish(NODE_WAIT));
        }
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("message").asText()).contains("github-pat").doesNotContain(SECRET);
        assertThat(fake.requests()).as("nothing reached the provider").isEmpty();
        return error;
    }

    // ---- helpers

    private static String anthropicKey() {
        return "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93) + "AA";
    }

    private static String googleKey() {
        return "AIza" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 35);
    }

    private static String cohereKey() {
        return Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 40);
    }

    private static String openAiKey() {
        return "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
    }

    /** {@code env} with Airlock's base URL and the prompt holding the token. */
    private Map<String, String> withBaseAndPrompt(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("AIRLOCK_BASE", airlock.base().toString());
        all.put("PROMPT", LiveTraffic.prompt());
        return all;
    }

    private static PolicyConfig blocking() {
        PolicyConfig d = PolicyConfig.DEFAULT;
        return new PolicyConfig(Action.BLOCK, Map.of(), d.unscannable(), d.restore(), d.allow());
    }

    /** The one {@code api-error:} line of a script that exited 0, parsed. */
    private static JsonNode apiError(NodeResult result) throws IOException {
        assertThat(result.exit()).as("node exit; stderr %s", result.stderr()).isZero();
        assertThat(result.stdout()).as("stderr %s", result.stderr()).hasSize(1);
        String line = result.stdout().get(0);
        assertThat(line).startsWith("api-error:");
        return JSON.readTree(line.substring("api-error:".length()));
    }

    /**
     * The tool input as the model streams it: JSON text cut into pieces, one inside the placeholder and one right
     * after the backslash of an escape.
     */
    private static List<String> inputPieces(String placeholder) {
        String input = TOOL_INPUT.formatted(placeholder);
        int inPlaceholder = input.indexOf(placeholder) + 9;
        int inEscape = input.indexOf("\\n") + 1;
        return List.of("", input.substring(0, 12), input.substring(12, inPlaceholder),
                input.substring(inPlaceholder, inEscape), input.substring(inEscape));
    }

    /** A Messages stream as the API sends it: a text block, then a tool_use block repeating the placeholder. */
    private static List<String> anthropicStream(String placeholder) {
        List<String> events = new ArrayList<>();
        events.add(ModelTurns.anthropicStart("claude-sonnet-5"));
        List<String> text = ModelTurns.anthropicText(0, List.of("I'll put it in .env", " as " + placeholder + "."));
        events.addAll(text.subList(0, 2));
        events.add("event: ping\ndata: {\"type\": \"ping\"}");
        events.addAll(text.subList(2, text.size()));
        events.addAll(ModelTurns.anthropicToolUse(1, "write_file", inputPieces(placeholder)));
        events.addAll(ModelTurns.anthropicEnd("tool_use"));
        return events;
    }

    /** A {@code streamGenerateContent?alt=sse} answer: two text chunks, then the function call in one chunk. */
    private static List<String> geminiStream(String placeholder) {
        return List.of(
                geminiChunk("{\"text\": \"I'll put it in .env\"}", ""),
                geminiChunk("{\"text\": " + quoted(" as " + placeholder + ".") + "}", ""),
                geminiChunk("{\"functionCall\": {\"name\": \"write_file\",\"args\": "
                        + TOOL_INPUT.formatted(placeholder) + "}}", ",\"finishReason\": \"STOP\""));
    }

    private static String geminiChunk(String part, String finish) {
        return "data: {\"candidates\": [{\"content\": {\"parts\": [" + part + "],\"role\": \"model\"}" + finish
                + ",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 52,\"totalTokenCount\": 57},"
                + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"1lpeaMTxIpW1nvgP-O3vwQY\"}\r\n\r\n";
    }

    /**
     * A Cohere v2 chat stream as the API sends it: the message start, a text block of two deltas, then a tool call
     * whose arguments repeat the placeholder across {@code tool-call-delta}s, and the message end.
     */
    private static List<String> cohereStream(String placeholder) {
        List<String> events = new ArrayList<>();
        events.add(cohere("message-start", "\"id\":\"4f1b0c6e-1f57-4bd5-a3a4-2c1f5e8a9d10\",\"delta\":{\"message\":"
                + "{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}"));
        events.add(cohere("content-start", "\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\","
                + "\"text\":\"\"}}}"));
        for (String text : List.of("I'll put it in .env", " as " + placeholder + ".")) {
            events.add(cohere("content-delta", "\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":"
                    + quoted(text) + "}}}"));
        }
        events.add(cohere("content-end", "\"index\":0"));
        events.add(cohere("tool-call-start", "\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"id\":"
                + "\"write_file_x3k9q2mb7h1d\",\"type\":\"function\",\"function\":{\"name\":\"write_file\","
                + "\"arguments\":\"\"}}}}"));
        for (String piece : inputPieces(placeholder)) {
            events.add(cohere("tool-call-delta", "\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{"
                    + "\"function\":{\"arguments\":" + quoted(piece) + "}}}}"));
        }
        events.add(cohere("tool-call-end", "\"index\":1"));
        events.add(cohere("message-end", "\"delta\":{\"finish_reason\":\"TOOL_CALL\",\"usage\":{\"billed_units\":"
                + "{\"input_tokens\":52,\"output_tokens\":41},\"tokens\":{\"input_tokens\":1021,\"output_tokens\":41}}}"));
        return events;
    }

    private static String cohere(String type, String members) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + members + "}";
    }

    /**
     * A Mistral chat stream as the API sends it: the role, two content deltas, then the tool call whole in one chunk
     * (Mistral does not stream arguments), the usage and {@code [DONE]}.
     */
    private static List<String> mistralStream(String placeholder) {
        String head = "data: {\"id\":\"9e3f6c1f2b0a4b1c8d5e7f60a1b2c3d4\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1755162751,\"model\":\"devstral-medium-latest\",\"choices\":[{\"index\":0,\"delta\":";
        return List.of(head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                head + "{\"content\":\"I'll put it in .env\"},\"finish_reason\":null}]}",
                head + "{\"content\":" + quoted(" as " + placeholder + ".") + "},\"finish_reason\":null}]}",
                head + "{\"tool_calls\":[{\"id\":\"D681PevKs\",\"function\":{\"name\":\"write_file\",\"arguments\":"
                        + quoted(TOOL_INPUT.formatted(placeholder)) + "},\"index\":0}]},\"finish_reason\":\"tool_calls\"}],"
                        + "\"usage\":{\"prompt_tokens\":96,\"total_tokens\":137,\"completion_tokens\":41}}",
                "data: [DONE]");
    }

    /**
     * Vercel's AI Gateway stream: the AI SDK's own stream parts, one per SSE event (no {@code [DONE]}), the text in two
     * deltas, the tool call's input in {@code tool-input-delta}s, then whole in {@code tool-call}.
     */
    private static List<String> gatewayStream(String placeholder) {
        List<String> events = new ArrayList<>(List.of("data: {\"type\":\"stream-start\",\"warnings\":[]}",
                "data: {\"type\":\"response-metadata\",\"id\":\"gen_01K2Q8ZP7W3M5V9XH4TRB6CJDN\","
                        + "\"modelId\":\"openai/gpt-4.1\",\"timestamp\":\"2025-08-14T09:12:31.000Z\"}",
                "data: {\"type\":\"text-start\",\"id\":\"txt-0\"}"));
        for (String text : List.of("I'll put it in .env", " as " + placeholder + ".")) {
            events.add("data: {\"type\":\"text-delta\",\"id\":\"txt-0\",\"delta\":" + quoted(text) + "}");
        }
        events.add("data: {\"type\":\"text-end\",\"id\":\"txt-0\"}");
        events.add("data: {\"type\":\"tool-input-start\",\"id\":\"call_LabG58Uhrq9kZvR52BYKjToD\","
                + "\"toolName\":\"write_file\"}");
        for (String piece : inputPieces(placeholder)) {
            events.add("data: {\"type\":\"tool-input-delta\",\"id\":\"call_LabG58Uhrq9kZvR52BYKjToD\",\"delta\":"
                    + quoted(piece) + "}");
        }
        events.add("data: {\"type\":\"tool-input-end\",\"id\":\"call_LabG58Uhrq9kZvR52BYKjToD\"}");
        events.add("data: {\"type\":\"tool-call\",\"toolCallId\":\"call_LabG58Uhrq9kZvR52BYKjToD\","
                + "\"toolName\":\"write_file\",\"input\":" + quoted(TOOL_INPUT.formatted(placeholder)) + "}");
        events.add("data: {\"type\":\"finish\",\"finishReason\":{\"unified\":\"tool-calls\",\"raw\":\"tool_calls\"},"
                + "\"usage\":{\"inputTokens\":{\"total\":52,\"noCache\":52,\"cacheRead\":0,\"cacheWrite\":0},"
                + "\"outputTokens\":{\"total\":41,\"text\":41,\"reasoning\":0}}}");
        return events;
    }

    /**
     * An Ollama {@code /api/chat} stream as it sends one: two content lines, the tool call whole in one line (its
     * arguments an object, not JSON text), then the last line with {@code done} and the counts.
     */
    private static List<String> ollamaStream(String placeholder) {
        String head = "{\"model\":\"qwen3-coder\",\"created_at\":\"2025-08-14T09:12:31.483Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":";
        return List.of(head + "\"I'll put it in .env\"},\"done\":false}",
                head + quoted(" as " + placeholder + ".") + "},\"done\":false}",
                head + "\"\",\"tool_calls\":[{\"function\":{\"name\":\"write_file\",\"arguments\":"
                        + TOOL_INPUT.formatted(placeholder) + "}}]},\"done\":false}",
                head + "\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1623090917,"
                        + "\"prompt_eval_count\":181,\"eval_count\":38}");
    }

    /**
     * A chat completion stream as the API sends it: the role, two content deltas, then a tool call whose arguments
     * repeat the placeholder across deltas, the finish and {@code [DONE]}.
     */
    private static List<String> chatStream(String placeholder) {
        return ModelTurns.chatStream(List.of("I'll put it in .env", " as " + placeholder + "."), "write_file",
                inputPieces(placeholder));
    }

    /**
     * A Responses stream as the API sends it: a message item with two text deltas, then a function call whose
     * arguments repeat the placeholder in their deltas, their {@code done} event, the item's {@code done} and the
     * completed response.
     */
    private static List<String> responsesStream(String placeholder) {
        String text = "I'll put it in .env as " + placeholder + ".";
        String message = "{\"id\":\"" + MESSAGE_ID + "\",\"type\":\"message\",\"status\":\"%s\","
                + "\"content\":[%s],\"role\":\"assistant\"}";
        String part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + quoted(text) + "}";
        String where = "\"content_index\":0,\"item_id\":\"" + MESSAGE_ID + "\",\"output_index\":0";
        List<String> events = new ArrayList<>();
        events.add(responses("response.created", "\"response\":" + ModelTurns.response("in_progress", "")));
        events.add(responses("response.output_item.added", "\"item\":" + message.formatted("in_progress", "")
                + ",\"output_index\":0"));
        events.add(responses("response.content_part.added", where + ",\"part\":{\"type\":\"output_text\","
                + "\"annotations\":[],\"logprobs\":[],\"text\":\"\"}"));
        for (String delta : List.of("I'll put it in .env", " as " + placeholder + ".")) {
            events.add(responses("response.output_text.delta", where + ",\"delta\":" + quoted(delta)
                    + ",\"logprobs\":[]"));
        }
        events.add(responses("response.output_text.done", where + ",\"logprobs\":[],\"text\":" + quoted(text)));
        events.add(responses("response.content_part.done", where + ",\"part\":" + part));
        events.add(responses("response.output_item.done", "\"item\":" + message.formatted("completed", part)
                + ",\"output_index\":0"));
        events.addAll(ModelTurns.responsesCall(1, "write_file", inputPieces(placeholder)));
        String call = ModelTurns.functionCall("completed", "write_file", quoted(TOOL_INPUT.formatted(placeholder)));
        events.add(responses("response.completed", "\"response\":"
                + ModelTurns.response("completed", message.formatted("completed", part) + "," + call)));
        return ModelTurns.numbered(events);
    }
}
