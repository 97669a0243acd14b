package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static dev.airlock.proxy.server.ModelTurns.quoted;
import static java.nio.charset.StandardCharsets.UTF_8;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code CLI ({@code @anthropic-ai/claude-code}, pinned in {@code src/test/node/claude-code}) in print
 * mode, pointed at Airlock, asked to put a GitHub token into {@code .env}. The fake provider behind Airlock answers as
 * the model would: a {@code Write} tool call whose content
 * repeats the placeholder it received (split across {@code input_json_delta}s), then, once the tool's result comes
 * back, a closing text. Claude Code writes the file with the real token, and resends its own tool call (holding the
 * token again) with the result: the provider sees neither request with the token, and the same placeholder in both,
 * so its prompt cache keeps hitting. Both ways of pointing it at Airlock: {@code ANTHROPIC_BASE_URL}, and the forward
 * proxy ({@code HTTPS_PROXY} with the install CA in {@code NODE_EXTRA_CA_CERTS}).
 *
 * <p>Skipped when {@code node} or {@code npm} is not on the PATH. The package brings its native binary for the
 * platform (about 400 MB), installed once into {@code target/node-claude-code}.
 */
class ClaudeCodeTest extends LiveTrafficTest {

    private static final List<String> FILES = List.of("package.json", "package-lock.json");
    private static final String CLI = "node_modules/@anthropic-ai/claude-code/cli-wrapper.cjs";
    private static final Duration CLAUDE_WAIT = Duration.ofSeconds(120);

    static NodeProject claudeCode;

    @BeforeAll
    static void installClaudeCode() throws Exception {
        claudeCode = NodeProject.installOrSkip("claude-code", FILES);
    }

    @Test
    void throughTheBaseUrlClaudeCodeWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        writeTheTokenWith(fake, Map.of("ANTHROPIC_BASE_URL", airlock.base() + "/anthropic"), "base-url");
    }

    @Test
    void throughTheForwardProxyClaudeCodeWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder()
            throws Exception {
        // The laptop set-up `airlock env` prints: HTTPS_PROXY, and the install CA in NODE_EXTRA_CA_CERTS. Airlock
        // opens TLS to api.anthropic.com with a leaf of its own CA and dials the fake in its place.
        throughTheForwardProxy("api.anthropic.com", (provider, env) -> writeTheTokenWith(provider, env, "forward"));
    }

    /**
     * Runs Claude Code asked to put the token into {@code .env}, {@code provider} playing the model, and checks the
     * file, both turns as the provider got them and the restore counted.
     */
    private void writeTheTokenWith(FakeProvider provider, Map<String, String> route, String name) throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace-" + name));
        Path home = Files.createDirectories(dir.resolve("home-" + name));
        Path envFile = workspace.resolve(".env");
        provider.respond(exchange -> {
            if (!exchange.request().path().equals("/v1/messages")) {
                // Without a base URL it also asks api.anthropic.com for its managed settings and policy limits.
                Responder.json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                        + "\"message\":\"Not found\"}}").respond(exchange);
                return;
            }
            String body = exchange.request().bodyText();
            List<String> events = body.contains("\"tool_result\"") ? closingText()
                    : writeCall(envFile, placeholderIn(body));
            Responder.sse(events).respond(exchange);
        });
        String apiKey = "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93) + "AA";
        NodeResult result = claude(route, workspace, home, apiKey, "Put GITHUB_TOKEN=" + SECRET + " into .env");
        assertThat(result.stdout()).contains("Wrote the token to .env.");
        assertThat(Files.readString(envFile, UTF_8)).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

        List<Recorded> requests = provider.requests().stream().filter(r -> r.path().equals("/v1/messages")).toList();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        for (Recorded request : requests) {
            assertThat(request.bodyText()).doesNotContain(SECRET).contains(placeholder);
            assertThat(request.header("x-api-key")).hasValue(apiKey);
        }
        // The second turn resends the model's Write call, which Claude Code holds with the real token.
        assertThat(ModelTurns.toolUseInputs(requests.get(requests.size() - 1).body(), "content"))
                .containsExactly("GITHUB_TOKEN=" + placeholder + "\n");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    @Test
    void claudeCodeEditsAFileItReadWhoseTokenTheModelOnlyEverSawAsItsPlaceholder() throws Exception {
        // The agent reads .env (the token goes out redacted), and the model edits the line after the token: its
        // Edit call's old_string holds the placeholder, which must be the real token again to match the file.
        airlock = RunningAirlock.start(fake, caPem);
        Path workspace = Files.createDirectories(dir.resolve("workspace-edit"));
        Path home = Files.createDirectories(dir.resolve("home-edit"));
        Path envFile = workspace.resolve(".env");
        Files.writeString(envFile, "GITHUB_TOKEN=" + SECRET + "\nDEBUG=1\n");
        fake.respond(exchange -> {
            String body = exchange.request().bodyText();
            int results = body.split("\"type\":\"tool_result\"", -1).length - 1;
            List<String> events = new ArrayList<>();
            events.add(ModelTurns.anthropicStart("claude-opus-5-5"));
            if (results == 0) {
                events.addAll(ModelTurns.anthropicToolUse(0, "Read",
                        List.of("{\"file_path\":" + quoted(envFile.toString()) + "}")));
            } else if (results == 1) {
                String token = placeholderIn(body); // the file as the tool read it, redacted
                String input = "{\"file_path\":" + quoted(envFile.toString()) + ",\"old_string\":"
                        + quoted("GITHUB_TOKEN=" + token + "\nDEBUG=1") + ",\"new_string\":"
                        + quoted("GITHUB_TOKEN=" + token + "\nDEBUG=0") + "}";
                int cut = input.indexOf(token) + 5;
                events.addAll(ModelTurns.anthropicToolUse(0, "Edit", List.of(input.substring(0, cut),
                        input.substring(cut))));
            } else {
                events.addAll(ModelTurns.anthropicText(0, List.of("Turned DEBUG off.")));
            }
            events.addAll(ModelTurns.anthropicEnd(results < 2 ? "tool_use" : "end_turn"));
            Responder.sse(events).respond(exchange);
        });
        NodeResult result = claude(Map.of("ANTHROPIC_BASE_URL", airlock.base() + "/anthropic"), workspace, home,
                "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93) + "AA",
                "Turn DEBUG off in .env");

        assertThat(result.stdout()).contains("Turned DEBUG off.");
        assertThat(Files.readString(envFile, UTF_8)).isEqualTo("GITHUB_TOKEN=" + SECRET + "\nDEBUG=0\n");
        List<Recorded> requests = fake.requests();
        assertThat(requests).hasSize(3);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        for (Recorded request : requests) {
            assertThat(request.bodyText()).doesNotContain(SECRET);
        }
        assertThat(requests.get(1).bodyText()).as("the file as read").contains(placeholder).contains("DEBUG=1");
    }

    @Test
    void aBlockedPromptReachesClaudeCodeAsTheApisErrorNamingTheRuleAndIsNotRetried() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c,
                new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        fake.respond(Responder.json(500, "{}")); // never asked
        Path workspace = Files.createDirectories(dir.resolve("workspace-block"));
        Map<String, String> env = Map.of("ANTHROPIC_BASE_URL", airlock.base() + "/anthropic",
                "HOME", Files.createDirectories(dir.resolve("home-block")).toString(),
                "ANTHROPIC_API_KEY", "sk-ant-api03-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 93)
                        + "AA", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "DISABLE_AUTOUPDATER", "1");
        NodeResult result;
        try (NodeRun run = claudeCode.start(List.of(claudeCode.file(CLI).toString(), "-p",
                "deploy with GITHUB_TOKEN=" + SECRET), workspace, env, dir)) {
            result = run.finish(CLAUDE_WAIT);
        }
        // e.g. "API Error: 400 Airlock blocked this request: a credential matching rule github-pat was found in
        // messages[0].content[1].text. Remove it or refer to it through an environment variable, … (event …)"
        String shown = String.join("\n", result.stdout()) + result.stderr();
        assertThat(result.exit()).isNotZero();
        assertThat(shown).contains("API Error: 400 Airlock blocked this request")
                .contains("matching rule github-pat was found in messages[0]").doesNotContain(SECRET);
        assertThat(fake.requests()).as("nothing reached the provider").isEmpty();
        // Its SDK does not retry the 400, but Claude Code sends a refused request again with fewer beta features
        // (a few times, at once): each is blocked again.
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_requests_total", Map.of("action", "block")))
                .isBetween(1.0, 8.0);
    }

    /** Claude Code in print mode on {@code prompt} in {@code workspace}, reaching Airlock by {@code route}. */
    private NodeResult claude(Map<String, String> route, Path workspace, Path home, String apiKey, String prompt)
            throws Exception {
        Map<String, String> env = new HashMap<>(route);
        env.putAll(Map.of("HOME", home.toString(), "ANTHROPIC_API_KEY", apiKey,
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "DISABLE_AUTOUPDATER", "1"));
        NodeResult result;
        try (NodeRun run = claudeCode.start(List.of(claudeCode.file(CLI).toString(), "-p", prompt,
                "--permission-mode", "acceptEdits"), workspace, env, dir)) {
            result = run.finish(CLAUDE_WAIT);
        }
        assertThat(result.exit()).as("claude exit; stdout %s; stderr %s", result.stdout(), result.stderr()).isZero();
        return result;
    }

    // ---- the model's side

    /** A Write call of {@code GITHUB_TOKEN=<placeholder>} into {@code file}, the placeholder cut in two. */
    private static List<String> writeCall(Path file, String placeholder) {
        String input = "{\"file_path\":" + quoted(file.toString()) + ",\"content\":"
                + quoted("GITHUB_TOKEN=" + placeholder + "\n") + "}";
        int cut = input.indexOf(placeholder) + placeholder.length() / 2;
        List<String> events = new ArrayList<>();
        events.add(ModelTurns.anthropicStart("claude-opus-5-5"));
        events.addAll(ModelTurns.anthropicToolUse(0, "Write", List.of("", input.substring(0, cut),
                input.substring(cut))));
        events.addAll(ModelTurns.anthropicEnd("tool_use"));
        return events;
    }

    private static List<String> closingText() {
        List<String> events = new ArrayList<>();
        events.add(ModelTurns.anthropicStart("claude-opus-5-5"));
        events.addAll(ModelTurns.anthropicText(0, List.of("Wrote the token to .env.")));
        events.addAll(ModelTurns.anthropicEnd("end_turn"));
        return events;
    }
}
