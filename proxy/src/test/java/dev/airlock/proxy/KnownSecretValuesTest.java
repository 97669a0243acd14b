package dev.airlock.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What counts as a value in a known-secrets file. */
class KnownSecretValuesTest {

    @Test
    void envLinesGiveTheirValuesAndOtherLinesAreValuesThemselves() {
        assertThat(KnownSecretValues.valuesIn(List.of("# comment", "", "export TOKEN=\"abc def # kept\" # dropped",
                "KEY='Xyz-Secret-1'", "PLAIN=Value=with=Equals", "A-Whole-Line-Secret", "  spaced.name=V1ab2Cd3  ",
                "API_KEY=Sk9Q2pL7 # prod"))).containsExactly(
                "abc def # kept", "Xyz-Secret-1", "Value=with=Equals", "A-Whole-Line-Secret", "V1ab2Cd3", "Sk9Q2pL7");
    }

    /** A file saved with a byte order mark (Windows editors) keeps its first value. */
    @Test
    void aByteOrderMarkIsNoPartOfTheFirstLine() {
        assertThat(KnownSecretValues.valuesIn(List.of("\uFEFFAPI_TOKEN=Qx7-first-Value", "SECOND=Zz9-second-Value")))
                .containsExactly("Qx7-first-Value", "Zz9-second-Value");
        assertThat(KnownSecretValues.valuesIn(List.of("\uFEFFWhole-Line-Secret-9"))).containsExactly("Whole-Line-Secret-9");
    }

    @Test
    void everydaySettingsAreNotSecrets() {
        assertThat(KnownSecretValues.valuesIn(List.of("DB_HOST=localhost", "NODE_ENV=production", "DB_USER=postgres",
                "AWS_REGION=us-east-1", "DATA=/var/lib/app", "PORT=8080"))).isEmpty();
    }
}
