package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.InterceptConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Codex CLI ({@link CodexCli}) with its built-in OpenAI provider, reaching api.openai.com through Airlock's
 * forward proxy as {@code airlock env} sets it up: {@code HTTPS_PROXY}, and the install CA in
 * {@code CODEX_CA_CERTIFICATE}, the key in {@code CODEX_API_KEY} (what {@code codex exec} reads for its built-in
 * provider). Airlock intercepts the host with its own leaf and dials the fake in its place; the model's call repeats
 * the placeholder, Codex runs it with the real token, and the provider never sees the token.
 */
class CodexForwardTest extends ForwardTrafficTest {

    static CodexCli codex;

    @BeforeAll
    static void installCodex() throws Exception {
        codex = CodexCli.installOrSkip();
    }

    @Test
    void throughTheForwardProxyCodexRunsTheCommandWithTheRealToken() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("codex-workspace"));
        provider.respond(exchange -> {
            if (!exchange.request().path().equals("/v1/responses")) {
                Responder.json(404, "{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\"}}")
                        .respond(exchange);
                return;
            }
            String body = exchange.request().bodyText();
            Responder.sse(body.contains("\"function_call_output\"") ? CodexCli.closingText()
                    : CodexCli.shellCall(placeholderIn(body))).respond(exchange);
        });
        int before = provider.requests().size();
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        NodeResult result;
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT)) {
            result = codex.exec(CodexCli.Setup.BUILT_IN, null, workspace,
                    Files.createDirectories(dir.resolve("codex-home")), apiKey,
                    "Put GITHUB_TOKEN=" + SECRET + " into .env", dir,
                    Map.of("HTTPS_PROXY", "http://127.0.0.1:" + airlock.port(),
                            "CODEX_CA_CERTIFICATE", airlockCa.certificatePath().toString()));
            assertThat(result.exit()).as("codex exit; stdout %s; stderr %s", result.stdout(), result.stderr())
                    .isZero();
            assertThat(result.stdout()).contains(CodexCli.CLOSING_TEXT);
            assertThat(Files.readString(workspace.resolve(".env"), UTF_8)).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

            List<Recorded> turns = provider.requests().subList(before, provider.requests().size()).stream()
                    .filter(r -> r.path().equals("/v1/responses")).toList();
            assertThat(turns).hasSize(2);
            for (Recorded turn : turns) {
                assertThat(turn.bodyText()).doesNotContain(SECRET).contains(airlock.placeholder("github-pat", SECRET));
                assertThat(turn.header("authorization")).hasValue("Bearer " + apiKey);
            }
            assertThat(WireClients.metric(airlock, "airlock_connects_total", "outcome", "intercepted"))
                    .isGreaterThanOrEqualTo(1.0);
            // Its provider tries the Responses WebSocket first: refused with 426 (websocket.responses is off by
            // default), it falls back to HTTPS.
            assertThat(WireClients.metric(airlock, "airlock_requests_total", "status", "426"))
                    .isGreaterThanOrEqualTo(1.0);
        }
    }
}
