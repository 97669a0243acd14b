package dev.airlock.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What counts as a value in a known-secrets file. */
class KnownSecretValuesTest {

    @Test
    void envLinesGiveTheirValuesAndOtherLinesAreValuesThemselves() {
        assertThat(KnownSecretValues.valuesIn(List.of("# comment", "", "export TOKEN=\"abc def\"", "KEY='xyz'",
                "PLAIN=value=with=equals", "a-whole-line-secret", "  spaced.name=v1  "))).containsExactly(
                "abc def", "xyz", "value=with=equals", "a-whole-line-secret", "v1");
    }
}
