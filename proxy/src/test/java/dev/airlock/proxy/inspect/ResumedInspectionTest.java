package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Action;
import dev.airlock.config.AllowConfig;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.payload.Conversations;
import dev.airlock.proxy.response.PlaceholderVault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A whole conversation inspected by one long-lived inspector, which reads each body from where the last ones left
 * off, decides exactly as a fresh inspector reading every body whole: the same action or refusal and message (the
 * first blocked finding's place included), hits (what metrics and the audit trail count: a credential in the history
 * counts on every request that carries it, as it always has), forwarded bytes, and placeholders the answer may
 * restore — under a policy per rule, an allow list, signed requests and several clients.
 */
class ResumedInspectionTest {

    private static final Detector DETECTOR = Detector.builtIn();

    @Property(tries = 25)
    void aLongLivedInspectorDecidesEveryTurnAsAFreshOneWould(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] key = new byte[32];
        r.nextBytes(key);
        Redactor redactor = new Redactor(key);
        // The whole conversation first, so the allow list can name one of its credentials.
        Conversations conversation = new Conversations(seed);
        List<Conversations.Turn> turns = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            turns.add(conversation.next());
        }
        Set<String> rules = new TreeSet<>();
        for (String secret : conversation.secrets()) {
            for (Finding f : DETECTOR.scan(" " + secret + " ")) {
                rules.add(f.ruleId());
            }
        }
        Map<String, Action> perRule = new HashMap<>();
        Action[] actions = {Action.REDACT, Action.AUDIT, Action.BLOCK, Action.ALLOW};
        for (String rule : rules) {
            perRule.put(rule, actions[r.nextInt(r.nextInt(3) == 0 ? 4 : 2)]);
        }
        Set<String> allowed = conversation.secrets().isEmpty() || r.nextBoolean() ? Set.of()
                : Set.of(redactor.fingerprint(conversation.secrets().get(r.nextInt(conversation.secrets().size()))));
        Policy policy = new Policy(new PolicyConfig(r.nextInt(4) == 0 ? Action.BLOCK : Action.REDACT, perRule,
                Action.BLOCK, new AllowConfig(allowed, List.of())), redactor);
        RequestInspector warm = new RequestInspector(DETECTOR, redactor, policy, 1 << 24);
        String[] clients = {"Bearer one", "Bearer two"};
        for (int t = 0; t < turns.size(); t++) {
            List<Header> headers = new ArrayList<>();
            headers.add(new Header("Content-Type", "application/json"));
            String client = clients[r.nextInt(4) == 0 ? 1 : 0];
            headers.add(new Header(r.nextBoolean() ? "Authorization" : "x-api-key", client));
            if (r.nextInt(10) == 0) {
                headers.add(new Header("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb924"));
            }
            InboundRequest request = new InboundRequest("POST", "/v1/messages", headers, turns.get(t).body());
            Map<String, String> madeWarm = new HashMap<>();
            Inspection resumed = PlaceholderVault.recording(madeWarm, () -> warm.inspect(request));
            Map<String, String> madeCold = new HashMap<>();
            Inspection whole = PlaceholderVault.recording(madeCold,
                    () -> new RequestInspector(DETECTOR, redactor, policy, 1 << 24).inspect(request));
            assertSame(resumed, whole, "turn " + t);
            assertThat(madeWarm).as("placeholders of turn %d", t).isEqualTo(madeCold);
        }
    }

    @Test
    void aBlockedCredentialInTheHistoryBlocksEveryLaterTurnAndIsNamedWhereItIs() {
        Redactor redactor = new Redactor(Credentials.randomKey());
        String token = Credentials.githubToken(new Random());
        Policy policy = new Policy(new PolicyConfig(Action.REDACT, Map.of("github-pat", Action.BLOCK), Action.BLOCK),
                redactor);
        RequestInspector inspector = new RequestInspector(DETECTOR, redactor, policy, 1 << 24);
        List<String> messages = new ArrayList<>();
        messages.add("{\"role\":\"user\",\"content\":\"" + "log line ".repeat(400) + "\"}");
        messages.add("{\"role\":\"user\",\"content\":\"here: " + token + "\"}");
        for (int t = 0; t < 5; t++) {
            messages.add("{\"role\":\"assistant\",\"content\":\"" + "answer text ".repeat(300) + t + "\"}");
            byte[] body = ("{\"model\":\"m\",\"messages\":[" + String.join(",", messages) + "]}").getBytes(
                    StandardCharsets.UTF_8);
            Inspection i = inspector.inspect(new InboundRequest("POST", "/v1/chat/completions",
                    List.of(new Header("Content-Type", "application/json")), body));
            assertThat(i).isInstanceOfSatisfying(Inspection.Refuse.class, refuse -> {
                assertThat(refuse.message()).contains("github-pat").contains("messages[1].content");
                assertThat(refuse.hits()).singleElement()
                        .satisfies(h -> assertThat(h.action()).isEqualTo(Action.BLOCK));
            });
        }
    }

    private static void assertSame(Inspection resumed, Inspection whole, String turn) {
        assertThat(resumed.getClass()).as(turn).isEqualTo(whole.getClass());
        assertThat(resumed.hits()).as("hits of %s", turn).isEqualTo(whole.hits());
        assertThat(resumed.unscanned()).isEqualTo(whole.unscanned());
        assertThat(resumed.scannedChars()).isEqualTo(whole.scannedChars());
        if (whole instanceof Inspection.Refuse w) {
            Inspection.Refuse r = (Inspection.Refuse) resumed;
            assertThat(r.kind()).isEqualTo(w.kind());
            assertThat(r.message()).as("refusal of %s", turn).isEqualTo(w.message());
        } else {
            Inspection.Forward w = (Inspection.Forward) whole;
            Inspection.Forward f = (Inspection.Forward) resumed;
            assertThat(f.action()).as("action of %s", turn).isEqualTo(w.action());
            assertThat(f.body().toArray()).as("forwarded body of %s", turn).isEqualTo(w.body().toArray());
            assertThat(f.redactions()).isEqualTo(w.redactions());
            assertThat(f.headers()).isEqualTo(w.headers());
            assertThat(f.target()).isEqualTo(w.target());
            assertThat(f.bodyDecoded()).isEqualTo(w.bodyDecoded());
        }
    }
}
