package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocatedTest {

    /** The preview helps recognise a secret, never narrows it down: at most a quarter of it, at most eight shown. */
    @Test
    void maskShowsAtMostAQuarterOfTheSecret() {
        for (int n = 1; n <= 200; n++) {
            StringBuilder secret = new StringBuilder();
            for (int i = 0; i < n; i++) {
                secret.append((char) ('A' + i % 26));
            }
            String mask = Located.mask(secret);
            long shown = mask.chars().filter(Character::isUpperCase).count();
            assertThat(shown).as("length %d: %s", n, mask).isLessThanOrEqualTo(Math.min(8, n / 4));
        }
        assertThat(Located.mask("ghp_" + "x".repeat(32) + "a1B2")).isEqualTo("ghp_…a1B2");
        assertThat(Located.mask("Sunshine2024!!")).isEqualTo("Su…(14)");
    }
}
