package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.AuditConfig;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.audit.AuditTrail;
import dev.airlock.proxy.testing.Responder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model that streams a credential back: the client gets the stream untouched (recording never holds it back),
 * and the finding is counted and audited as a response finding.
 */
class ResponseScanningLiveTest extends LiveTrafficTest {

    private static final String FINDING = "airlock_response_findings_total{rule=\"github-pat\"} 1.0";

    @Test
    void aCredentialInAStreamedAnswerIsRecordedWhileTheStreamPassesUntouched() throws Exception {
        String leaked = Credentials.githubToken(new SecureRandom());
        List<String> events = List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"use " + leaked.substring(0, 9) + "\"}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + leaked.substring(9) + " here\"}}]}",
                "data: [DONE]");
        fake.respond(Responder.sse(events));
        byte[] key = Credentials.randomKey();
        Redactor redactor = new Redactor(key);
        Path file = dir.resolve("audit-response-" + System.nanoTime() + ".jsonl");
        AuditLog trail = AuditTrail.open(new AuditConfig(file, AuditConfig.DEFAULT_ROTATE_BYTES,
                AuditConfig.DEFAULT_ROTATE_AGE, 3, false), key);
        HttpResponse<String> answer;
        String scrape;
        try (RunningAirlock airlock = RunningAirlock.start(RunningAirlock.configFor(fake.baseUrl(), caPem),
                RunningAirlock.ca(), redactor, trail)) {
            answer = LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions",
                    "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            // The scan is recorded just after the last piece is written, so the client may be a moment ahead of it.
            long deadline = System.nanoTime() + LiveTraffic.WAIT.toNanos();
            while (!(scrape = airlock.scrape()).contains(FINDING) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            trail.close();
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(leaked.substring(0, 9)).contains(leaked.substring(9));
        assertThat(scrape).contains(FINDING);

        List<String> lines = Files.readAllLines(file, UTF_8);
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.get(0));
        assertThat(event.get("kind").asText()).isEqualTo("response");
        assertThat(event.get("action").asText()).isEqualTo("audit");
        assertThat(event.get("findings").get(0).get("fingerprint").asText()).isEqualTo(redactor.fingerprint(leaked));
        assertThat(String.join("\n", lines)).doesNotContain(leaked.substring(4, 12));
    }
}
