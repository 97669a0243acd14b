package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.testing.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @TempDir
    Path dir;
    @TempDir
    Path home;

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void customRulesFindWhatTheBuiltInPackCannot() throws IOException {
        Path config = write("airlock.yaml", """
                rules:
                  custom:
                    - id: acme-internal-key
                      pattern: 'acmeint_([a-z0-9]{24})'
                      keywords: [acmeint_]
                      entropy: 3
                """);
        String body = Credentials.random(new Random(), "abcdefghijklmnopqrstuvwxyz0123456789", 24);
        Path file = write("notes.txt", "deploy with acmeint_" + body + " today\n");
        assertThat(CliRunner.run(home, "scan", file.toString()).exit()).isZero();
        CliRunner.Result r = CliRunner.run(home, "scan", "--config", config.toString(), file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(":1:21  acme-internal-key");
        CliRunner.Result redacted = CliRunner.run(home, "redact", "--config", config.toString(), file.toString());
        assertThat(redacted.out()).startsWith("deploy with acmeint_[REDACTED:acme-internal-key:").doesNotContain(body);
    }

    @Test
    void unanchoredCustomRulesRunOverTheWholeText() throws IOException {
        Path config = write("a.yaml", "rules:\n  custom:\n    - id: employee-id\n      pattern: 'EMP-[0-9]{6}'\n");
        Path file = write("n.txt", "owner EMP-123456\n");
        CliRunner.Result r = CliRunner.run(home, "scan", "--config", config.toString(), "--format", "json", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("\"rule\":\"employee-id\"").contains("\"start\":6").contains("\"end\":16");
    }

    @Test
    void checkAcceptsAValidFile() throws IOException {
        Path config = write("ok.yaml", "rules:\n  custom: []\n");
        CliRunner.Result r = CliRunner.run(home, "config", "check", config.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("ok.yaml: ok");
    }

    @Test
    void checkAndScanReportEveryProblemAndRefuseToRun() throws IOException {
        Path config = write("bad.yaml", """
                rules:
                  custom:
                    - id: github-pat
                      pattern: 'x+'
                    - id: broken
                      pattern: '(unclosed'
                """);
        CliRunner.Result check = CliRunner.run(home, "config", "check", config.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains("line 6: rules.custom[1].pattern: not a valid RE2 pattern");
        Path good = write("good.yaml", "rules:\n  custom:\n    - id: github-pat\n      pattern: 'x+'\n");
        CliRunner.Result clash = CliRunner.run(home, "config", "check", good.toString());
        assertThat(clash.exit()).isEqualTo(2);
        assertThat(clash.err()).contains("rules.custom[0].id: \"github-pat\" is a built-in rule");
        CliRunner.Result scan = CliRunner.run(home, "scan", "--config", config.toString(), dir.toString());
        assertThat(scan.exit()).isEqualTo(2);
        assertThat(scan.out()).isEmpty();
    }
}
