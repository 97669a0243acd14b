package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.testing.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path home;

    private final Random random = new Random();
    private String token;
    private String password;

    @BeforeEach
    void plant() throws IOException {
        token = Credentials.githubToken(random);
        password = Credentials.password(random);
        Files.writeString(dir.resolve("config.env"), "# settings\nGITHUB_TOKEN=" + token + "\nDEBUG=true\n");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/App.java"), "class App {\n    String dbPassword = \"" + password + "\";\n}\n");
        Files.writeString(dir.resolve("clean.txt"), "nothing to see here\n");
        byte[] binary = ("\0\0binary " + token).getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("image.bin"), binary);
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), "token = " + Credentials.githubToken(random) + "\n");
    }

    @Test
    void textReportShowsWhereAndWhichRuleButNeverTheSecret() {
        CliRunner.Result r = CliRunner.run(home, "scan", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(dir.resolve("config.env") + ":2:14  github-pat  ghp_…")
                .contains(dir.resolve("src/App.java") + ":2:26  generic-password")
                .contains("2 findings")
                .doesNotContain(token.substring(4, 30))
                .doesNotContain(password.substring(0, 8))
                .doesNotContain("image.bin").doesNotContain(".git");
    }

    @Test
    void jsonReportHasOffsetsIntoTheFileAndAFingerprint() throws IOException {
        Path file = dir.resolve("config.env");
        CliRunner.Result r = CliRunner.run(home, "scan", "--format", "json", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonNode f = JSON.readTree(r.out()).get("findings").get(0);
        String text = Files.readString(file);
        assertThat(text.substring(f.get("start").asInt(), f.get("end").asInt())).isEqualTo(token);
        assertThat(f.get("rule").asText()).isEqualTo("github-pat");
        assertThat(f.get("file").asText()).isEqualTo(file.toString());
        assertThat(f.get("line").asInt()).isEqualTo(2);
        assertThat(f.get("column").asInt()).isEqualTo(14);
        assertThat(f.get("fingerprint").asText()).matches("[0-9a-f]{16}");
        assertThat(r.out()).doesNotContain(token.substring(4, 30));
    }

    @Test
    void fingerprintsAreStablePerInstallAndDifferBetweenInstalls(@TempDir Path otherHome) throws IOException {
        String file = dir.resolve("config.env").toString();
        String first = JSON.readTree(CliRunner.run(home, "scan", "--format", "json", file).out())
                .at("/findings/0/fingerprint").asText();
        String again = JSON.readTree(CliRunner.run(home, "scan", "--format", "json", file).out())
                .at("/findings/0/fingerprint").asText();
        String other = JSON.readTree(CliRunner.run(otherHome, "scan", "--format", "json", file).out())
                .at("/findings/0/fingerprint").asText();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(Files.getPosixFilePermissions(home.resolve("install.key")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void sarifReportNamesRulesAndRegions() throws IOException {
        CliRunner.Result r = CliRunner.run(home, "scan", "--format", "sarif", dir.resolve("config.env").toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonNode sarif = JSON.readTree(r.out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = sarif.get("runs").get(0);
        JsonNode result = run.get("results").get(0);
        assertThat(result.get("ruleId").asText()).isEqualTo("github-pat");
        int index = result.get("ruleIndex").asInt();
        assertThat(run.at("/tool/driver/rules/" + index + "/id").asText()).isEqualTo("github-pat");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
        assertThat(result.at("/message/text").asText()).doesNotContain(token.substring(4, 30));
    }

    @Test
    void cleanInputExitsZero() {
        CliRunner.Result r = CliRunner.run(home, "scan", dir.resolve("clean.txt").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("0 findings");
    }

    @Test
    void standardInputIsScanned() {
        CliRunner.Result r = CliRunner.runWithInput(home, "export TOKEN=" + token + "\n", "scan", "-");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("-:1:14  github-pat");
    }

    @Test
    void oversizedFilesAreSkippedWithANotice() throws IOException {
        Path huge = dir.resolve("huge.log");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(ScanTarget.MAX_FILE_BYTES + 1); // sparse: nothing is written
        }
        CliRunner.Result r = CliRunner.run(home, "scan", huge.toString(), dir.resolve("clean.txt").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("huge.log: skipped, larger than 64 MiB");
    }

    @Test
    void missingPathIsAnErrorNamingIt() {
        CliRunner.Result r = CliRunner.run(home, "scan", dir.resolve("nope.txt").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope.txt: no such file or directory");
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRunner.Result r = CliRunner.run(home, "scan", "--format", "xml", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("xml").contains("text, json, sarif");
    }
}
