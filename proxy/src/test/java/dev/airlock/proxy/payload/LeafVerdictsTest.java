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
        for (int again = 0; again < 2; again++) { // kept at the second sight, taken from the cache at the third
            RedactionResult r = redaction.redact(body.getBytes(StandardCharsets.UTF_8), rule -> true);
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(token)
                    .contains(redactor.placeholder("github-pat", token));
            assertThat(r.findings()).isEqualTo(first.findings());
        }
    }

    @Test
    void aLeafIsKeptTheSecondTimeAndUnderAnotherNameOrWithOneCharacterChangedIsScannedAfresh() {
        LeafVerdicts verdicts = new LeafVerdicts(DETECTOR);
        String value = Credentials.random(RANDOM, Credentials.BASE62, 300);
        assertThat(verdicts.scan("", null, value)).isEqualTo(DETECTOR.scan(value));
        assertThat(verdicts.size()).as("seen once: most large leaves are never sent again").isZero();
        assertThat(verdicts.scan("", null, value)).isEqualTo(DETECTOR.scan(value));
        assertThat(verdicts.size()).as("seen twice").isEqualTo(1);
        String changed = value.substring(0, 150) + "#" + value.substring(151);
        for (int twice = 0; twice < 2; twice++) {
            assertThat(verdicts.scan("", "content", value)).isEqualTo(DETECTOR.scanField("content", value));
            verdicts.scan("", null, changed);
            verdicts.scan("", null, "short");
        }
        assertThat(verdicts.size()).as("small leaves are not worth remembering").isEqualTo(3);
        verdicts.scan("authorization\0Bearer b\0", null, value);
        verdicts.scan("authorization\0Bearer b\0", null, value);
        assertThat(verdicts.size()).as("another client's leaves are its own").isEqualTo(4);
        verdicts.scan("authorization\0Bearer b\0", null, value);
        assertThat(verdicts.size()).isEqualTo(4);
    }

    /**
     * In a body that continues a conversation a verdict is kept at once: Claude Code moves its cache marker to the
     * newest message every turn, so the message before it changes and is read again the next turn.
     */
    @Test
    void aLeafOfAContinuedConversationIsKeptTheFirstTime() throws Exception {
        LeafVerdicts verdicts = new LeafVerdicts(DETECTOR);
        String value = Credentials.random(RANDOM, Credentials.BASE62, 300);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        assertThat(verdicts.of("", true).scan("text", value, bytes, 0, bytes.length))
                .isEqualTo(DETECTOR.scanField("text", value));
        assertThat(verdicts.size()).isEqualTo(1);
        assertThat(verdicts.of("", false).scan("text", value, bytes, 0, bytes.length))
                .isEqualTo(DETECTOR.scanField("text", value));
        assertThat(verdicts.size()).isEqualTo(1);
        String other = Credentials.random(RANDOM, Credentials.BASE62, 300);
        byte[] otherBytes = other.getBytes(StandardCharsets.UTF_8);
        verdicts.of("", false).scan("text", other, otherBytes, 0, otherBytes.length);
        assertThat(verdicts.size()).as("a body that continues nothing keeps it the second time").isEqualTo(1);
    }
}
