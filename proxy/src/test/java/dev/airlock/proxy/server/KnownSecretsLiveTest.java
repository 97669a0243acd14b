package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.KnownSecretsConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.Detectors;
import dev.airlock.proxy.testing.Responder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values from a {@code .env} file configured as known secrets are redacted wherever a prompt holds them, even as
 * plain words no rule would flag, and a changed file takes effect on reload.
 */
class KnownSecretsLiveTest extends LiveTrafficTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aValueFromTheEnvFileIsRedactedInFreeTextAndAReloadPicksUpANewOne() throws Exception {
        String first = "summer-breeze-" + Credentials.random(RANDOM, "abcdefghijklmnopqrstuvwxyz", 6);
        String second = "autumn-leaves-" + Credentials.random(RANDOM, "abcdefghijklmnopqrstuvwxyz", 6);
        Path envFile = Files.writeString(dir.resolve("known-" + System.nanoTime() + ".env"),
                "# app secrets\nexport DB_PASSWORD=\"" + first + "\"\nPORT=8080\n", UTF_8);
        fake.respond(Responder.json(200, "{\"ok\":true}"));
        AirlockConfig base = RunningAirlock.configFor(fake.baseUrl(), caPem);
        AirlockConfig config = base.withRules(base.rules().withKnown(new KnownSecretsConfig(List.of(), List.of(envFile))));
        airlock = RunningAirlock.start(base);
        airlock.server().reload(config, Detectors.from(config, "test"));

        String prompt = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"the word is " + first
                + " and the port 8080\"}]}";
        assertThat(LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", prompt).statusCode()).isEqualTo(200);
        String forwarded = fake.takeRequest(LiveTraffic.WAIT).bodyText();
        assertThat(forwarded).doesNotContain(first).contains("[REDACTED:known-secret:").contains("8080");

        Files.writeString(envFile, "DB_PASSWORD=" + second + "\n", UTF_8);
        airlock.server().reload(config, Detectors.from(config, "test"));
        String next = prompt.replace(first, second);
        assertThat(LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", next).statusCode()).isEqualTo(200);
        assertThat(fake.takeRequest(LiveTraffic.WAIT).bodyText()).doesNotContain(second).contains("[REDACTED:known-secret:");
    }
}
