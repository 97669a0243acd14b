package dev.airlock.proxy.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each request's placeholders → secrets: collected while it is inspected, given to its answer only, kept nowhere else. */
class PlaceholderVaultTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final PlaceholderVault vault = new PlaceholderVault();
    private final Redactor redactor = new Redactor(Credentials.randomKey()).withListener(vault);

    @Test
    void whatARequestWasRedactedIntoIsWhatItsAnswerMayRestore() {
        String token = Credentials.githubToken(RANDOM);
        String text = "deploy with " + token;
        Map<String, String> made = new HashMap<>();
        String redacted = PlaceholderVault.recording(made, () -> redactor.redact(text, Detector.builtIn().scan(text)));
        String placeholder = redacted.substring("deploy with ".length());

        Placeholders answer = vault.only(made);
        assertThat(answer.secretFor(placeholder)).isEqualTo(token);
        assertThat(answer.secretFor("[REDACTED:github-pat:00000000]")).isNull();
        assertThat(answer.isEmpty()).isFalse();
        assertThat(answer.toString()).doesNotContain(token);
        assertThat(vault.toString()).doesNotContain(token);
    }

    @Test
    void aPlaceholderMadeOutsideARequestIsKeptNowhere() {
        String token = Credentials.githubToken(RANDOM);
        String placeholder = redactor.placeholder("github-pat", token);
        Map<String, String> made = new HashMap<>();
        PlaceholderVault.recording(made, () -> redactor.placeholder("github-pat", Credentials.githubToken(RANDOM)));
        assertThat(made).hasSize(1).doesNotContainKey(placeholder);
        assertThat(vault.only(made).secretFor(placeholder)).as("another request's secret").isNull();
    }

    @Test
    void onlyTheProperStartOfAKnownPlaceholderIsWorthHolding() {
        Map<String, String> made = new HashMap<>();
        String placeholder = PlaceholderVault.recording(made,
                () -> redactor.placeholder("github-pat", Credentials.githubToken(RANDOM)));
        Placeholders answer = vault.only(made);
        for (int i = 1; i < placeholder.length(); i++) {
            assertThat(answer.startsAPlaceholder("xy" + placeholder.substring(0, i), 2)).as("%d characters", i).isTrue();
        }
        assertThat(answer.startsAPlaceholder(placeholder, 0)).as("whole").isFalse();
        assertThat(answer.startsAPlaceholder("[x", 0)).isFalse();
        assertThat(answer.startsAPlaceholder("[REDACTED:aws", 0)).isFalse();
        assertThat(answer.startsAPlaceholder("[REDACTED:github-pat:" + "0".repeat(40), 0)).isFalse();
    }

    @Test
    void switchedOffNoAnswerRestoresAnything() {
        Map<String, String> made = new HashMap<>();
        String token = Credentials.githubToken(RANDOM);
        String placeholder = PlaceholderVault.recording(made, () -> redactor.placeholder("github-pat", token));
        vault.enable(false);
        assertThat(vault.only(made).secretFor(placeholder)).isNull();
        assertThat(vault.only(made).isEmpty()).isTrue();
        vault.enable(true);
        assertThat(vault.only(made).secretFor(placeholder)).isEqualTo(token);
    }
}
