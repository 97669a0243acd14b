package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.AuditConfig;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.audit.AuditTrail;
import dev.airlock.proxy.audit.AuditVerifier;
import dev.airlock.proxy.testing.Responder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of a running Airlock: one event per redaction, block and unscanned request, carrying the event
 * id the client saw, the rule, place, length and keyed fingerprint of each finding, and never the secret.
 */
class AuditTrailLiveTest extends LiveTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void redactionsBlocksAndUnscannedRequestsAreRecordedWithoutTheSecret() throws Exception {
        byte[] key = Credentials.randomKey();
        Redactor redactor = new Redactor(key);
        Path file = dir.resolve("audit-" + System.nanoTime()).resolve("audit.jsonl");
        AuditLog trail = AuditTrail.open(new AuditConfig(file, AuditConfig.DEFAULT_ROTATE_BYTES,
                AuditConfig.DEFAULT_ROTATE_AGE, 3, false), key);
        fake.respond(Responder.json(200, "{\"ok\":true}"));
        HttpResponse<String> redacted;
        HttpResponse<String> blocked;
        HttpResponse<String> unscanned;
        try (RunningAirlock airlock = RunningAirlock.start(RunningAirlock.configFor(fake.baseUrl(), caPem),
                RunningAirlock.ca(), redactor, trail)) {
            redacted = LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", LiveTraffic.openAiBody(false));
            blocked = LiveTraffic.post(airlock.base(), "/openai/v1/files/" + SECRET + "/content", "{}");
            unscanned = LiveTraffic.HTTP.send(HttpRequest.newBuilder(airlock.base().resolve("/openai/v1/images/edits"))
                    .timeout(WAIT).header("content-type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            trail.close();
        }
        assertThat(redacted.statusCode()).isEqualTo(200);
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(unscanned.statusCode()).isEqualTo(415);

        String text = Files.readString(file, UTF_8);
        assertThat(text).doesNotContain(SECRET);
        for (int i = 0; i + 8 <= SECRET.length(); i++) {
            assertThat(text).as("an 8-character piece of the secret").doesNotContain(SECRET.substring(i, i + 8));
        }
        List<JsonNode> events = text.lines().map(AuditTrailLiveTest::parse).toList();
        assertThat(events).hasSize(3);

        JsonNode redaction = events.get(0);
        assertThat(redaction.get("event").asText()).isEqualTo(redacted.headers().firstValue("x-airlock-event-id").orElseThrow());
        assertThat(redaction.get("action").asText()).isEqualTo("redact");
        assertThat(redaction.get("route").asText()).isEqualTo("openai");
        assertThat(redaction.get("provider").asText()).isEqualTo("openai");
        assertThat(redaction.get("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(redaction.get("client").asText()).isEqualTo("127.0.0.1");
        JsonNode finding = redaction.get("findings").get(0);
        assertThat(finding.get("rule").asText()).isEqualTo("github-pat");
        assertThat(finding.get("location").asText()).startsWith("messages[0].content");
        assertThat(finding.get("pointer").asText()).isEqualTo("/messages/0/content");
        assertThat(finding.get("length").asInt()).isEqualTo(SECRET.length());
        assertThat(finding.get("fingerprint").asText()).isEqualTo(redactor.fingerprint(SECRET));

        JsonNode block = events.get(1);
        assertThat(block.get("event").asText()).isEqualTo(blocked.headers().firstValue("x-airlock-event-id").orElseThrow());
        assertThat(block.get("action").asText()).isEqualTo("block");
        assertThat(block.get("status").asInt()).isEqualTo(400);
        assertThat(block.get("path").asText()).startsWith("{withheld");

        JsonNode skipped = events.get(2);
        assertThat(skipped.get("kind").asText()).isEqualTo("unscanned");
        assertThat(skipped.get("unscanned").asText()).isEqualTo("content_type");
        assertThat(skipped.get("status").asInt()).isEqualTo(415);

        AuditVerifier.Report report = new AuditVerifier(key).verify(List.of(file));
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(3);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: a line of the audit trail", e);
        }
    }
}
