package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Verdicts on large leaves are reused across requests without changing what is redacted or how. */
class LeafVerdictsTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aResentHistoryIsRedactedExactlyAsBeforeFromTheCache() throws Exception {
        String token = Credentials.githubToken(RANDOM);
        String longText = "log line ".repeat(60) + " token " + token + " " + "more text ".repeat(40);
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}";
        Redactor redactor = new Redactor(Credentials.randomKey());
        JsonRedaction redaction = new JsonRedaction(DETECTOR, redactor);
        RedactionResult first = redaction.redact(body.getBytes(StandardCharsets.UTF_8), rule -> true);
        RedactionResult again = redaction.redact(body.getBytes(StandardCharsets.UTF_8), rule -> true);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).doesNotContain(token)
                .contains(redactor.placeholder("github-pat", token));
        assertThat(again.findings()).isEqualTo(first.findings());
    }

    @Test
    void theSameTextUnderAnotherNameOrWithOneCharacterChangedIsScannedAfresh() {
        LeafVerdicts verdicts = new LeafVerdicts(DETECTOR);
        String value = Credentials.random(RANDOM, Credentials.BASE62, 300);
        assertThat(verdicts.scan("", null, value)).isEqualTo(DETECTOR.scan(value));
        assertThat(verdicts.scan("", "content", value)).isEqualTo(DETECTOR.scanField("content", value));
        String changed = value.substring(0, 150) + "#" + value.substring(151);
        verdicts.scan("", null, changed);
        assertThat(verdicts.size()).isEqualTo(3);
        verdicts.scan("", null, "short");
        assertThat(verdicts.size()).as("small leaves are not worth remembering").isEqualTo(3);
        verdicts.scan("authorization\0Bearer b\0", null, value);
        assertThat(verdicts.size()).as("another client's leaves are its own").isEqualTo(4);
        verdicts.scan("authorization\0Bearer b\0", null, value);
        assertThat(verdicts.size()).isEqualTo(4);
    }
}
