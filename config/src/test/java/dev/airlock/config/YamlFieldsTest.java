package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YamlFieldsTest {

    private final List<Problem> problems = new ArrayList<>();
    private final YamlFields fields = new YamlFields(problems, Path.of("/"));

    @ParameterizedTest
    @CsvSource({
        "1048576, 1048576",
        "512B, 512",
        "64KiB, 65536",
        "32MiB, 33554432",
        "1GiB, 1073741824",
        "2kB, 2000",
        "3MB, 3000000",
        "1GB, 1000000000",
        "'16 KiB', 16384",
        "0, 0",
    })
    void sizesAreBytesWithBinaryOrDecimalUnits(String text, long bytes) {
        assertThat(fields.size(new YamlNode.Scalar(text, 1), "s", Long.MAX_VALUE)).isEqualTo(bytes);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"32M", "32KB", "32kb", "1.5MiB", "-1", "1 TiB", "MiB", "", "32MiB ok", "0x100",
        "99999999999999999999"})
    void otherSizesAreProblemsNamingTheAcceptedForms(String text) {
        assertThat(fields.size(new YamlNode.Scalar(text, 4), "limits.maxBodyBytes", Long.MAX_VALUE)).isNull();
        assertThat(problems).containsExactly(new Problem("limits.maxBodyBytes", 4,
                "\"" + text + "\" (expected: " + Quantities.SIZE_FORMS + ")"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999GiB", "9223372036854775807kB"})
    void sizesPastTheLimitAreProblems(String text) {
        assertThat(fields.size(new YamlNode.Scalar(text, 2), "x", Long.MAX_VALUE)).isNull();
        assertThat(fields.size(new YamlNode.Scalar("2GiB", 3), "y", Integer.MAX_VALUE)).isNull();
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "line 2: x: \"" + text + "\" is too large (expected: at most 9223372036854775807 bytes)",
                "line 3: y: \"2GiB\" is too large (expected: at most 2147483647 bytes)");
    }

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "10s, PT10S",
        "5m, PT5M",
        "1h, PT1H",
        "30, PT30S",
        "'2 m', PT2M",
        "0, PT0S",
    })
    void durationsHaveUnitsOrMeanSeconds(String text, Duration expected) {
        assertThat(fields.duration(new YamlNode.Scalar(text, 1), "d")).isEqualTo(expected);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5s", "-1s", "10 sec", "1d", "PT10S", "s", "", "10S"})
    void otherDurationsAreProblemsNamingTheAcceptedForms(String text) {
        assertThat(fields.duration(new YamlNode.Scalar(text, 7), "timeouts.drain")).isNull();
        assertThat(problems).containsExactly(new Problem("timeouts.drain", 7,
                "\"" + text + "\" (expected: " + Quantities.DURATION_FORMS + ")"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "api.openai.com:443 | upstream.connectTo.\"api.openai.com:443\"",
        "a\"b\\c | p.\"a\\\"b\\\\c\"",
    })
    void mapKeysAreQuotedInPaths(String key, String path) {
        String parent = path.substring(0, path.indexOf(".\""));
        assertThat(YamlFields.mapKey(parent, key)).isEqualTo(path);
    }
}
