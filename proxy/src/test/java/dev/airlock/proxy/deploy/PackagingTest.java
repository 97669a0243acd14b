package dev.airlock.proxy.deploy;

import static dev.airlock.proxy.deploy.DeployFiles.DEPLOY;
import static dev.airlock.proxy.deploy.DeployFiles.YAML;
import static dev.airlock.proxy.deploy.DeployFiles.repoRoot;
import static dev.airlock.proxy.deploy.DeployFiles.texts;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ConfigLoader;
import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.onboard.ProxyPac;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-machine packaging in {@code deploy/}, checked without a Docker engine or a booted systemd: every YAML
 * file parses; the Dockerfile builds with the README's build command from files the build context holds, and its
 * runtime stage runs the jar as UID 10001 with its home on a volume; the container's own command line (its JVM
 * options and arguments, with the shipped config) starts Airlock in gateway mode and passes the image's health check,
 * then stops cleanly on SIGTERM; the Compose file matches the Compose schema and its mounts, service names and ports
 * fit the Prometheus and Grafana files; {@code systemd-analyze verify} accepts the unit; the PAC example is what
 * Airlock renders. The Helm chart has {@link PackagingKubernetesTest}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PackagingTest {

    static final Path DOCKER = DEPLOY.resolve("docker");
    static final String HOME = "/var/lib/airlock";
    static final String CONFIG = "/etc/airlock/airlock.yaml";
    static final String JAR = "/opt/airlock/airlock.jar";

    @TempDir
    Path tmp;

    @Test
    void everyYamlFileUnderDeployParses() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            // Helm templates are Go templates that render YAML; PackagingKubernetesTest parses what they render.
            files = walk.filter(p -> p.toString().matches(".*\\.ya?ml$"))
                    .filter(p -> !p.toString().contains("/templates/")).sorted().toList();
        }
        assertThat(files.stream().map(p -> DEPLOY.relativize(p).toString())).contains("docker/compose.yaml",
                "docker/airlock.yaml", "kubernetes/airlock/Chart.yaml", "kubernetes/airlock/values.yaml",
                "prometheus/prometheus.yml", "grafana/provisioning/datasources/prometheus.yml");
        for (Path file : files) {
            List<JsonNode> docs = PackagingTools.documents(Files.readString(file, UTF_8));
            assertThat(docs).as("%s holds a YAML document", file).isNotEmpty();
        }
    }

    // ---- Dockerfile ----------------------------------------------------------------------------------------------

    @Test
    void theImageIsBuiltWithTheReadmeBuildCommandFromFilesInTheBuildContext() throws Exception {
        Dockerfile file = Dockerfile.read(DOCKER.resolve("Dockerfile"));
        Dockerfile.Stage build = file.stage("build");
        assertThat(build.from()).startsWith("maven:").contains("eclipse-temurin-17");
        String readme = Files.readString(repoRoot().resolve("README.md"), UTF_8);
        String readmeBuild = readme.substring(readme.indexOf("```sh\n") + 6).lines().findFirst().orElseThrow();
        readmeBuild = readmeBuild.substring(0, readmeBuild.indexOf(" &&"));
        assertThat(readmeBuild).isEqualTo("./mvnw -q -DskipTests package");
        // Once on the poms alone (dependencies in a cached layer), once with the sources.
        assertThat(build.all("RUN")).extracting(Dockerfile.Instruction::arguments).containsExactly(readmeBuild,
                readmeBuild);
        String workdir = build.one("WORKDIR").arguments();
        List<String> ignored = Files.readAllLines(repoRoot().resolve(".dockerignore"), UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (Dockerfile.Instruction copy : build.all("COPY")) {
            List<String> words = copy.words();
            for (String source : words.subList(0, words.size() - 1)) {
                assertThat(repoRoot().resolve(source)).as("COPY %s", source).exists();
                assertThat(ignoredBy(ignored, source)).as("COPY %s is excluded by .dockerignore", source).isEmpty();
            }
        }
        // The jar the runtime stage copies is where the README says the build leaves it.
        assertThat(file.runtime().all("COPY")).extracting(Dockerfile.Instruction::arguments)
                .contains("--from=build " + workdir + "/proxy/target/airlock.jar " + JAR);
        assertThat(readme).contains("proxy/target/airlock.jar");
        // What must stay out of the context: build output, Node modules, the repository's history.
        for (String path : List.of(".git", "proxy/target", "detector/target",
                "proxy/src/test/node/openai-sdk/node_modules")) {
            assertThat(ignoredBy(ignored, path)).as("%s is left out of the build context", path).isNotEmpty();
        }
    }

    @Test
    void theRuntimeStageRunsTheJarAsAnUnprivilegedUserWithItsHomeOnAVolume() throws Exception {
        Dockerfile.Stage runtime = Dockerfile.read(DOCKER.resolve("Dockerfile")).runtime();
        assertThat(runtime.from()).startsWith("eclipse-temurin:17-jre");
        assertThat(runtime.one("RUN").arguments()).contains("groupadd --system --gid 10001 airlock")
                .contains("useradd --system --uid 10001 --gid 10001").contains("chown 10001:10001 " + HOME);
        assertThat(runtime.one("USER").arguments()).isEqualTo("10001:10001");
        assertThat(runtime.one("WORKDIR").arguments()).isEqualTo(HOME);
        assertThat(runtime.one("VOLUME").exec()).containsExactly(HOME);
        assertThat(runtime.all("COPY")).extracting(Dockerfile.Instruction::arguments)
                .contains("deploy/docker/airlock.yaml " + CONFIG);
        AirlockConfig config = ConfigLoader.load(DOCKER.resolve("airlock.yaml"));
        assertThat(runtime.one("EXPOSE").words()).containsExactly(String.valueOf(config.listen().port()),
                String.valueOf(config.admin().port()));
        assertThat(runtime.one("HEALTHCHECK").arguments())
                .contains("CMD curl -fsS -o /dev/null http://127.0.0.1:" + config.admin().port() + "/healthz");
        assertThat(runtime.one("STOPSIGNAL").arguments()).isEqualTo("SIGTERM");
        List<String> entrypoint = runtime.one("ENTRYPOINT").exec();
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", JAR);
        assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC")
                .anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="));
        assertThat(runtime.one("CMD").exec()).containsExactly("serve", "--config", CONFIG, "--home", HOME);
    }

    @Test
    void theDockerConfigLoadsInGatewayModeWithAnAllowlistAndAuditToStdout() throws Exception {
        AirlockConfig config = ConfigLoader.load(DOCKER.resolve("airlock.yaml"));
        assertThat(InetAddress.getByName(config.listen().host()).isAnyLocalAddress()).isTrue();
        assertThat(config.access().guarded()).as("gateway mode needs access.clients or access.users").isTrue();
        assertThat(config.access().clients()).extracting(Object::toString).contains("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "127.0.0.0/8");
        assertThat(config.audit().stdout()).isTrue();
        assertThat(config.audit().file()).isNotNull();
        assertThat(config.audit().file().startsWith(HOME)).as("the audit trail lies on the home volume").isTrue();
    }

    @Test
    void theContainersCommandStartsWithTheShippedConfigAndPassesItsHealthCheck() throws Exception {
        Dockerfile.Stage runtime = Dockerfile.read(DOCKER.resolve("Dockerfile")).runtime();
        Path home = Files.createDirectories(tmp.resolve("var-lib-airlock"));
        Path config = Files.writeString(tmp.resolve("airlock.yaml"),
                Files.readString(DOCKER.resolve("airlock.yaml"), UTF_8).replace(HOME, home.toString()));
        AirlockConfig loaded = ConfigLoader.load(config);
        List<String> entrypoint = runtime.one("ENTRYPOINT").exec();
        List<String> jvmOptions = entrypoint.subList(1, entrypoint.indexOf("-jar"));
        List<String> args = new ArrayList<>();
        for (String arg : runtime.one("CMD").exec()) {
            args.add(arg.equals(CONFIG) ? config.toString() : arg.equals(HOME) ? home.toString() : arg);
        }
        // Free ports instead of 8080/8081; the proxy keeps the config's wildcard address, so gateway mode applies.
        args.addAll(List.of("--listen", loaded.listen().host() + ":0", "--admin", "127.0.0.1:0"));
        try (ServedAirlock airlock = ServedAirlock.start(jvmOptions, args)) {
            assertThat(airlock.admin("/healthz").statusCode()).isEqualTo(200);
            assertThat(airlock.admin("/readyz").statusCode()).isEqualTo(200);
            // A new volume gets the install key and the CA on first start.
            assertThat(home.resolve("install.key")).exists();
            assertThat(airlock.admin("/ca.pem").body()).isEqualTo(Files.readString(home.resolve("ca/airlock-ca.pem")));
            if (PackagingTools.onPath("curl").isPresent()) {
                String check = runtime.one("HEALTHCHECK").arguments();
                check = check.substring(check.indexOf("CMD ") + 4)
                        .replace("127.0.0.1:" + loaded.admin().port(), "127.0.0.1:" + airlock.adminPort());
                DeployFiles.Run health = DeployFiles.run(tmp, "sh", "-c", check);
                assertThat(health.exit()).as("HEALTHCHECK %s: %s", check, health.output()).isZero();
            }
            assertThat(airlock.terminate()).as(airlock.output()).isZero();
            assertThat(airlock.output()).contains("airlock: stopped");
        }
    }

    // ---- Compose -------------------------------------------------------------------------------------------------

    @Test
    void composeWiresAirlockPrometheusAndGrafanaTogether() throws Exception {
        JsonNode compose = YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        AirlockConfig config = ConfigLoader.load(DOCKER.resolve("airlock.yaml"));

        JsonNode airlock = services.path("airlock");
        Path context = DOCKER.resolve(airlock.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(repoRoot());
        assertThat(context.resolve(airlock.path("build").path("dockerfile").asText()))
                .isEqualTo(DOCKER.resolve("Dockerfile"));
        assertThat(airlock.path("read_only").asBoolean()).isTrue();
        assertThat(texts(airlock.path("tmpfs"))).anyMatch(t -> t.startsWith("/tmp:") && t.contains("exec"));
        Map<String, String> airlockMounts = mounts(airlock);
        assertThat(airlockMounts).containsEntry(HOME, "airlock-home");
        assertThat(compose.path("volumes").has("airlock-home")).isTrue();
        assertThat(texts(airlock.path("ports"))).contains(config.listen().port() + ":" + config.listen().port(),
                "127.0.0.1:" + config.admin().port() + ":" + config.admin().port());
        assertThat(seconds(airlock.path("stop_grace_period").asText()))
                .as("stop_grace_period beyond timeouts.drain").isGreaterThan(config.timeouts().drain().toSeconds());

        // Prometheus: the shipped config and rules, scraping the airlock service's admin port.
        Map<String, String> prometheus = mounts(services.path("prometheus"));
        assertThat(prometheus).containsEntry("/etc/prometheus/prometheus.yml", "../prometheus/prometheus.yml");
        JsonNode scrape = YAML.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile());
        for (String rules : texts(scrape.path("rule_files"))) {
            assertThat(prometheus).containsEntry("/etc/prometheus/" + rules, "../prometheus/" + rules);
        }
        assertThat(texts(DeployFiles.find(scrape.path("scrape_configs"), "job_name", "airlock")
                .path("static_configs").get(0).path("targets"))).containsExactly("airlock:" + config.admin().port());

        // Grafana: the provisioning folder, and the dashboard where the dashboard provider looks for it.
        JsonNode grafana = services.path("grafana");
        Map<String, String> grafanaMounts = mounts(grafana);
        assertThat(grafanaMounts).containsEntry("/etc/grafana/provisioning", "../grafana/provisioning");
        String dashboardTarget = grafanaMounts.entrySet().stream()
                .filter(e -> e.getValue().equals("../grafana/airlock-dashboard.json")).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
        JsonNode provider = YAML.readTree(DEPLOY.resolve("grafana/provisioning/dashboards/airlock.yml").toFile())
                .path("providers").get(0);
        assertThat(Path.of(dashboardTarget).getParent().toString()).isEqualTo(provider.path("options").path("path")
                .asText());
        assertThat(grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
                .isEqualTo(dashboardTarget);
        String datasource = YAML.readTree(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0).path("url").asText();
        assertThat(datasource).isEqualTo("http://prometheus:9090");
        assertThat(services.has("prometheus")).isTrue();

        // Every bind-mounted file or folder exists (paths are relative to the Compose file).
        for (JsonNode service : services) {
            for (String source : mounts(service).values()) {
                if (source.startsWith(".")) {
                    assertThat(DOCKER.resolve(source)).as("bind mount source").exists();
                } else {
                    assertThat(compose.path("volumes").has(source)).as("named volume %s is declared", source).isTrue();
                }
            }
        }
    }

    @Test
    void composeFileMatchesTheComposeSchema() throws Exception {
        DeployFiles.Run check = PackagingTools.validate("compose", YAML.readTree(DOCKER.resolve("compose.yaml")
                .toFile()));
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("ok compose file");
    }

    // ---- systemd -------------------------------------------------------------------------------------------------

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path unit = DEPLOY.resolve("systemd/airlock.service");
        String text = Files.readString(unit, UTF_8);
        assertThat(text).contains("\nDynamicUser=yes\n", "\nStateDirectory=airlock\n", "\nKillSignal=SIGTERM\n",
                "\nCapabilityBoundingSet=\n", "\nMemoryDenyWriteExecute=no\n", "\nProtectSystem=strict\n",
                "\nExecReload=/bin/kill -HUP $MAINPID\n", "\nRestart=on-failure\n");
        assertThat(Pattern.compile("(?m)^ExecStart=/usr/bin/java .*-jar " + JAR + " serve --config " + CONFIG
                + " --home " + HOME + "$").matcher(text).find()).as("ExecStart").isTrue();
        var stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)s$").matcher(text);
        assertThat(stop.find()).isTrue();
        assertThat(Long.parseLong(stop.group(1))).isGreaterThan(AirlockConfig.DEFAULT.timeouts().drain().toSeconds());

        Path analyze = DeployFiles.binary("systemd-analyze");
        // systemd-analyze checks that ExecStart's program exists: where /usr/bin/java does not, a copy of the unit
        // names this JVM instead (nothing else changes).
        Path checked = unit;
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            checked = Files.writeString(tmp.resolve("airlock.service"), text.replace("ExecStart=/usr/bin/java ",
                    "ExecStart=" + Path.of(System.getProperty("java.home"), "bin", "java") + " "));
        }
        DeployFiles.Run verify = DeployFiles.run(tmp, analyze.toString(), "verify", checked.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        // It exits 0 on keys it ignores (a misspelt value, an unknown directive): any line about the unit fails.
        assertThat(verify.output().lines().filter(l -> l.contains("airlock.service"))).as(verify.output()).isEmpty();
    }

    // ---- PAC -----------------------------------------------------------------------------------------------------

    @Test
    void thePacExampleIsWhatAirlockServesForTheDefaultHosts() throws Exception {
        String committed = Files.readString(DEPLOY.resolve("pac/proxy.pac"), UTF_8);
        String rendered = ProxyPac.render(InterceptConfig.DEFAULT_HOSTS, "airlock.corp.example:8080");
        assertThat(committed).endsWith(rendered);
        String header = committed.substring(0, committed.length() - rendered.length());
        assertThat(header.lines()).as("only comments before the rendered file").allMatch(l -> l.startsWith("//"));
        assertThat(rendered).doesNotContain("; DIRECT")
                .contains("var AIRLOCK_PROXY = \"PROXY airlock.corp.example:8080\";");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A service's volumes in the short syntax: container path → source (a relative path or a named volume). */
    static Map<String, String> mounts(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String volume : texts(service.path("volumes"))) {
            String[] parts = volume.split(":");
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    static long seconds(String composeDuration) {
        return Duration.parse("PT" + composeDuration.toUpperCase()).toSeconds();
    }

    /**
     * The .dockerignore patterns that leave {@code path} (or a folder above it) out of the build context: {@code **}
     * is any number of folders, {@code *} any characters but a slash, as Docker reads them.
     */
    static List<String> ignoredBy(List<String> patterns, String path) {
        String clean = path.replaceAll("/+$", "");
        List<String> hits = new ArrayList<>();
        for (String pattern : patterns) {
            String p = pattern.replaceAll("/+$", "");
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (p.startsWith("**/", i)) {
                    regex.append("(?:.*/)?");
                    i += 2;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            if (Pattern.compile(regex + "(?:/.*)?").matcher(clean).matches()) {
                hits.add(pattern);
            }
        }
        return hits;
    }
}
