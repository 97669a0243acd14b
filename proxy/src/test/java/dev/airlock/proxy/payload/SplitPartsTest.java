package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A credential cut in two across sibling parts of one message is found at the seam and blocks (never redacted). */
class SplitPartsTest {

    private static final Detector DETECTOR = Detector.builtIn();

    private final JsonRedaction redaction = new JsonRedaction(DETECTOR, new Redactor(Credentials.randomKey()));
    private final String token = Credentials.githubToken(new Random());
    private final String left = token.substring(0, 17);
    private final String right = token.substring(17);

    private RedactionResult redact(String json) throws PayloadException {
        return redaction.redact(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anthropicTextBlocksSplitMidToken() throws PayloadException {
        RedactionResult r = redact("{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"my token is " + left + "\"},"
                + "{\"type\":\"text\",\"text\":\"" + right + " thanks\"}]}]}");

        assertThat(r.findings()).filteredOn(JsonFinding::split).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("github-pat");
            assertThat(f.unredactable()).isTrue();
            assertThat(f.pointer()).isEqualTo("/messages/0/content/1/text");
            assertThat(f.end()).isEqualTo(right.length());
        });
        // "my token is <half>" may also read as a token given in a sentence (when the random half has a digit): if
        // so, the first half is that finding and nothing else is.
        assertThat(r.findings()).filteredOn(f -> !f.split()).allSatisfy(f -> {
            assertThat(f.pointer()).isEqualTo("/messages/0/content/0/text");
            assertThat(f.end() - f.start()).isEqualTo(left.length());
        });
        assertThat(r.hasUnredactable()).isTrue();
    }

    @Test
    void aValueCutInTwoStillCountsAcrossTheSeamThoughItsFirstHalfIsFoundAlone() throws PayloadException {
        String password = Credentials.issued(Credentials.random(new Random(), Credentials.BASE62, 24));
        RedactionResult r = redact("{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"DB_PASSWORD=" + password.substring(0, 12) + "\"},"
                + "{\"type\":\"text\",\"text\":\"" + password.substring(12) + "\"}]}]}");

        assertThat(r.findings()).filteredOn(JsonFinding::split).singleElement().satisfies(f -> {
            assertThat(f.unredactable()).isTrue();
            assertThat(f.pointer()).isEqualTo("/messages/0/content/1/text");
            assertThat(f.end()).isEqualTo(12);
        });
        assertThat(r.hasUnredactable()).isTrue();
    }

    @Test
    void aCredentialEndingAPartIsNotGluedToTheNextPartsFirstWord() throws PayloadException {
        RedactionResult r = redact("{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"my token is " + token + "\"},"
                + "{\"type\":\"text\",\"text\":\"ok thanks\"}]}]}");

        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("github-pat");
            assertThat(f.split()).isFalse();
            assertThat(f.pointer()).isEqualTo("/messages/0/content/0/text");
        });
        assertThat(r.hasUnredactable()).isFalse();
    }

    @Test
    void geminiPartsAndPlainStringArraysToo() throws PayloadException {
        RedactionResult gemini = redact("{\"contents\":[{\"parts\":[{\"text\":\"" + left + "\"},{\"text\":\"" + right
                + "\"}]}]}");
        assertThat(gemini.findings()).singleElement().satisfies(f -> assertThat(f.pointer())
                .isEqualTo("/contents/0/parts/1/text"));

        RedactionResult strings = redact("{\"input\":[\"" + left + "\",\"" + right + "\"]}");
        assertThat(strings.findings()).singleElement().satisfies(f -> assertThat(f.pointer()).isEqualTo("/input/1"));
    }

    @Test
    void halvesThatAreNotSiblingPartsAreNotJoined() throws PayloadException {
        // different arrays, a part in between, and different fields
        assertThat(redact("{\"a\":[\"" + left + "\"],\"b\":[\"" + right + "\"]}").findings()).isEmpty();
        assertThat(redact("{\"a\":[\"" + left + "\",\"middle\",\"" + right + "\"]}").findings()).isEmpty();
        assertThat(redact("{\"a\":[{\"x\":\"" + left + "\"},{\"y\":\"" + right + "\"}]}").findings()).isEmpty();
    }

    @Test
    void aWholeCredentialInOnePartIsRedactedNotReportedTwice() throws PayloadException {
        RedactionResult r = redact("{\"content\":[{\"type\":\"text\",\"text\":\"see\"},{\"type\":\"text\",\"text\":\""
                + token + "\"}]}");
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.split()).isFalse());
        assertThat(r.changed()).isTrue();
    }
}
