package dev.airlock.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.testing.Credentials;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact configured values, found wherever and however they occur, with nothing but hashes kept. */
class KnownSecretsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aPlainValueNoRuleKnowsIsFoundInAnyContext() {
        String password = "correct horse " + Credentials.random(RANDOM, Credentials.BASE62, 6);
        Detector plain = Detector.builtIn();
        Detector withKnown = plain.withKnownSecrets(KnownSecrets.of(List.of(password)));
        for (String text : List.of(password, "pw: " + password + "\n", "{\"v\":\"" + password + "\"}",
                "x" + password + "y")) {
            List<Finding> found = withKnown.scan(text);
            assertThat(found).as(text).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo(KnownSecrets.RULE_ID);
                assertThat(text.substring(f.start(), f.end())).isEqualTo(password);
            });
        }
        assertThat(plain.scan("pw: " + password)).isEmpty();
    }

    @Test
    void everyOccurrenceIsFoundAndOverlapsWithRulesAreNamedByTheKnownValue() {
        String token = Credentials.githubToken(RANDOM);
        Detector d = Detector.builtIn().withKnownSecrets(KnownSecrets.of(List.of(token)));
        List<Finding> found = d.scan(token + " and again " + token);
        assertThat(found).hasSize(2).allSatisfy(f -> assertThat(f.ruleId()).isEqualTo(KnownSecrets.RULE_ID));
    }

    @Test
    void anEncodedCopyIsFoundToo() {
        String value = "s3cr3t-" + Credentials.random(RANDOM, Credentials.BASE62, 20);
        Detector d = Detector.builtIn().withKnownSecrets(KnownSecrets.of(List.of(value)));
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(d.scan("config: " + encoded)).extracting(Finding::ruleId).contains(KnownSecrets.RULE_ID);
    }

    @Test
    void shortBlankAndRepeatedValuesAreLeftOutAndNearMissesAreNotFound() {
        String value = Credentials.random(RANDOM, Credentials.BASE62, 24);
        KnownSecrets k = KnownSecrets.of(List.of("short", "        ", value, value));
        assertThat(k.size()).isEqualTo(1);
        assertThat(k.toString()).doesNotContain(value);
        Detector d = Detector.builtIn().withKnownSecrets(k);
        assertThat(d.scan(value.substring(0, 23))).isEmpty();
        assertThat(d.scan(value.substring(0, 12) + "#" + value.substring(13))).isEmpty();
        assertThat(d.scan("short")).isEmpty();
    }

    @Test
    void manyValuesSharingAPrefixAreToldApart() {
        String common = "PREFIX00";
        List<String> values = List.of(common + "aaaaaaaa", common + "bbbbbbbbbbbb", common + "c");
        Detector d = Detector.builtIn().withKnownSecrets(KnownSecrets.of(values));
        assertThat(d.scan("x " + values.get(1) + " y")).singleElement()
                .satisfies(f -> assertThat(f.length()).isEqualTo(values.get(1).length()));
        assertThat(d.scan("x " + common + "zzzz y")).isEmpty();
    }
}
