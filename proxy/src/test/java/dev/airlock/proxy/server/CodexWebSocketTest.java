package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.ModelTurns.placeholderIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.testing.FakeWebSocketProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Codex CLI ({@link CodexCli}) over the Responses WebSocket ({@code supports_websockets = true}) through
 * Airlock with {@code websocket.responses: scan}, to a TLS WebSocket fake that plays the model: Codex's own
 * {@code response.create} messages arrive with the placeholder, the model's call (its arguments split inside the
 * placeholder across delta messages) reaches Codex with the real token, which it runs, and the next message, which
 * carries the command's output, never holds the token. Codex first warms the connection up with a
 * {@code response.create} of {@code "generate": false}, answered with an empty response. Skipped when {@code node} or
 * {@code npm} is not on the PATH.
 */
class CodexWebSocketTest extends WebSocketLiveTest {

    static CodexCli codex;

    @BeforeAll
    static void installCodex() throws Exception {
        codex = CodexCli.installOrSkip();
    }

    @Test
    void codexOverTheWebSocketRunsTheCommandWithTheRealTokenWhileTheProviderSeesItsPlaceholder() throws Exception {
        startScanning(c -> c);
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        fake.answerWith(message -> (message.contains("\"generate\":false") ? CodexCli.warmedUp()
                : message.contains("\"function_call_output\"") ? CodexCli.closingText()
                : CodexCli.shellCall(placeholderIn(message))).stream().map(CodexCli::dataOf).toList());
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        NodeResult result = codex.exec(CodexCli.Setup.PROVIDER_WEBSOCKET, airlock.base(), workspace,
                Files.createDirectories(dir.resolve("codex-home")), apiKey, "Put GITHUB_TOKEN=" + SECRET + " into .env",
                dir, Map.of());

        assertThat(result.exit()).as("codex exit; stdout %s; stderr %s", result.stdout(), result.stderr()).isZero();
        assertThat(result.stdout()).contains(CodexCli.CLOSING_TEXT);
        assertThat(Files.readString(workspace.resolve(".env"), UTF_8)).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

        FakeWebSocketProvider.Handshake handshake = fake.takeHandshake(WAIT);
        assertThat(handshake.uri()).isEqualTo("/v1/responses");
        assertThat(handshake.headers()).containsEntry("authorization", "Bearer " + apiKey);
        String placeholder = airlock.placeholder("github-pat", SECRET);
        List<JsonNode> creates = new ArrayList<>();
        while (fake.pendingMessages() > 0) {
            String message = fake.takeMessage(WAIT).text();
            assertThat(message).doesNotContain(SECRET);
            JsonNode json = JSON.readTree(message);
            if (json.path("type").asText().equals("response.create") && json.path("generate").asBoolean(true)) {
                creates.add(json);
            }
        }
        assertThat(creates).as("the prompt's turn and the one carrying the command's output").hasSize(2);
        assertThat(creates.get(0).toString()).contains(placeholder);
        // Over the socket the next turn names the previous response and sends only what is new.
        assertThat(creates.get(1).path("previous_response_id").asText()).isNotEmpty();
        assertThat(creates.get(1).path("input")).extracting(item -> item.path("type").asText())
                .containsExactly("function_call_output");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_restored_total", Map.of("where", "tool_arguments")))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void theOutputOfACallThatPrintsASecretIsRedactedInTheNextMessageThatCarriesItAlone() throws Exception {
        // Codex sends the command's output under previous_response_id, without the call: Airlock noted the call when
        // the model made it, in the answer it relayed.
        startScanning(c -> c);
        Path workspace = Files.createDirectories(dir.resolve("workspace-env"));
        String password = Credentials.random(LiveTraffic.RANDOM, "abcdefghijkmnopqrstuvwxyz", 7)
                + Credentials.random(LiveTraffic.RANDOM, "23456789", 2) + "Q";
        fake.answerWith(message -> (message.contains("\"generate\":false") ? CodexCli.warmedUp()
                : message.contains("\"function_call_output\"") ? CodexCli.closingText()
                : CodexCli.shellCall("printenv DB_PASSWORD", "printenv DB_")).stream().map(CodexCli::dataOf).toList());
        NodeResult result = codex.exec(CodexCli.Setup.PROVIDER_WEBSOCKET, airlock.base(), workspace,
                Files.createDirectories(dir.resolve("codex-home-env")),
                "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48),
                "Which database password does this shell have?", dir, Map.of("DB_PASSWORD", password));
        assertThat(result.exit()).as("codex exit; stdout %s; stderr %s", result.stdout(), result.stderr()).isZero();

        JsonNode output = null;
        while (fake.pendingMessages() > 0) {
            String message = fake.takeMessage(WAIT).text();
            assertThat(message).doesNotContain(password);
            for (JsonNode item : JSON.readTree(message).path("input")) {
                if (item.path("type").asText().equals("function_call_output")) {
                    output = item;
                }
            }
        }
        assertThat(output).as("the message with the command's output").isNotNull();
        assertThat(output.path("output").asText()).contains("Process exited with code 0").contains("[REDACTED:");
        assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_websocket_messages_total",
                Map.of("action", "redact"))).isEqualTo(1.0);
    }
}
