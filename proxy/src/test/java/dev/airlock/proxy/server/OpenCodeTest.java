package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static dev.airlock.proxy.server.ModelTurns.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.server.NodeProject.NodeRun;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real OpenCode agent ({@code opencode-linux-x64}, pinned in {@code src/test/node/opencode}; a native program
 * built on the Vercel AI SDK) in {@code opencode run} mode with an Anthropic model, asked to put a GitHub token into
 * {@code .env}. The fake provider plays the model: a {@code write} call whose content repeats the placeholder it
 * received, split across {@code input_json_delta}s, then a closing text once the tool's result comes back (and a title for OpenCode's
 * title request). OpenCode writes the real token; no request carries it.
 *
 * <p>Both ways a user points it at Airlock with the lines {@code airlock env} prints: {@code ANTHROPIC_BASE_URL} as
 * Claude Code takes it (no {@code /v1}: the AI SDK then asks for {@code /anthropic/messages}, which Airlock sends to
 * {@code /v1/messages}), and the forward proxy ({@code HTTPS_PROXY} with the install CA in
 * {@code NODE_EXTRA_CA_CERTS}). Skipped when {@code node} or {@code npm} is not on the PATH, and off Linux x64: the
 * package pinned is that platform's build (about 190 MB), installed once into {@code target/node-opencode}.
 */
class OpenCodeTest extends LiveTrafficTest {

    private static final List<String> FILES = List.of("package.json", "package-lock.json");
    private static final String CLI = "node_modules/opencode-linux-x64/bin/opencode";
    private static final Duration OPENCODE_WAIT = Duration.ofSeconds(120);
    /**
     * The project's configuration: the model (also for titles), and the tools allowed without asking (there is no
     * one to ask).
     */
    private static final String CONFIG = "{\"$schema\":\"https://opencode.ai/config.json\",\"model\":\"%s\","
            + "\"small_model\":\"%s\",\"permission\":{\"edit\":\"allow\",\"bash\":\"allow\"},\"autoupdate\":false,"
            + "\"share\":\"disabled\"}";
    private static final String ANTHROPIC_MODEL = "anthropic/claude-sonnet-4-5";

    static NodeProject openCode;

    @BeforeAll
    static void installOpenCode() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the pinned OpenCode build is Linux x64's");
        openCode = NodeProject.installOrSkip("opencode", FILES);
    }

    @Test
    void throughTheBaseUrlOpenCodeWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        writeTheTokenWith(fake, Map.of("ANTHROPIC_BASE_URL", airlock.base() + "/anthropic"), "base-url");
    }

    @Test
    void withAnOpenAiModelOpenCodeWritesTheRealTokenThroughTheResponsesApi() throws Exception {
        // OpenCode's OpenAI provider speaks the Responses API and reads OPENAI_BASE_URL (with /v1, as airlock env
        // prints it); the second turn resends the function_call with the arguments OpenCode holds, token and all.
        airlock = RunningAirlock.start(fake, caPem);
        Path envFile = dir.resolve("workspace-openai").resolve(".env");
        fake.respond(exchange -> {
            String body = exchange.request().bodyText();
            List<String> events = !body.contains("\"tools\"") ? ModelTurns.responsesTextTurn("Token in .env")
                    : body.contains("\"function_call_output\"")
                    ? ModelTurns.responsesTextTurn("Wrote the token to .env.")
                    : ModelTurns.responsesToolTurn("write", writeInput(envFile, placeholderIn(body)));
            Responder.sse(events).respond(exchange);
        });
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        NodeResult result = openCode(Map.of("OPENAI_BASE_URL", airlock.base() + "/openai/v1", "OPENAI_API_KEY", apiKey),
                "openai", "openai/gpt-4.1", "Put GITHUB_TOKEN=" + SECRET + " into .env");
        List<Recorded> requests = assertTheTokenWasWrittenNeverSent(result, "Wrote the token to .env.", envFile, fake,
                2);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        for (Recorded request : requests) {
            assertThat(request.path()).isEqualTo("/v1/responses");
            assertThat(request.header("authorization")).hasValue("Bearer " + apiKey);
        }
        assertThat(requests.get(requests.size() - 1).bodyText()).contains("function_call_output")
                .contains("GITHUB_TOKEN=" + placeholder);
    }

    @Test
    void throughTheForwardProxyOpenCodeWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder()
            throws Exception {
        throughTheForwardProxy("api.anthropic.com", (provider, env) -> writeTheTokenWith(provider, env, "forward"));
    }

    @Test
    void aBlockedPromptReachesOpenCodeAsTheApisErrorNamingTheRule() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c,
                new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        fake.respond(Responder.json(500, "{}")); // never asked
        NodeResult result = openCode(Map.of("ANTHROPIC_BASE_URL", airlock.base() + "/anthropic"), "block",
                ANTHROPIC_MODEL, "deploy with GITHUB_TOKEN=" + SECRET);
        // "Error: Airlock blocked this request: a credential matching rule github-pat was found in messages[0]…"
        String shown = String.join("\n", result.stdout()) + result.stderr();
        assertThat(shown).contains("Airlock blocked this request").contains("matching rule github-pat")
                .doesNotContain(SECRET);
        assertThat(fake.requests()).as("nothing reached the provider").isEmpty();
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_requests_total", Map.of("action", "block")))
                .isGreaterThanOrEqualTo(1.0);
    }

    /**
     * Runs OpenCode asked to put the token into {@code .env}, {@code provider} playing the model, and checks the file,
     * every request as the provider got it and the restore counted.
     */
    private void writeTheTokenWith(FakeProvider provider, Map<String, String> route, String name) throws Exception {
        Path envFile = dir.resolve("workspace-" + name).resolve(".env");
        provider.respond(exchange -> {
            String body = exchange.request().bodyText();
            List<String> events = !body.contains("\"tools\"") ? text("Token in .env") // the title request
                    : body.contains("\"tool_result\"") ? text("Wrote the token to .env.")
                    : writeCall(envFile, placeholderIn(body));
            Responder.sse(events).respond(exchange);
        });
        String apiKey = "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93) + "AA";
        Map<String, String> env = new HashMap<>(route);
        env.put("ANTHROPIC_API_KEY", apiKey);
        NodeResult result = openCode(env, name, ANTHROPIC_MODEL, "Put GITHUB_TOKEN=" + SECRET + " into .env");
        // The title, the write and the answer to its result.
        List<Recorded> requests = assertTheTokenWasWrittenNeverSent(result, "Wrote the token to .env.", envFile,
                provider, 3);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        for (Recorded request : requests) {
            assertThat(request.path()).isEqualTo("/v1/messages");
            assertThat(request.header("x-api-key")).hasValue(apiKey);
        }
        // The last turn resends the model's write call, which OpenCode holds with the real token.
        assertThat(ModelTurns.toolUseInputs(requests.get(requests.size() - 1).body(), "content"))
                .containsExactly("GITHUB_TOKEN=" + placeholder + "\n");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    /**
     * {@code opencode run prompt} with {@code model} in a workspace of its own holding the project configuration,
     * HOME its own too.
     */
    private NodeResult openCode(Map<String, String> route, String name, String model, String prompt)
            throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace-" + name));
        Files.writeString(workspace.resolve("opencode.json"), CONFIG.formatted(model, model));
        Map<String, String> env = new HashMap<>(route);
        env.putIfAbsent("ANTHROPIC_API_KEY",
                "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93) + "AA");
        env.put("HOME", Files.createDirectories(dir.resolve("home-" + name)).toString());
        try (NodeRun run = openCode.run(List.of(openCode.file(CLI).toString(), "run", prompt), workspace, env, dir)) {
            return run.finish(OPENCODE_WAIT);
        }
    }

    // ---- the model's side

    /** A write call of {@code GITHUB_TOKEN=<placeholder>} into {@code file}, the placeholder cut in two. */
    private static List<String> writeCall(Path file, String placeholder) {
        List<String> events = new ArrayList<>();
        events.add(ModelTurns.anthropicStart("claude-sonnet-4-5"));
        events.addAll(ModelTurns.anthropicToolUse(0, "write", writeInput(file, placeholder)));
        events.addAll(ModelTurns.anthropicEnd("tool_use"));
        return events;
    }

    /** The write call's input, cut inside the placeholder. */
    private static List<String> writeInput(Path file, String placeholder) {
        String input = "{\"filePath\":" + quoted(file.toString()) + ",\"content\":"
                + quoted("GITHUB_TOKEN=" + placeholder + "\n") + "}";
        int cut = input.indexOf(placeholder) + placeholder.length() / 2;
        return List.of("", input.substring(0, cut), input.substring(cut));
    }

    private static List<String> text(String text) {
        List<String> events = new ArrayList<>();
        events.add(ModelTurns.anthropicStart("claude-sonnet-4-5"));
        events.addAll(ModelTurns.anthropicText(0, List.of(text)));
        events.addAll(ModelTurns.anthropicEnd("end_turn"));
        return events;
    }
}
