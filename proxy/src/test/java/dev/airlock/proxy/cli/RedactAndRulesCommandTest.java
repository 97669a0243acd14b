package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.testing.Credentials;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactAndRulesCommandTest {

    @TempDir
    Path home;

    private final Random random = new Random();

    @Test
    void redactReplacesSecretsAndIsIdempotent() {
        String token = Credentials.githubToken(random);
        String input = "line one\nGITHUB_TOKEN=" + token + "\nünïcödé stays\n";
        CliRunner.Result once = CliRunner.runWithInput(home, input, "redact");
        assertThat(once.exit()).isZero();
        assertThat(once.out()).doesNotContain(token).contains("GITHUB_TOKEN=[REDACTED:github-pat:")
                .startsWith("line one\n").endsWith("ünïcödé stays\n");
        CliRunner.Result twice = CliRunner.runWithInput(home, once.out(), "redact");
        assertThat(twice.out()).isEqualTo(once.out());
    }

    @Test
    void redactJsonKeepsTheDocumentValidAndOtherBytesIdentical() throws Exception {
        String token = Credentials.githubToken(random);
        String input = "{ \"model\" : \"m\",\n  \"messages\": [{\"role\":\"user\",\"content\":\"use \\\"" + token
                + "\\\" please\"}], \"n\": 1.50 }";
        CliRunner.Result r = CliRunner.runWithInput(home, input, "redact", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain(token).startsWith("{ \"model\" : \"m\",\n  \"messages\"")
                .endsWith("please\"}], \"n\": 1.50 }");
        assertThat(new ObjectMapper().readTree(r.out()).at("/messages/0/content").asText())
                .startsWith("use \"[REDACTED:github-pat:");
    }

    @Test
    void redactJsonRejectsInvalidJsonWithAReason() {
        CliRunner.Result r = CliRunner.runWithInput(home, "{\"a\": 1,}", "redact", "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("airlock redact:").contains("line 1");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void redactRefusesBinaryInput() {
        CliRunner.Result r = CliRunner.runWithInput(home, "PNG\0\0\0data " + Credentials.githubToken(random), "redact");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("binary input (expected text or JSON)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void redactOfAMissingFileIsAnError() {
        CliRunner.Result r = CliRunner.run(home, "redact", home.resolve("missing.txt").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("airlock redact: ").contains("missing.txt: no such file or directory");
    }

    @Test
    void rulesListsThePack() {
        CliRunner.Result r = CliRunner.run(home, "rules");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("github-pat").contains("shape: ghp_<b62:36>").containsPattern("\\d{3} rules");
    }

    @Test
    void versionAndHelp() {
        assertThat(CliRunner.run(home, "--version").out()).startsWith("airlock 0.");
        CliRunner.Result help = CliRunner.run(home, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("scan").contains("redact").contains("rules");
    }
}
