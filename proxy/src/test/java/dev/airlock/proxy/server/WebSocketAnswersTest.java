package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.API_KEY;
import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.RANDOM;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static dev.airlock.proxy.server.WebSocketResponsesTest.responseCreate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.config.Action;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.ResponseAction;
import dev.airlock.config.Restore;
import dev.airlock.detector.testing.Credentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The provider's events on a Responses WebSocket, as Codex receives them through a real Airlock from a real TLS
 * WebSocket provider: secrets redacted from the socket's own messages come back in tool-call arguments (cut across
 * events or across the fragments of one, in an answer to a later message too), held endings go out as events of
 * their own, and credentials the model writes are recorded and, with {@code response.action: redact}, replaced.
 */
@Timeout(60)
class WebSocketAnswersTest extends WebSocketLiveTest {

    private static final String COMPLETED = "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
            + "\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}";

    /** A credential the model writes itself: in no request, so nothing may restore it. */
    private final String written = Credentials.githubToken(RANDOM);
    private static AirlockConfig restoring(AirlockConfig c, Restore restore) {
        return RunningAirlock.withPolicy(c, new PolicyConfig(Action.REDACT, Map.of(), Action.BLOCK, restore));
    }

    private JdkWebSocket open() throws Exception {
        JdkWebSocket client = JdkWebSocket.open(HttpClient.newHttpClient(),
                URI.create("ws://127.0.0.1:" + airlock.port() + PATH), Map.of("authorization", "Bearer " + API_KEY));
        fake.takeHandshake(WAIT);
        return client;
    }

    /** Sends a {@code response.create} holding {@link LiveTraffic#SECRET}; returns the placeholder it became. */
    private String sendTheSecret(JdkWebSocket client) throws Exception {
        client.socket.sendText(responseCreate("deploy it, the token is " + SECRET), true).get();
        String placeholder = airlock.placeholder("github-pat", SECRET);
        assertThat(fake.takeMessage(WAIT).text()).contains(placeholder).doesNotContain(SECRET);
        return placeholder;
    }

    private static String event(String type, UnaryOperator<ObjectNode> fields) throws JsonProcessingException {
        ObjectNode n = JSON.createObjectNode().put("type", type);
        return JSON.writeValueAsString(fields.apply(n));
    }

    static String argsDelta(String delta) throws JsonProcessingException {
        return event("response.function_call_arguments.delta", n -> n.put("delta", delta).put("item_id", "fc_1")
                .put("output_index", 1));
    }

    static String argsDone(String arguments) throws JsonProcessingException {
        return event("response.function_call_arguments.done", n -> n.put("arguments", arguments).put("item_id", "fc_1")
                .put("output_index", 1));
    }

    static String itemDone(String arguments) throws JsonProcessingException {
        return event("response.output_item.done", n -> {
            n.putObject("item").put("id", "fc_1").put("type", "function_call").put("name", "write_file")
                    .put("call_id", "call_1").put("arguments", arguments);
            return n.put("output_index", 1);
        });
    }

    static String textDelta(String delta) throws JsonProcessingException {
        return event("response.output_text.delta", n -> n.put("content_index", 0).put("delta", delta)
                .put("item_id", "msg_1").put("output_index", 0));
    }

    /** Tool arguments as a model writes them: JSON text, the value ending in an escaped newline. */
    private static String arguments(String token) {
        return "{\"path\":\".env\",\"content\":\"GITHUB_TOKEN=" + token + "\\n\"}";
    }

    private double metric(String name, Map<String, String> labels) {
        return LiveTraffic.metric(airlock.scrape(), name, labels);
    }

    /** Findings in an answer are recorded just after its last event was written: the client may have it first. */
    private double awaitMetric(String name, Map<String, String> labels) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double value;
        do {
            value = metric(name, labels);
            if (value > 0) {
                return value;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return value;
    }

    // ---- restore ---------------------------------------------------------------------------------------------------

    @Test
    void aRedactedSecretComesBackInTheToolCallEvenCutAcrossTwoDeltasAndTheFragmentsOfOne() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        String placeholder = sendTheSecret(client);
        String args = arguments(placeholder);
        int at = args.indexOf(placeholder);
        int cut = at + "[REDACTED:git".length();

        fake.send(argsDelta(args.substring(0, cut)));
        JsonNode first = JSON.readTree(client.takeText(WAIT));
        assertThat(first.path("delta").asText()).as("sent at once, without the placeholder's start")
                .isEqualTo(args.substring(0, at));
        assertThat(client.pendingTexts()).isZero();

        String second = argsDelta(args.substring(cut));
        int fragment = second.indexOf("-pat:") + 3; // the placeholder's rest is cut between two frames as well
        fake.sendFragments(second.substring(0, fragment), second.substring(fragment));
        JsonNode rest = JSON.readTree(client.takeText(WAIT));
        assertThat(rest.path("type").asText()).isEqualTo("response.function_call_arguments.delta");
        assertThat(rest.path("item_id").asText()).isEqualTo("fc_1");
        String joined = first.path("delta").asText() + rest.path("delta").asText();
        assertThat(JSON.readTree(joined).path("content").asText()).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

        fake.send(argsDone(args));
        assertThat(JSON.readTree(JSON.readTree(client.takeText(WAIT)).path("arguments").asText()).path("content")
                .asText()).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");
        fake.send(itemDone(args));
        assertThat(JSON.readTree(JSON.readTree(client.takeText(WAIT)).path("item").path("arguments").asText())
                .path("content").asText()).isEqualTo("GITHUB_TOKEN=" + SECRET + "\n");

        String text = textDelta("I wrote " + placeholder + " to .env");
        fake.send(text);
        assertThat(client.takeText(WAIT)).as("free text goes to people: not restored under tools").isEqualTo(text);
        fake.send(COMPLETED);
        assertThat(client.takeText(WAIT)).isEqualTo(COMPLETED);
        assertThat(client.pendingTexts()).isZero();
        assertThat(metric("airlock_restored_total", Map.of("where", "tool_arguments"))).isEqualTo(3.0);
        assertThat(metric("airlock_restored_total", Map.of("where", "text"))).isZero();
    }

    @Test
    void aSecretSentEarlierOnTheSocketIsRestoredInALaterAnswerAndNeverOnAnotherSocket() throws Exception {
        startScanning(c -> c);
        JdkWebSocket owner = open();
        String placeholder = sendTheSecret(owner);
        JdkWebSocket other = open();
        fake.send(COMPLETED);
        assertThat(owner.takeText(WAIT)).isEqualTo(COMPLETED);
        assertThat(other.takeText(WAIT)).isEqualTo(COMPLETED);

        // The next turns send only their new items; the other socket copies the placeholder into its prompt.
        owner.socket.sendText(responseCreate("now write it to .env"), true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo(responseCreate("now write it to .env"));
        other.socket.sendText(responseCreate("what is " + placeholder + "?"), true).get();
        assertThat(fake.takeMessage(WAIT).text()).isEqualTo(responseCreate("what is " + placeholder + "?"));

        String done = argsDone(arguments(placeholder));
        fake.send(done); // on every socket of the fake: both clients get the same event
        assertThat(JSON.readTree(owner.takeText(WAIT)).path("arguments").asText()).isEqualTo(arguments(SECRET));
        assertThat(other.takeText(WAIT)).as("its own messages never held the secret").isEqualTo(done);
        assertThat(metric("airlock_restored_total", Map.of("where", "tool_arguments"))).isEqualTo(1.0);
    }

    @Test
    void aSocketKeepsTheSecretsOfItsLatestMessagesOnlyUpToItsBound() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        String first = sendTheSecret(client);
        List<String> later = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < WebSocketAnswers.MAX_PLACEHOLDERS; i++) {
            String token = Credentials.githubToken(RANDOM);
            later.add(token);
            text.append("token ").append(token).append(' ');
        }
        client.socket.sendText(responseCreate(text.toString()), true).get();
        fake.takeMessage(WAIT);

        String last = later.get(later.size() - 1);
        fake.send(argsDone(arguments(first)));
        assertThat(JSON.readTree(client.takeText(WAIT)).path("arguments").asText())
                .as("the least recently sent secret made room").isEqualTo(arguments(first));
        fake.send(argsDone(arguments(airlock.placeholder("github-pat", last))));
        assertThat(JSON.readTree(client.takeText(WAIT)).path("arguments").asText()).isEqualTo(arguments(last));
    }

    @Test
    void withRestoreOffThePlaceholdersStayAndEveryEventArrivesAsItWasSent() throws Exception {
        startScanning(c -> restoring(c, Restore.OFF));
        JdkWebSocket client = open();
        String placeholder = sendTheSecret(client);
        String args = arguments(placeholder);
        int cut = args.indexOf(placeholder) + "[REDACTED:git".length();
        List<String> events = List.of(argsDelta(args.substring(0, cut)), argsDelta(args.substring(cut)),
                argsDone(args), textDelta("I wrote " + placeholder), COMPLETED);
        for (String e : events) {
            fake.send(e);
            assertThat(client.takeText(WAIT)).isEqualTo(e);
        }
        assertThat(metric("airlock_restored_total", Map.of())).isZero();
    }

    @Test
    void withRestoreAllTheAnswersTextGetsTheSecretBackToo() throws Exception {
        startScanning(c -> restoring(c, Restore.ALL));
        JdkWebSocket client = open();
        String placeholder = sendTheSecret(client);
        fake.send(textDelta("I wrote " + placeholder + " to .env"));
        assertThat(JSON.readTree(client.takeText(WAIT)).path("delta").asText()).isEqualTo("I wrote " + SECRET
                + " to .env");
        assertThat(metric("airlock_restored_total", Map.of("where", "text"))).isEqualTo(1.0);
    }

    @Test
    void aHeldEndingWaitsThroughOtherEventsAndGoesOutAloneBeforeTheProvidersClose() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        String placeholder = sendTheSecret(client);
        String start = placeholder.substring(0, 12);

        fake.send(argsDelta("{\"note\":\"" + start));
        assertThat(JSON.readTree(client.takeText(WAIT)).path("delta").asText()).isEqualTo("{\"note\":\"");
        String text = textDelta("Done.");
        fake.send(text); // not the same tool call, and no end of it: its ending stays held
        assertThat(client.takeText(WAIT)).isEqualTo(text);

        fake.send(argsDelta(start)); // the call goes on: its held ending first, the new one held in its turn
        JsonNode next = JSON.readTree(client.takeText(WAIT));
        assertThat(next.path("item_id").asText()).isEqualTo("fc_1");
        assertThat(next.path("delta").asText()).isEqualTo(start);
        fake.close(1000, "done");
        assertThat(JSON.readTree(client.takeText(WAIT)).path("delta").asText()).isEqualTo(start);
        assertThat(client.takeClose(WAIT)).isEqualTo(1000);
    }

    // ---- what the model writes ---------------------------------------------------------------------------------

    /** A text answer with {@link #written} cut across two deltas, after a clean request. */
    private List<String> answerWithWrittenToken(JdkWebSocket client) throws Exception {
        client.socket.sendText(responseCreate("write the deploy config"), true).get();
        fake.takeMessage(WAIT);
        return List.of(textDelta("Use " + written.substring(0, 13)), textDelta(written.substring(13) + " for the deploy."),
                COMPLETED);
    }

    @Test
    void aCredentialTheModelWritesIsRecordedAndRelayedAsItCame() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        for (String e : answerWithWrittenToken(client)) {
            fake.send(e);
            assertThat(client.takeText(WAIT)).isEqualTo(e);
        }
        assertThat(awaitMetric("airlock_response_findings_total", Map.of("rule", "github-pat"))).isEqualTo(1.0);
        assertThat(metric("airlock_response_redactions_total", Map.of())).isZero();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.response()).isTrue();
            assertThat(e.action()).isEqualTo("audit");
            assertThat(e.path()).isEqualTo("/v1/responses");
            assertThat(e.findings()).singleElement().satisfies(h -> assertThat(h.ruleId()).isEqualTo("github-pat"));
        });
    }

    @Test
    void withResponseRedactTheCredentialTheModelWritesArrivesAsItsPlaceholder() throws Exception {
        startScanning(c -> RunningAirlock.withResponse(c, ResponseAction.REDACT));
        JdkWebSocket client = open();
        answerWithWrittenToken(client).forEach(fake::send);
        List<String> received = new ArrayList<>(); // an ending held to the end may come as an event of its own
        do {
            received.add(client.takeText(WAIT));
        } while (!received.get(received.size() - 1).equals(COMPLETED));
        assertThat(String.join("\n", received)).doesNotContain(written.substring(4, 13))
                .doesNotContain(written.substring(13));
        StringBuilder text = new StringBuilder();
        for (String r : received) {
            JsonNode n = JSON.readTree(r);
            if (n.path("type").asText().equals("response.output_text.delta")) {
                text.append(n.path("delta").asText());
            }
        }
        assertThat(text.toString()).isEqualTo("Use " + airlock.placeholder("github-pat", written) + " for the deploy.");
        assertThat(received).last().isEqualTo(COMPLETED);
        assertThat(metric("airlock_response_redactions_total", Map.of("rule", "github-pat"))).isEqualTo(1.0);
        assertThat(awaitMetric("airlock_response_findings_total", Map.of("rule", "github-pat"))).isEqualTo(1.0);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.response()).isTrue();
            assertThat(e.action()).isEqualTo("redact");
        });
    }

    @Test
    void withResponseRedactTheSocketsOwnSecretIsStillRestoredWhileWhatTheModelWroteIsRedacted() throws Exception {
        startScanning(c -> RunningAirlock.withResponse(c, ResponseAction.REDACT));
        JdkWebSocket client = open();
        String placeholder = sendTheSecret(client);
        String args = "{\"path\":\".env\",\"content\":\"GITHUB_TOKEN=" + placeholder + "\\nBACKUP_TOKEN=" + written
                + "\\n\"}";
        fake.send(argsDone(args));
        String content = JSON.readTree(JSON.readTree(client.takeText(WAIT)).path("arguments").asText()).path("content")
                .asText();
        assertThat(content).isEqualTo("GITHUB_TOKEN=" + SECRET + "\nBACKUP_TOKEN="
                + airlock.placeholder("github-pat", written) + "\n");
        assertThat(metric("airlock_restored_total", Map.of("where", "tool_arguments"))).isEqualTo(1.0);
        assertThat(metric("airlock_response_redactions_total", Map.of("rule", "github-pat"))).isEqualTo(1.0);
    }

    // ---- frames -------------------------------------------------------------------------------------------------

    @Test
    void binaryFramesTextThatIsNotJsonAndJsonTooDeepToReadPassUntouched() throws Exception {
        startScanning(c -> RunningAirlock.withResponse(c, ResponseAction.REDACT));
        JdkWebSocket client = open();
        sendTheSecret(client);
        byte[] bytes = ("binary " + written).getBytes(StandardCharsets.UTF_8);
        fake.sendBinary(bytes);
        assertThat(client.takeBinary(WAIT)).containsExactly(bytes);
        fake.send("[DONE]");
        assertThat(client.takeText(WAIT)).isEqualTo("[DONE]");
        String deep = "[".repeat(100_000) + "]".repeat(100_000); // past every JSON parser's nesting limit
        fake.send(deep);
        assertThat(client.takeText(WAIT)).isEqualTo(deep);
        fake.send(COMPLETED);
        assertThat(client.takeText(WAIT)).isEqualTo(COMPLETED);
    }

    @Test
    void aFragmentedProviderMessageOverTheFrameLimitClosesBothWith1009() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        String mib = "x".repeat(1 << 20);
        String[] parts = new String[WebSocketUpgrade.PROVIDER_MAX_FRAME / (1 << 20) + 1];
        parts[0] = "{\"type\":\"response.output_text.delta\",\"delta\":\"" + mib.substring(40);
        for (int i = 1; i < parts.length; i++) {
            parts[i] = mib;
        }
        fake.sendFragments(parts);
        assertThat(client.takeClose(WAIT)).isEqualTo(1009);
        assertThat(fake.takeClose(WAIT)).isEqualTo(1009);
        assertThat(client.pendingTexts()).isZero();
    }
}
