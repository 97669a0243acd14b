package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code knownSecrets} section: environment variable names and files, never values. */
class KnownSecretsSectionTest {

    @TempDir
    Path dir;

    @Test
    void namesAndFilesBind() throws Exception {
        Path env = Files.writeString(dir.resolve("app.env"), "A=b\n");
        Path config = Files.writeString(dir.resolve("airlock.yaml"), """
                knownSecrets:
                  env: [OPENAI_API_KEY, DB_PASSWORD]
                  files: [app.env]
                """);
        KnownSecretsConfig k = ConfigLoader.load(config).rules().known();
        assertThat(k.env()).containsExactly("OPENAI_API_KEY", "DB_PASSWORD");
        assertThat(k.files()).containsExactly(env.toAbsolutePath().normalize());
        assertThat(ConfigLoader.parse("listen: 127.0.0.1:8080\n", "t.yaml").rules().known().isEmpty()).isTrue();
    }

    @Test
    void badNamesMissingFilesAndUnknownKeysAreReportedWithPathAndLine() throws Exception {
        Path config = Files.writeString(dir.resolve("airlock.yaml"), """
                knownSecrets:
                  env: [OK_NAME, 1BAD, "with space"]
                  files: [missing.env]
                  values: [nope]
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config));
        assertThat(e).isNotNull();
        List<String> problems = e.problems().stream().map(Problem::toString).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("line 2: knownSecrets.env[1]: not an environment variable name")
                        && !p.contains("1BAD"))
                .anyMatch(p -> p.startsWith("line 2: knownSecrets.env[2]"))
                .anyMatch(p -> p.startsWith("line 3: knownSecrets.files[0]"))
                .anyMatch(p -> p.startsWith("line 4: knownSecrets.values: unknown key"));
    }
}
