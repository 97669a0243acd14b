package dev.airlock.proxy.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The placeholder → secret map: filled by the redactor, bounded in time and entries, never showing a secret. */
class PlaceholderVaultTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    private final PlaceholderVault vault = new PlaceholderVault(Duration.ofMinutes(10), 3, nanos::get);
    private final Redactor redactor = new Redactor(Credentials.randomKey()).withListener(vault);

    @Test
    void everyPlaceholderTheRedactorMakesCanBeLookedUp() {
        String token = Credentials.githubToken(RANDOM);
        String text = "deploy with " + token;
        String redacted = redactor.redact(text, Detector.builtIn().scan(text));
        String placeholder = redacted.substring("deploy with ".length());

        assertThat(vault.secretFor(placeholder)).isEqualTo(token);
        assertThat(vault.secretFor("[REDACTED:github-pat:00000000]")).isNull();
        assertThat(vault.isEmpty()).isFalse();
        assertThat(vault.toString()).isEqualTo("PlaceholderVault[1 entries]").doesNotContain(token);
    }

    @Test
    void anEntryLivesItsTimeFromTheLastRedactionThatCarriedIt() {
        String token = Credentials.githubToken(RANDOM);
        String placeholder = redactor.placeholder("github-pat", token);
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        redactor.placeholder("github-pat", token);
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(vault.secretFor(placeholder)).as("renewed at minute 9").isEqualTo(token);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(vault.secretFor(placeholder)).as("10 minutes after the last redaction").isNull();
        assertThat(vault.isEmpty()).isTrue();
        assertThat(vault.startsAPlaceholder("[RED", 0)).isFalse();
    }

    @Test
    void theLeastRecentlyRedactedGoFirstWhenFull() {
        List<String> tokens = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.add(Credentials.githubToken(RANDOM));
            placeholders.add(redactor.placeholder("github-pat", tokens.get(i)));
            if (i == 2) {
                redactor.placeholder("github-pat", tokens.get(0)); // used again: the second one is now the eldest
            }
        }
        assertThat(vault.size()).isEqualTo(3);
        assertThat(vault.secretFor(placeholders.get(1))).isNull();
        assertThat(vault.secretFor(placeholders.get(0))).isEqualTo(tokens.get(0));
        assertThat(vault.secretFor(placeholders.get(2))).isEqualTo(tokens.get(2));
        assertThat(vault.secretFor(placeholders.get(3))).isEqualTo(tokens.get(3));
    }

    @Test
    void onlyTheProperStartOfAKnownPlaceholderIsWorthHolding() {
        String placeholder = redactor.placeholder("github-pat", Credentials.githubToken(RANDOM));
        for (int i = 1; i < placeholder.length(); i++) {
            assertThat(vault.startsAPlaceholder("xy" + placeholder.substring(0, i), 2)).as("%d characters", i).isTrue();
        }
        assertThat(vault.startsAPlaceholder(placeholder, 0)).as("whole").isFalse();
        assertThat(vault.startsAPlaceholder("[x", 0)).isFalse();
        assertThat(vault.startsAPlaceholder("[REDACTED:aws", 0)).isFalse();
        assertThat(vault.startsAPlaceholder("[REDACTED:github-pat:" + "0".repeat(40), 0)).isFalse();
    }

    @Test
    void switchedOffItDropsWhatItHoldsAndKeepsNothingNew() {
        String placeholder = redactor.placeholder("github-pat", Credentials.githubToken(RANDOM));
        vault.enable(false);
        assertThat(vault.secretFor(placeholder)).isNull();
        redactor.placeholder("github-pat", Credentials.githubToken(RANDOM));
        assertThat(vault.isEmpty()).isTrue();
        vault.enable(true);
        String token = Credentials.githubToken(RANDOM);
        assertThat(vault.secretFor(redactor.placeholder("github-pat", token))).isEqualTo(token);
    }

    @Test
    void itNeedsATimeLimitAndRoom() {
        assertThatThrownBy(() -> new PlaceholderVault(Duration.ZERO, 1, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlaceholderVault(Duration.ofHours(1), 0, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
