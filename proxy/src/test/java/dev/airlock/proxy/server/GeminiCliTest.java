package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static dev.airlock.proxy.server.ModelTurns.quoted;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The real Gemini CLI ({@code @google/gemini-cli}, pinned in {@code src/test/node/gemini-cli}) in non-interactive
 * mode, pointed at Airlock both ways ({@code GOOGLE_GEMINI_BASE_URL} at the {@code gemini} route, and
 * {@code HTTPS_PROXY} with the install CA in {@code NODE_EXTRA_CA_CERTS}), asked to put a GitHub token into a file.
 * The fake provider answers as the model would: a {@code write_file} function call whose content repeats the
 * placeholder it received, then, once the function's response comes back, a closing text. The CLI writes the file
 * with the real token and resends its call (holding the token again) with the response: the provider sees neither
 * request with the token, and the same placeholder in both.
 *
 * <p>The CLI is set up as a user would for an API key ({@code security.auth.selectedType: gemini-api-key}), with
 * folder trust off and {@code --yolo} so that print mode may write, and the model named ({@code -m}) so it does not
 * first ask a small model to choose one. Skipped when {@code node} or {@code npm} is not on the PATH.
 */
class GeminiCliTest extends LiveTrafficTest {

    private static final List<String> FILES = List.of("package.json", "package-lock.json");
    private static final String CLI = "node_modules/@google/gemini-cli/bundle/gemini.js";
    private static final Duration GEMINI_WAIT = Duration.ofSeconds(120);
    private static final String CLOSING_TEXT = "Wrote the token to app.env.";
    private static final String SETTINGS = """
            {
              "security": { "auth": { "selectedType": "gemini-api-key" }, "folderTrust": { "enabled": false } },
              "privacy": { "usageStatisticsEnabled": false },
              "general": { "disableAutoUpdate": true }
            }
            """;

    static NodeProject geminiCli;

    @BeforeAll
    static void installGeminiCli() throws Exception {
        geminiCli = NodeProject.installOrSkip("gemini-cli", FILES);
    }

    @Test
    void throughTheBaseUrlTheGeminiCliWritesTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder() throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        writeTheTokenWith(fake, Map.of("GOOGLE_GEMINI_BASE_URL", airlock.base() + "/gemini"), "base-url");
    }

    @Test
    void throughTheForwardProxyTheGeminiCliWritesTheRealTokenToo() throws Exception {
        // HTTPS_PROXY and the install CA in NODE_EXTRA_CA_CERTS: Airlock opens TLS to the Gemini API host with a
        // leaf of its own CA and dials the fake in its place.
        throughTheForwardProxy("generativelanguage.googleapis.com",
                (provider, env) -> writeTheTokenWith(provider, env, "forward"));
    }

    /**
     * Runs the CLI asked to put the token into a file, {@code provider} playing the model, and checks the file, both
     * turns as the provider got them and the restore counted.
     */
    private void writeTheTokenWith(FakeProvider provider, Map<String, String> route, String name) throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace-" + name));
        // The CLI refuses .env files as outside the workspace: the token goes to another file.
        Path file = workspace.resolve("app.env");
        provider.respond(exchange -> {
            String body = exchange.request().bodyText();
            String part = body.contains("\"functionResponse\"") ? "{\"text\": " + quoted(CLOSING_TEXT) + "}"
                    : "{\"functionCall\": {\"name\": \"write_file\", \"args\": {\"file_path\": "
                    + quoted(file.toString()) + ", \"content\": " + quoted("GITHUB_TOKEN=" + placeholderIn(body) + "\n")
                    + "}}}";
            Responder.sse(List.of("data: {\"candidates\": [{\"content\": {\"parts\": [" + part + "],"
                    + "\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {"
                    + "\"promptTokenCount\": 4096,\"candidatesTokenCount\": 24,\"totalTokenCount\": 4120},"
                    + "\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n")).respond(exchange);
        });
        String apiKey = "AIza" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 35);
        NodeResult result = gemini(workspace, route, apiKey, "Put GITHUB_TOKEN=" + SECRET + " into app.env");

        assertThat(result.exit()).as("gemini exit; stdout %s; stderr %s", result.stdout(), result.stderr()).isZero();
        assertThat(result.stdout()).contains(CLOSING_TEXT);
        assertThat(Files.readString(file, UTF_8)).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

        List<Recorded> requests = provider.requests();
        assertThat(requests).extracting(Recorded::path)
                .containsOnly("/v1beta/models/gemini-2.5-flash:streamGenerateContent").hasSize(2);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        for (Recorded request : requests) {
            assertThat(request.bodyText()).doesNotContain(SECRET).contains(placeholder);
            assertThat(request.header("x-goog-api-key")).hasValue(apiKey);
        }
        // The second turn resends the model's call, which the CLI holds with the real token, and its response.
        List<String> calls = new ArrayList<>();
        for (JsonNode content : JSON.readTree(requests.get(1).body()).path("contents")) {
            for (JsonNode part : content.path("parts")) {
                if (part.has("functionCall")) {
                    calls.add(part.path("functionCall").path("args").path("content").asText());
                }
            }
        }
        assertThat(calls).containsExactly("GITHUB_TOKEN=" + placeholder + "\n");
        assertThat(requests.get(1).bodyText()).contains("\"functionResponse\"");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isEqualTo(1.0);
    }

    @Test
    void aBlockedPromptReachesTheGeminiCliAsTheApisErrorNamingTheRule() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c,
                new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        fake.respond(Responder.json(500, "{}")); // never asked
        NodeResult result = gemini(Files.createDirectories(dir.resolve("workspace-block")),
                Map.of("GOOGLE_GEMINI_BASE_URL", airlock.base() + "/gemini"),
                "AIza" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 35),
                "deploy with GITHUB_TOKEN=" + SECRET);
        // "Error when talking to Gemini API … _ApiError: {"error":{"code":400,"message":"Airlock blocked this
        // request: a credential matching rule github-pat was found in contents[0].parts[1].text. …",
        // "status":"INVALID_ARGUMENT"}}"
        String shown = String.join("\n", result.stdout()) + result.stderr();
        assertThat(result.exit()).isNotZero();
        assertThat(shown).contains("Airlock blocked this request: a credential matching rule github-pat was found in "
                + "contents[0]").contains("\"status\":\"INVALID_ARGUMENT\"").doesNotContain(SECRET);
        assertThat(fake.requests()).as("nothing reached the provider").isEmpty();
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_requests_total", Map.of("action", "block")))
                .as("a 400 is not retried").isEqualTo(1.0);
    }

    /**
     * {@code gemini -p prompt} in {@code workspace}, set up as a user with an API key would set it up, reaching Airlock
     * by {@code route}.
     */
    private NodeResult gemini(Path workspace, Map<String, String> route, String apiKey, String prompt)
            throws Exception {
        Path home = Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "-home"));
        Files.createDirectories(home.resolve(".gemini"));
        Files.writeString(home.resolve(".gemini/settings.json"), SETTINGS);
        // TMPDIR too: on an error the CLI writes its full report (the request included) into a temporary file.
        Map<String, String> env = new HashMap<>(route);
        env.putAll(Map.of("HOME", home.toString(), "TMPDIR", home.toString(), "GEMINI_API_KEY", apiKey));
        try (NodeRun run = geminiCli.start(List.of(geminiCli.file(CLI).toString(), "-m", "gemini-2.5-flash", "-p",
                prompt, "--yolo"), workspace, env, dir)) {
            return run.finish(GEMINI_WAIT);
        }
    }
}
