package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.detector.testing.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validates {@code scan --format sarif} with Microsoft's SARIF multitool (schema plus the specification's
 * rules). {@code .ci/run} installs the tool from npm and names it in {@code AIRLOCK_SARIF_MULTITOOL}; without
 * it the test is skipped.
 */
class SarifValidationTest {

    @TempDir
    Path dir;
    @TempDir
    Path home;

    @Test
    void sarifOutputValidatesAgainstTheSpecification() throws IOException, InterruptedException {
        String tool = System.getenv("AIRLOCK_SARIF_MULTITOOL");
        assumeTrue(tool != null && Files.isExecutable(Path.of(tool)), "AIRLOCK_SARIF_MULTITOOL not set");
        Random random = new Random();
        Files.writeString(dir.resolve("a file.env"), "GITHUB_TOKEN=" + Credentials.githubToken(random) + "\n");
        Files.writeString(dir.resolve("b.py"), "x = 1\npassword = \"" + Credentials.password(random) + "\"\n");
        CliRunner.Result r = CliRunner.run(home, "scan", "--format", "sarif", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        Path sarif = Files.writeString(dir.resolve("out.sarif"), r.out());

        Process p = new ProcessBuilder(tool, "validate", sarif.toString(), "--output",
                dir.resolve("validation.sarif").toString(), "--log", "ForceOverwrite")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(log).contains("Analysis completed successfully").doesNotContain(": error ");
    }
}
