package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .airlockignore} and {@code airlock:allow} in {@code airlock scan}: accepted findings pass and are counted, keyed
 * fingerprints are per install, places are portable, and a broken ignore file is an error.
 */
class AirlockIgnoreScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path home;
    @TempDir
    Path otherHome;

    private final Random random = new Random();
    private String token;
    private Path file;

    @BeforeEach
    void plant() throws Exception {
        token = Credentials.githubToken(random);
        file = Files.createDirectories(dir.resolve("test")).resolve("fixture.env");
        Files.writeString(file, "# fixture\nGITHUB_TOKEN=" + token + "\n");
    }

    private CliRunner.Result scan(Path installHome, String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "scan";
        args[1] = "--repo";
        args[2] = dir.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 1] = dir.toString();
        return CliRunner.run(installHome, args);
    }

    private JsonNode finding() throws Exception {
        return JSON.readTree(scan(home, "--format", "json").out()).at("/findings/0");
    }

    @Test
    void aKeyedFingerprintIsAcceptedOnItsOwnInstallOnly() throws Exception {
        String fingerprint = finding().get("fingerprint").asText();
        assertThat(fingerprint).isEqualTo(new Redactor(Files.readAllBytes(home.resolve("install.key"))).fingerprint(token));
        Files.writeString(dir.resolve(".airlockignore"), "# accepted\n" + fingerprint + "  # fixture\n");

        CliRunner.Result mine = scan(home);
        assertThat(mine.exit()).as(mine.out()).isZero();
        assertThat(mine.out()).contains("0 findings, 1 accepted (1 by .airlockignore)");
        assertThat(scan(otherHome).exit()).as("another install computes another fingerprint").isEqualTo(1);
    }

    @Test
    void aPlaceIsAcceptedOnEveryInstallAndNotForOtherLines() throws Exception {
        String place = finding().get("place").asText();
        Files.writeString(dir.resolve(".airlockignore"), place + "\n");
        assertThat(scan(home).exit()).isZero();
        assertThat(scan(otherHome).exit()).isZero();

        Files.writeString(file, "# fixture\n    GITHUB_TOKEN=" + Credentials.githubToken(random) + "   \n");
        assertThat(scan(home).exit()).as("indentation and a new value at the same place stay accepted").isZero();
        Files.writeString(file, "# fixture\nOTHER_TOKEN=" + token + "\n");
        assertThat(scan(home).exit()).as("another line is another place").isEqualTo(1);
    }

    @Test
    void placesDoNotHoldTheSecret() throws Exception {
        String place = finding().get("place").asText();
        String other = Credentials.githubToken(random);
        Files.writeString(file, "# fixture\nGITHUB_TOKEN=" + other + "\n");
        assertThat(finding().get("place").asText()).as("the value is cut out before hashing").isEqualTo(place);
    }

    @Test
    void anInlineCommentAcceptsTheFindingsOfItsLine() throws Exception {
        String second = Credentials.githubToken(random);
        Files.writeString(file, "GITHUB_TOKEN=" + token + "  # airlock:allow test fixture\nREAL=" + second + "\n");
        CliRunner.Result r = scan(home, "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("findings")).hasSize(1);
        assertThat(out.at("/findings/0/line").asInt()).isEqualTo(2);
        assertThat(out.at("/accepted/0/acceptedBy").asText()).isEqualTo("inline");
        assertThat(out.at("/accepted/0/line").asInt()).isEqualTo(1);
    }

    @Test
    void theConfigurationsAllowListAcceptsInScansAsInPrompts() throws Exception {
        String fingerprint = finding().get("fingerprint").asText();
        Path config = Files.writeString(dir.resolve("airlock.yaml"), "policy:\n  allow: [" + fingerprint + "]\n");
        assertThat(scan(home, "--config", config.toString()).exit()).isZero();
    }

    @Test
    void aBrokenIgnoreFileIsAnErrorNamingItsLinesWithoutEchoingThem() throws Exception {
        Files.writeString(dir.resolve(".airlockignore"), "# ok\n0123456789abcdef\n" + token + "\n");
        CliRunner.Result r = scan(home);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("airlock scan: " + dir.resolve(".airlockignore") + ": 1 problem")
                .contains("line 3: not a fingerprint").doesNotContain(token);
        CliRunner.Result missing = scan(home, "--ignore-file", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the file");
    }
}
