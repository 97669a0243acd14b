package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.airlock.config.InterceptConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.server.NodeProject.NodeRun;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code openai} on npm, pinned in {@code src/test/node/openai-sdk}) streams a chat
 * completion through Airlock's forward proxy: it reaches Airlock only through an undici {@code ProxyAgent}
 * dispatcher (the SDK ignores {@code HTTPS_PROXY}) and trusts the install CA only through
 * {@code NODE_EXTRA_CA_CERTS}. The prompt's secret is redacted on the way, the SDK's key reaches the provider, and
 * each delta reaches the SDK before the provider has written the next.
 *
 * <p>Skipped when {@code node} or {@code npm} is not on the PATH. The project is installed with {@code npm ci} into
 * {@code target/node-openai-sdk}, and reinstalled only when its {@code package-lock.json} changes.
 */
class NodeOpenAiSdkTest extends ForwardTrafficTest {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "stream-chat.mjs");
    private static final Duration NODE_WAIT = Duration.ofSeconds(60);

    private static final List<String> DELTAS = List.of("Sure", " \u2014 deploying", " now.\n", "Keep tokens",
            " out of chats.");

    static NodeProject sdk;

    @BeforeAll
    static void installSdk() throws Exception {
        sdk = NodeProject.installOrSkip("openai-sdk", FILES);
    }

    @Test
    void theSdkStreamsAChatCompletionThroughInterceptionWithTheSecretRedacted() throws Exception {
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        String prompt = LiveTraffic.prompt();
        List<String> events = chatStream(DELTAS);
        Gate gate = new Gate();
        provider.respond(Responder.sseGated(events, gate));
        gate.release(2); // the role chunk and the first delta; the rest waits until the SDK has shown that one
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT);
             NodeRun run = start(airlock, airlockCa.certificatePath(), apiKey, prompt)) {
            List<String> expected = new ArrayList<>();
            for (String delta : DELTAS) {
                expected.add("delta:" + JSON.writeValueAsString(delta));
            }
            expected.add("done");

            String first = run.nextLine(NODE_WAIT);
            assertThat(first).as("first line; stderr: %s", run.stderr()).isEqualTo(expected.get(0));
            // The rest of the stream does not exist yet: the SDK handed this delta over as it arrived.
            gate.awaitSent(2, WAIT);
            assertThat(gate.sent()).as("events written before the SDK printed the first delta").isEqualTo(2);
            gate.release(events.size() - 2);

            NodeResult result = run.finish(NODE_WAIT);
            assertThat(result.exit()).as("node exit; stdout %s; stderr %s", result.stdout(), result.stderr())
                    .isZero();
            assertThat(result.stdout()).containsExactlyElementsOf(expected.subList(1, expected.size()));
            assertThat(result.stdout() + result.stderr()).doesNotContain(apiKey).doesNotContain(SECRET);

            Recorded seen = provider.takeRequest(WAIT);
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/v1/chat/completions");
            assertThat(seen.header("authorization")).contains("Bearer " + apiKey);
            assertThat(seen.bodyText()).doesNotContain(SECRET).contains("[REDACTED:").contains("\"stream\":true");
            assertThat(JSON.readTree(seen.body()).path("messages").path(0).path("content").asText())
                    .startsWith("deploy it, the token is [REDACTED:");
            assertThat(WireClients.metric(airlock, "airlock_connects_total", "outcome", "intercepted"))
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void withoutNodeExtraCaCertsTheSdkRefusesTheInterceptedConnection() throws Exception {
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        provider.respond(Responder.sse(chatStream(DELTAS)));
        int before = provider.requests().size();
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT);
             NodeRun run = start(airlock, null, apiKey, LiveTraffic.prompt())) {
            NodeResult result = run.finish(NODE_WAIT);
            assertThat(result.exit()).as("node exit; stdout %s", result.stdout()).isNotZero();
            assertThat(result.stdout()).doesNotContain("done");
            // e.g. "error: Connection error. <- fetch failed <- unable to get local issuer certificate [UNABLE_TO_...]"
            assertThat(result.stderr()).startsWith("error: ").containsAnyOf("UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
                    "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT")
                    .doesNotContain(apiKey).doesNotContain(SECRET);
            assertThat(provider.requests()).as("nothing reached the provider").hasSize(before);
        }
    }

    // ---- helpers

    /** A {@code chat.completion.chunk} stream as OpenAI sends it: role, one chunk per delta, finish, [DONE]. */
    static List<String> chatStream(List<String> deltas) throws JsonProcessingException {
        String id = "chatcmpl-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 29);
        List<String> events = new ArrayList<>();
        events.add(chunk(id, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"));
        for (String delta : deltas) {
            events.add(chunk(id, "{\"content\":" + JSON.writeValueAsString(delta) + "}", "null"));
        }
        events.add(chunk(id, "{}", "\"stop\""));
        events.add("data: [DONE]");
        return events;
    }

    private static String chunk(String id, String delta, String finishReason) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1727346178,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_5050236cbd\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
    }

    /**
     * {@code node stream-chat.mjs} against {@code airlock}. {@code caPem} becomes {@code NODE_EXTRA_CA_CERTS}, or is
     * left unset when null; no proxy variable, {@code NODE_OPTIONS}, {@code NODE_TLS_REJECT_UNAUTHORIZED} or
     * {@code OPENAI_BASE_URL} comes from the build's environment.
     */
    private static NodeRun start(RunningAirlock airlock, Path caPem, String apiKey, String prompt) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("AIRLOCK_PROXY", "http://127.0.0.1:" + airlock.port(),
                "OPENAI_API_KEY", apiKey, "PROMPT", prompt));
        if (caPem != null) {
            env.put("NODE_EXTRA_CA_CERTS", caPem.toAbsolutePath().toString());
        }
        return sdk.start("stream-chat.mjs", env, dir);
    }
}
