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
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Continue CLI ({@code @continuedev/cli}, pinned in {@code src/test/node/continue-cli}) in headless mode
 * ({@code cn -p --auto}), its model's {@code apiBase} at Airlock's route as its {@code config.yaml} takes it, asked to
 * put a GitHub token into {@code .env}: with an Anthropic model (Messages) and with an OpenAI one (chat completions,
 * which Continue speaks for OpenAI). The fake provider plays the model: a {@code Write} call repeating the placeholder
 * it received, split across the stream's argument deltas, then a closing text once the tool's result comes back.
 * Continue writes the real token; no request carries it. Skipped when {@code node} or {@code npm} is not on the PATH.
 */
class ContinueCliTest extends LiveTrafficTest {

    private static final List<String> FILES = List.of("package.json", "package-lock.json");
    private static final String CLI = "node_modules/@continuedev/cli/dist/cn.js";
    private static final Duration CONTINUE_WAIT = Duration.ofSeconds(120);

    static NodeProject continueCli;

    @BeforeAll
    static void installContinue() throws Exception {
        continueCli = NodeProject.installOrSkip("continue-cli", FILES);
    }

    @Test
    void withAnAnthropicModelContinueWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Path envFile = dir.resolve("workspace-anthropic").resolve(".env");
        fake.respond(exchange -> {
            String body = exchange.request().bodyText();
            List<String> events = new ArrayList<>();
            events.add(ModelTurns.anthropicStart("claude-sonnet-4-5"));
            if (body.contains("\"tool_result\"")) {
                events.addAll(ModelTurns.anthropicText(0, List.of("Wrote the token to .env.")));
                events.addAll(ModelTurns.anthropicEnd("end_turn"));
            } else {
                events.addAll(ModelTurns.anthropicToolUse(0, "Write", writeInput(envFile, placeholderIn(body))));
                events.addAll(ModelTurns.anthropicEnd("tool_use"));
            }
            Responder.sse(events).respond(exchange);
        });
        writeTheToken("anthropic", "claude-sonnet-4-5", "/anthropic/v1/", envFile);
        for (Recorded request : fake.requests()) {
            assertThat(request.path()).isEqualTo("/v1/messages");
        }
    }

    @Test
    void withAnOpenAiModelContinueWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Path envFile = dir.resolve("workspace-openai").resolve(".env");
        fake.respond(exchange -> {
            String body = exchange.request().bodyText();
            List<String> events = body.contains("\"role\":\"tool\"")
                    ? ModelTurns.chatStream(List.of("Wrote the token to .env."), null, List.of())
                    : ModelTurns.chatStream(List.of(), "Write", writeInput(envFile, placeholderIn(body)));
            Responder.sse(events).respond(exchange);
        });
        writeTheToken("openai", "gpt-4.1", "/openai/v1/", envFile);
        for (Recorded request : fake.requests()) {
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
        }
    }

    @Test
    void aBlockedPromptReachesContinueAsTheApisErrorNamingTheRule() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c,
                new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        fake.respond(Responder.json(500, "{}")); // never asked
        NodeResult result = cn("block", "anthropic", "claude-sonnet-4-5", "/anthropic/v1/",
                "deploy with GITHUB_TOKEN=" + SECRET);
        // {"status":"error","message":"{\"type\":\"error\",\"error\":{… \"Airlock blocked this request: …"}}
        String shown = String.join("\n", result.stdout()) + result.stderr();
        assertThat(result.exit()).isNotZero();
        assertThat(shown).contains("Airlock blocked this request").contains("matching rule github-pat")
                .doesNotContain(SECRET);
        assertThat(fake.requests()).as("nothing reached the provider").isEmpty();
    }

    /** Runs Continue asked to put the token into {@code envFile} and checks the file and what the provider got. */
    private void writeTheToken(String provider, String model, String routePath, Path envFile) throws Exception {
        NodeResult result = cn(provider, provider, model, routePath, "Put GITHUB_TOKEN=" + SECRET + " into .env");
        // The write and the answer to its result.
        List<Recorded> requests = assertTheTokenWasWrittenNeverSent(result, "Wrote the token to .env.", envFile, fake,
                2);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        // The second turn resends the model's call, which Continue holds with the real token.
        assertThat(requests.get(requests.size() - 1).bodyText()).contains("GITHUB_TOKEN=" + placeholder);
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    /**
     * {@code cn --config config.yaml --auto -p prompt} in a workspace of its own, HOME its own too; the model's
     * {@code apiBase} is Airlock's {@code routePath}.
     */
    private NodeResult cn(String name, String provider, String model, String routePath, String prompt)
            throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace-" + name));
        String apiKey = provider.equals("anthropic")
                ? "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93) + "AA"
                : "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        Path config = workspace.resolve("config.yaml");
        Files.writeString(config, String.join("\n", "name: airlock-test", "version: 1.0.0", "schema: v1", "models:",
                "  - name: model", "    provider: " + provider, "    model: " + model, "    apiKey: " + apiKey,
                "    apiBase: " + airlock.base() + routePath, "    roles: [chat]", ""));
        Map<String, String> env = Map.of("HOME", Files.createDirectories(dir.resolve("home-" + name)).toString());
        try (NodeRun run = continueCli.start(List.of(continueCli.file(CLI).toString(), "--config", config.toString(),
                "--auto", "-p", prompt), workspace, env, dir)) {
            return run.finish(CONTINUE_WAIT);
        }
    }

    /** The Write call's input, {@code GITHUB_TOKEN=<placeholder>} into {@code file}, cut inside the placeholder. */
    private static List<String> writeInput(Path file, String placeholder) {
        String input = "{\"filepath\":" + quoted(file.toString()) + ",\"content\":"
                + quoted("GITHUB_TOKEN=" + placeholder + "\n") + "}";
        int cut = input.indexOf(placeholder) + placeholder.length() / 2;
        return List.of("", input.substring(0, cut), input.substring(cut));
    }
}
