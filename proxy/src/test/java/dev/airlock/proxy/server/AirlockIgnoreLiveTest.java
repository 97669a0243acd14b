package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.metric;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.AllowConfig;
import dev.airlock.config.AuditConfig;
import dev.airlock.config.ConfigLoader;
import dev.airlock.config.Dialect;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.RouteConfig;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.audit.AuditTrail;
import dev.airlock.proxy.testing.Responder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The proxy side of {@code .airlockignore}: a finding whose keyed fingerprint is accepted — by {@code policy.allowFiles}
 * for every route, by {@code routes[].allow} for one — is forwarded unchanged, yet counted as
 * {@code airlock_findings_total{action="allowed"}} and audited; the same value elsewhere is still redacted.
 */
class AirlockIgnoreLiveTest extends LiveTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptedFingerprintsAreForwardedUnchangedCountedAndAuditedPerRoute() throws Exception {
        byte[] key = Credentials.randomKey();
        Redactor redactor = new Redactor(key);
        String everywhere = Credentials.githubToken(LiveTraffic.RANDOM);
        String openAiOnly = Credentials.githubToken(LiveTraffic.RANDOM);
        Path home = Files.createDirectories(dir.resolve("ignore-" + System.nanoTime()));
        Files.writeString(home.resolve(".airlockignore"), "# shared fixtures\n" + redactor.fingerprint(everywhere)
                + "  # github-pat test fixture\nplace:0123456789abcdef\n");
        PolicyConfig policy = ConfigLoader.load(Files.writeString(home.resolve("airlock.yaml"),
                "policy:\n  allowFiles: [.airlockignore]\n")).policy();
        AirlockConfig base = RunningAirlock.withPolicy(RunningAirlock.configFor(fake.baseUrl(), caPem), policy);
        List<RouteConfig> routes = base.routes().stream().map(r -> r.name().equals("openai")
                ? new RouteConfig(r.name(), r.upstream(), Dialect.OPENAI,
                        new AllowConfig(Set.of(redactor.fingerprint(openAiOnly)), List.of()))
                : r).toList();
        AirlockConfig config = new AirlockConfig(base.listen(), base.admin(), routes, base.upstream(), base.intercept(),
                base.policy(), base.limits(), base.timeouts(), base.audit(), base.rules(), base.access(),
                base.response(), base.websocket());
        Path file = home.resolve("audit.jsonl");
        AuditLog trail = AuditTrail.open(new AuditConfig(file, AuditConfig.DEFAULT_ROTATE_BYTES,
                AuditConfig.DEFAULT_ROTATE_AGE, 3, false), key);
        fake.respond(Responder.json(200, "{\"ok\":true}"));
        String scrape;
        try (RunningAirlock running = RunningAirlock.start(config, RunningAirlock.ca(), redactor, trail)) {
            assertThat(LiveTraffic.post(running.base(), "/openai/v1/chat/completions", body(everywhere)).statusCode())
                    .isEqualTo(200);
            assertThat(forwarded()).contains(everywhere);
            assertThat(LiveTraffic.post(running.base(), "/openai/v1/chat/completions", body(openAiOnly)).statusCode())
                    .isEqualTo(200);
            assertThat(forwarded()).contains(openAiOnly);
            assertThat(LiveTraffic.post(running.base(), "/anthropic/v1/messages", body(openAiOnly)).statusCode())
                    .isEqualTo(200);
            assertThat(forwarded()).doesNotContain(openAiOnly).contains(running.placeholder("github-pat", openAiOnly));
            scrape = running.scrape();
        } finally {
            trail.close();
        }
        assertThat(metric(scrape, "airlock_findings_total", Map.of("rule", "github-pat", "action", "allowed")))
                .isEqualTo(2.0);
        assertThat(metric(scrape, "airlock_findings_total", Map.of("rule", "github-pat", "action", "redact")))
                .isEqualTo(1.0);
        assertThat(scrape).doesNotContain(everywhere).doesNotContain(openAiOnly);

        List<JsonNode> events = Files.readString(file, UTF_8).lines().map(AirlockIgnoreLiveTest::parse).toList();
        assertThat(events).extracting(e -> e.at("/findings/0/action").asText())
                .containsExactly("allowed", "allowed", "redact");
        assertThat(events.get(0).at("/findings/0/fingerprint").asText()).isEqualTo(redactor.fingerprint(everywhere));
        assertThat(Files.readString(file, UTF_8)).doesNotContain(everywhere).doesNotContain(openAiOnly);
    }

    private static String body(String secret) {
        return "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"fixture " + secret
                + "\"}]}";
    }

    private String forwarded() {
        return new String(fake.takeRequest(Duration.ofSeconds(10)).body(), UTF_8);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: a line of the audit trail", e);
        }
    }
}
