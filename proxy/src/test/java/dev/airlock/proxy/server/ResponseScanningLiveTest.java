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
            // The scan finishes just after the last piece was written: the client may have it first.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            do {
                scrape = airlock.scrape();
            } while (!scrape.contains("airlock_response_findings_total{") && System.nanoTime() < deadline
                    && sleep());
        } finally {
            trail.close();
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(leaked.substring(0, 9)).contains(leaked.substring(9));
        assertThat(scrape).contains("airlock_response_findings_total{rule=\"github-pat\"} 1.0");

        List<String> lines = Files.readAllLines(file, UTF_8);
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.get(0));
        assertThat(event.get("kind").asText()).isEqualTo("response");
        assertThat(event.get("action").asText()).isEqualTo("audit");
        assertThat(event.get("findings").get(0).get("fingerprint").asText()).isEqualTo(redactor.fingerprint(leaked));
        assertThat(String.join("\n", lines)).doesNotContain(leaked.substring(4, 12));
    }

    private static boolean sleep() {
        try {
            Thread.sleep(10);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aSecretPrintingCallInAnAnswerMakesItsOutputInTheClientsNextRequestASecret() throws Exception {
        // A Responses client that continues with previous_response_id sends the command's output without the call.
        String password = Credentials.random(new SecureRandom(), "abcdefghijkmnopqrstuvwxyz", 7)
                + Credentials.random(new SecureRandom(), "23456789", 2) + "Q";
        fake.respond(Responder.sse(ModelTurns.numbered(ModelTurns.responsesCall(0, "exec_command",
                List.of("{\"cmd\":\"op read op://Private/", "db/password\"}")))));
        String next = "{\"model\":\"gpt-5\",\"previous_response_id\":\"resp_0fabc13af1ee0049006a691dfdab8881\","
                + "\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"call_LabG58Uhrq9kZvR52BYKjToD\","
                + "\"output\":\"" + password + "\\n\"}],\"stream\":true}";
        try (RunningAirlock airlock = RunningAirlock.start(fake, caPem)) {
            LiveTraffic.post(airlock.base(), "/openai/v1/responses", "{\"model\":\"gpt-5\",\"stream\":true,"
                    + "\"input\":\"what is the db password?\"}");
            fake.takeRequest(LiveTraffic.WAIT);

            HttpResponse<String> other = LiveTraffic.HTTP.send(LiveTraffic.request(airlock.base(),
                    "/openai/v1/responses", next).setHeader("authorization", "Bearer sk-another-client").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(fake.takeRequest(LiveTraffic.WAIT).bodyText()).as("another client's request").contains(password);

            LiveTraffic.post(airlock.base(), "/openai/v1/responses", next);
            assertThat(fake.takeRequest(LiveTraffic.WAIT).bodyText()).doesNotContain(password).contains("[REDACTED:");
        }
    }
}
