package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code audit} section: file, rotation by size and age, how many rotated files stay, and standard output. */
class AuditSectionTest {

    @Test
    void everyKeyBinds() throws ConfigException {
        AuditConfig a = ConfigLoader.parse("""
                audit:
                  file: logs/audit.jsonl
                  rotateBytes: 8MiB
                  rotateAge: 6h
                  keep: 30
                  stdout: true
                """, "t.yaml").audit();
        assertThat(a.file().toString()).endsWith("logs/audit.jsonl");
        assertThat(a.rotateBytes()).isEqualTo(8L << 20);
        assertThat(a.rotateAge()).isEqualTo(Duration.ofHours(6));
        assertThat(a.keep()).isEqualTo(30);
        assertThat(a.stdout()).isTrue();
        assertThat(a.enabled()).isTrue();
    }

    @Test
    void leftOutItIsOffWithSensibleRotation() throws ConfigException {
        AuditConfig a = ConfigLoader.parse("listen: 127.0.0.1:8080\n", "t.yaml").audit();
        assertThat(a).isEqualTo(AuditConfig.DEFAULT);
        assertThat(a.enabled()).isFalse();
        assertThat(ConfigLoader.parse("audit:\n  stdout: true\n", "t.yaml").audit().enabled()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "audit:\\n  rotateBytes: 100\\n|line 2: audit.rotateBytes: \"100\" (expected: at least 4KiB)",
        "audit:\\n  rotateAge: 10s\\n|line 2: audit.rotateAge: \"10s\" (expected: at least 1m)",
        "audit:\\n  keep: 0\\n|line 2: audit.keep: \"0\" (expected: 1 to 1000 rotated files)",
        "audit:\\n  stdout: yes\\n|line 2: audit.stdout: \"yes\" (expected: true or false)",
        "audit:\\n  colour: red\\n|line 2: audit.colour: unknown key (expected one of: file, keep, rotateAge, rotateBytes, stdout)",
    })
    void mistakesAreReportedWithPathLineAndWhatWasExpected(String yaml, String problem) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml.replace("\\n", "\n"), "t.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(problem);
    }
}
