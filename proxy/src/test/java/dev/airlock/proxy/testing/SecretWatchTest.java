package dev.airlock.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretWatchTest {

    private final String token = Credentials.githubToken(new Random());
    private final Set<String> pieces = SecretWatch.pieces(Set.of(token));

    @Test
    void findsAnyEightCharacterPieceInAnyForm() {
        assertThat(SecretWatch.pieceAt("rule github-pat at messages[0].content", pieces)).isEqualTo(-1);
        assertThat(SecretWatch.pieceAt("value was " + token.substring(10, 18) + " ok", pieces)).isEqualTo(10);
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        assertThat(SecretWatch.pieceAt(Base64.getEncoder().encodeToString(bytes), pieces)).isZero();
        assertThat(SecretWatch.pieceAt("0x" + HexFormat.of().formatHex(bytes).substring(20, 36), pieces)).isEqualTo(2);
    }

    @Test
    void airlocksOwnLogIdentifiersAreNotCheckedButTheSameHexElsewhereIs() {
        String hex = HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        assertThat(SecretWatch.pieceAt(SecretWatch.withoutOwnIds("[" + hex + "] redact POST openai event=00" + hex),
                pieces)).isEqualTo(-1);
        assertThat(SecretWatch.pieceAt(SecretWatch.withoutOwnIds("[0a1b2c3d] value " + hex), pieces)).isEqualTo(17);
    }

    @Test
    void sevenCharactersAreNotAPiece() {
        assertThat(SecretWatch.pieceAt(token.substring(4, 11), pieces)).isEqualTo(-1);
    }

    @Test
    void generatedCredentialsAreRecorded() {
        assertThat(Credentials.issued()).contains(token);
    }
}
