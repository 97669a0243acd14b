package dev.airlock.proxy.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the deploy/ files are and how the tests read them: YAML and JSON lookups, the README, external tools. */
final class DeployFiles {

    static final YAMLMapper YAML = new YAMLMapper();
    static final Path DEPLOY = repoRoot().resolve("deploy");
    static final Path PROMETHEUS_DIR = DEPLOY.resolve("prometheus");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/airlock-dashboard.json");

    private DeployFiles() {
    }

    static List<JsonNode> alertRules() throws Exception {
        JsonNode group = find(YAML.readTree(PROMETHEUS_DIR.resolve("alerts.yml").toFile()).path("groups"), "name",
                "airlock");
        List<JsonNode> rules = new ArrayList<>();
        group.path("rules").forEach(rules::add);
        return rules;
    }

    /** The metric names of the README's "Metrics" table. */
    static Set<String> readmeMetrics() throws Exception {
        String readme = Files.readString(repoRoot().resolve("README.md"), UTF_8);
        String section = readme.substring(readme.indexOf("### Metrics"));
        section = section.substring(0, section.indexOf("\n#", 1));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(airlock_\\w+)`").matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("metrics in the README table").hasSizeGreaterThanOrEqualTo(9);
        return names;
    }

    /** Every panel, rows' collapsed panels included. */
    static List<JsonNode> panels(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dash.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    static JsonNode find(JsonNode array, String field, String value) {
        return find(array, "", field, value);
    }

    /** The first element of {@code array} whose {@code within.field} (or {@code field}) is {@code value}. */
    static JsonNode find(JsonNode array, String within, String field, String value) {
        for (JsonNode n : array) {
            if ((within.isEmpty() ? n : n.path(within)).path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    static boolean all(JsonNode array, Predicate<JsonNode> p) {
        for (JsonNode n : array) {
            if (!p.test(n)) {
                return false;
            }
        }
        return true;
    }

    static boolean any(JsonNode array, Predicate<JsonNode> p) {
        for (JsonNode n : array) {
            if (p.test(n)) {
                return true;
            }
        }
        return false;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/prometheus")) && Files.exists(p.resolve("README.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/prometheus above " + Path.of("").toAbsolutePath());
    }

    /** {@code name} on the PATH; the test is skipped when it is not installed (the Debian package prometheus). */
    static Path binary(String name) {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
        assumeTrue(found.isPresent(), name + " is not installed (apt-get install prometheus)");
        return found.get();
    }

    record Run(int exit, String output) {
    }

    static Run run(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile("airlock-run", ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        try {
            return new Run(p.exitValue(), Files.readString(out, UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
