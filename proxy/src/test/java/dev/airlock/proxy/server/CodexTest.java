package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real Codex CLI ({@link CodexCli}) in {@code codex exec} over HTTP — a model provider of its own whose
 * {@code base_url} is Airlock, and the built-in provider with {@code openai_base_url} at Airlock (current Codex reads
 * no {@code OPENAI_BASE_URL}; that provider tries the Responses WebSocket first, answered 426 by default, and falls
 * back) — asked to put a GitHub token into {@code .env}. The fake provider answers as the model would: an
 * {@code exec_command} call whose shell command repeats the placeholder it received (split across argument deltas),
 * then, once the command's output comes back, a closing text. Codex runs the command with the real token, so the file
 * holds it, and resends the call (holding the token again) with its output: the provider sees neither request with the
 * token, and the same placeholder in both. Skipped when {@code node} or {@code npm} is not on the PATH.
 */
class CodexTest extends LiveTrafficTest {

    static CodexCli codex;

    @BeforeAll
    static void installCodex() throws Exception {
        codex = CodexCli.installOrSkip();
    }

    @ParameterizedTest
    @EnumSource(value = CodexCli.Setup.class, names = {"PROVIDER", "BASE_URL"})
    void codexRunsTheCommandWithTheRealTokenWhileTheProviderOnlyEverSeesItsPlaceholder(CodexCli.Setup setup)
            throws Exception {
        airlock = RunningAirlock.start(fake, caPem);
        Path workspace = Files.createDirectories(dir.resolve("workspace-" + setup));
        fake.respond(exchange -> {
            String body = exchange.request().bodyText();
            List<String> events = body.contains("\"function_call_output\"") ? CodexCli.closingText()
                    : CodexCli.shellCall(placeholderIn(body));
            Responder.sse(events).respond(exchange);
        });
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        NodeResult result = codex.exec(setup, airlock.base(), workspace,
                Files.createDirectories(dir.resolve("codex-home-" + setup)), apiKey,
                "Put GITHUB_TOKEN=" + SECRET + " into .env", dir, Map.of());

        assertThat(result.exit()).as("codex exit; stdout %s; stderr %s", result.stdout(), result.stderr()).isZero();
        assertThat(result.stdout()).contains(CodexCli.CLOSING_TEXT);
        assertThat(Files.readString(workspace.resolve(".env"), UTF_8)).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

        List<Recorded> requests = fake.requests();
        assertThat(requests).extracting(Recorded::path).containsOnly("/v1/responses").hasSize(2);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        for (Recorded request : requests) {
            assertThat(request.bodyText()).doesNotContain(SECRET).contains(placeholder);
            assertThat(request.header("authorization")).hasValue("Bearer " + apiKey);
        }
        // The second turn resends the model's call, which Codex holds with the real token, and the command's output.
        List<String> calls = new ArrayList<>();
        for (JsonNode item : JSON.readTree(requests.get(1).body()).path("input")) {
            if (item.path("type").asText().equals("function_call")) {
                calls.add(JSON.readTree(item.path("arguments").asText()).path("cmd").asText());
            }
        }
        assertThat(calls).containsExactly(CodexCli.command(placeholder));
        assertThat(requests.get(1).bodyText()).contains("\"function_call_output\"");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isGreaterThanOrEqualTo(1.0);
        if (setup == CodexCli.Setup.BASE_URL) {
            assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_requests_total", Map.of("status", "426")))
                    .as("its WebSocket attempts, refused").isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void aBlockedPromptReachesCodexAsTheApisErrorNamingTheRule() throws Exception {
        airlock = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c,
                new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        fake.respond(Responder.json(500, "{}")); // never asked
        NodeResult result = codex.exec(CodexCli.Setup.PROVIDER, airlock.base(),
                Files.createDirectories(dir.resolve("workspace-block")),
                Files.createDirectories(dir.resolve("codex-home-block")),
                "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48),
                "deploy with GITHUB_TOKEN=" + SECRET, dir, Map.of());
        // It echoes the user's prompt, then the error: ERROR: {"error":{"message":"Airlock blocked this request: a
        // credential matching rule github-pat was found in input[3].content[0].text. …","code":"airlock_blocked"}}
        assertThat(result.exit()).isNotZero();
        List<String> errors = result.stderr().lines().filter(line -> line.startsWith("ERROR: ")).toList();
        assertThat(errors).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("Airlock blocked this request: a credential matching rule github-pat was found in input[")
                .contains("\"code\":\"airlock_blocked\"").doesNotContain(SECRET));
        assertThat(fake.requests()).as("nothing reached the provider").isEmpty();
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_requests_total", Map.of("action", "block")))
                .isEqualTo(1.0);
    }
}
