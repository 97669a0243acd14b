package dev.airlock.proxy.deploy;

import static dev.airlock.proxy.deploy.DeployFiles.DEPLOY;
import static dev.airlock.proxy.deploy.DeployFiles.YAML;
import static dev.airlock.proxy.deploy.DeployFiles.repoRoot;
import static dev.airlock.proxy.deploy.DeployFiles.texts;
import static dev.airlock.proxy.deploy.PackagingTest.CONFIG;
import static dev.airlock.proxy.deploy.PackagingTest.DOCKER;
import static dev.airlock.proxy.deploy.PackagingTest.HOME;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart in {@code deploy/kubernetes/airlock}, without a cluster: {@code helm lint} passes; {@code helm
 * template} renders with the default values and with every optional part on; every rendered object matches the
 * Kubernetes API schema (the Prometheus Operator's for the ServiceMonitor); the objects hold what a hardened,
 * scalable fleet needs (asserted field by field); and the pod's own steps run here: the init container's script copies
 * a Secret's files, as the kubelet presents them, into the home directory, and the container's command starts Airlock
 * with the rendered ConfigMap and that CA. Helm and the schemas come from the npm registry (see PackagingTools); the
 * tests are skipped where node or npm is missing.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PackagingKubernetesTest {

    static final Path CHART = DEPLOY.resolve("kubernetes/airlock");
    static final String SECRET_DIR = "/run/airlock-secret";
    static final List<String> SECRET_FILES = List.of("airlock-ca.pem", "airlock-ca.key", "install.key");
    /** Every optional part on, the Secret rendered from values, a fixed replica count. */
    static final List<String> ALL_ON = List.of("--set", "ca.create=true,ca.certificate=Y2VydA==,ca.key=a2V5,"
            + "ca.installKey=aW5zdGFsbA==,metrics.serviceMonitor.enabled=true,networkPolicy.enabled=true,"
            + "autoscaling.enabled=false,service.type=LoadBalancer,service.externalTrafficPolicy=Local,"
            + "jvmOptions=-Xlog:gc", "--set", "networkPolicy.proxyFrom[0].ipBlock.cidr=10.0.0.0/8");

    @TempDir
    Path tmp;

    @Test
    void helmLintsTheChartAndItsAppVersionIsTheProjectVersion() throws Exception {
        DeployFiles.Run lint = DeployFiles.run(tmp, PackagingTools.helm().toString(), "lint", "--strict",
                CHART.toString());
        assertThat(lint.exit()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed");
        String pom = Files.readString(repoRoot().resolve("pom.xml"), UTF_8);
        Matcher version = Pattern.compile("<artifactId>airlock-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(YAML.readTree(CHART.resolve("Chart.yaml").toFile()).path("appVersion").asText())
                .isEqualTo(version.group(1).replace("-SNAPSHOT", ""));
    }

    @Test
    void everyRenderedObjectMatchesTheKubernetesApiSchema() throws Exception {
        for (List<String> values : List.of(List.<String>of(), ALL_ON)) {
            List<JsonNode> objects = render(values);
            ArrayNode array = YAML.createArrayNode().addAll(objects);
            DeployFiles.Run check = PackagingTools.validate("kubernetes", array);
            assertThat(check.exit()).as(check.output()).isZero();
            assertThat(check.output().lines().filter(l -> l.startsWith("ok "))).hasSize(objects.size());
        }
    }

    @Test
    void theDeploymentRunsHardenedWithProbesOnTheAdminPortAndDrainsBeforeItIsKilled() throws Exception {
        List<JsonNode> objects = render(List.of());
        JsonNode deployment = one(objects, "Deployment");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertThat(deployment.path("spec").has("replicas")).as("the HPA owns the replica count").isFalse();
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        JsonNode podSecurity = pod.path("securityContext");
        assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(podSecurity.path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(podSecurity.path("fsGroup").asInt()).isEqualTo(10001);
        assertThat(podSecurity.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        assertThat(containers).hasSize(2);
        for (JsonNode c : containers) {
            JsonNode security = c.path("securityContext");
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(c.path("name").asText()).isFalse();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
            assertThat(security.path("runAsUser").asInt()).isEqualTo(10001);
            assertThat(c.path("resources").path("requests").size()).isPositive();
            assertThat(c.path("resources").path("limits").path("memory").isMissingNode()).isFalse();
        }

        JsonNode airlock = pod.path("containers").get(0);
        AirlockConfig config = ConfigLoader.parse(one(objects, "ConfigMap").path("data").path("airlock.yaml").asText(),
                "ConfigMap airlock.yaml");
        assertThat(port(airlock, "proxy")).isEqualTo(config.listen().port());
        assertThat(port(airlock, "admin")).isEqualTo(config.admin().port());
        assertThat(texts(airlock.path("args"))).isEqualTo(Dockerfile.read(DOCKER.resolve("Dockerfile")).runtime()
                .one("CMD").exec());
        for (String[] probe : new String[][] {{"readinessProbe", "/readyz"}, {"livenessProbe", "/healthz"},
                {"startupProbe", "/healthz"}}) {
            JsonNode get = airlock.path(probe[0]).path("httpGet");
            assertThat(get.path("path").asText()).as(probe[0]).isEqualTo(probe[1]);
            assertThat(get.path("port").asText()).as(probe[0]).isEqualTo("admin");
        }
        List<String> preStop = texts(airlock.path("lifecycle").path("preStop").path("exec").path("command"));
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).as("grace beyond preStop sleep plus drain")
                .isGreaterThan(Long.parseLong(preStop.get(1)) + config.timeouts().drain().toSeconds());

        // The config from the ConfigMap, the home directory in memory, /tmp writable; the Secret only in the init
        // container, file by file.
        assertThat(mountPath(airlock, "config")).isEqualTo("/etc/airlock");
        assertThat(volume(pod, "config").path("configMap").path("name").asText())
                .isEqualTo(one(objects, "ConfigMap").path("metadata").path("name").asText());
        assertThat(mountPath(airlock, "home")).isEqualTo(HOME);
        assertThat(volume(pod, "home").path("emptyDir").path("medium").asText()).isEqualTo("Memory");
        assertThat(mountPath(airlock, "tmp")).isEqualTo("/tmp");
        assertThat(mountPath(airlock, "ca-secret")).as("the Secret is not mounted in the main container").isNull();
        JsonNode init = pod.path("initContainers").get(0);
        assertThat(init.path("image").asText()).isEqualTo(airlock.path("image").asText());
        assertThat(mountPath(init, "ca-secret")).isEqualTo(SECRET_DIR);
        assertThat(mountPath(init, "home")).isEqualTo(HOME);
        JsonNode secret = volume(pod, "ca-secret").path("secret");
        assertThat(secret.path("secretName").asText()).isEqualTo(values().path("ca").path("existingSecret").asText());
        assertThat(secret.path("defaultMode").asInt()).isEqualTo(0440);
        assertThat(secret.path("items").findValuesAsText("key")).containsExactlyElementsOf(SECRET_FILES);
    }

    @Test
    void servicesExposeTheProxyAndKeepTheAdminPortInsideTheCluster() throws Exception {
        for (List<String> values : List.of(List.<String>of(), ALL_ON)) {
            List<JsonNode> objects = render(values);
            JsonNode podLabels = one(objects, "Deployment").path("spec").path("template").path("metadata")
                    .path("labels");
            List<JsonNode> services = all(objects, "Service");
            assertThat(services).hasSize(2);
            for (JsonNode s : services) {
                s.path("spec").path("selector").fields().forEachRemaining(e ->
                        assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
            }
            JsonNode proxy = named(services, "component", "proxy");
            assertThat(proxy.path("spec").path("ports").findValuesAsText("targetPort")).containsExactly("proxy");
            JsonNode admin = named(services, "component", "admin");
            assertThat(admin.path("spec").path("type").asText()).isEqualTo("ClusterIP");
            assertThat(admin.path("spec").path("ports").findValuesAsText("targetPort")).containsExactly("admin");
        }
        JsonNode loadBalancer = named(all(render(ALL_ON), "Service"), "component", "proxy").path("spec");
        assertThat(loadBalancer.path("type").asText()).isEqualTo("LoadBalancer");
        assertThat(loadBalancer.path("externalTrafficPolicy").asText()).isEqualTo("Local");
    }

    @Test
    void optionalPartsAppearOnlyWhenEnabled() throws Exception {
        List<JsonNode> defaults = render(List.of());
        assertThat(defaults).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder("ConfigMap",
                "Service", "Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        String deploymentName = one(defaults, "Deployment").path("metadata").path("name").asText();
        JsonNode hpa = one(defaults, "HorizontalPodAutoscaler").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(deploymentName);
        assertThat(hpa.path("metrics").get(0).path("resource").path("name").asText()).isEqualTo("cpu");
        JsonNode pdb = one(defaults, "PodDisruptionBudget").path("spec");
        assertThat(pdb.path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(pdb.path("selector").path("matchLabels")).isEqualTo(one(defaults, "Deployment").path("spec")
                .path("selector").path("matchLabels"));

        List<JsonNode> allOn = render(ALL_ON);
        assertThat(allOn).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder("ConfigMap", "Secret",
                "Service", "Service", "Deployment", "PodDisruptionBudget", "ServiceMonitor", "NetworkPolicy");
        JsonNode deployment = one(allOn, "Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt())
                .isEqualTo(values().path("replicaCount").asInt());
        JsonNode secret = one(allOn, "Secret");
        assertThat(secret.path("data").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(SECRET_FILES);
        assertThat(volume(deployment.path("spec").path("template").path("spec"), "ca-secret").path("secret")
                .path("secretName").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        // The ServiceMonitor picks the admin Service only, on its admin port.
        JsonNode monitor = one(allOn, "ServiceMonitor").path("spec");
        JsonNode admin = named(all(allOn, "Service"), "component", "admin");
        JsonNode proxy = named(all(allOn, "Service"), "component", "proxy");
        assertThat(matches(monitor.path("selector").path("matchLabels"), admin.path("metadata").path("labels")))
                .isTrue();
        assertThat(matches(monitor.path("selector").path("matchLabels"), proxy.path("metadata").path("labels")))
                .isFalse();
        assertThat(monitor.path("endpoints").get(0).path("port").asText()).isEqualTo("admin");
        assertThat(monitor.path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        JsonNode policy = one(allOn, "NetworkPolicy").path("spec");
        assertThat(policy.path("ingress").findValuesAsText("port")).containsExactly("proxy", "admin");
    }

    @Test
    void thePodStartsFromTheSecretsFilesAndTheRenderedConfigMap() throws Exception {
        List<JsonNode> objects = render(List.of());
        JsonNode pod = one(objects, "Deployment").path("spec").path("template").path("spec");
        Path config = Files.createDirectories(tmp.resolve("etc-airlock")).resolve("airlock.yaml");
        Files.writeString(config, one(objects, "ConfigMap").path("data").path("airlock.yaml").asText());
        AirlockConfig loaded = ConfigLoader.load(config);

        // The operator's steps (README): one install's CA and key, then a Secret made of those files.
        Path fleet = tmp.resolve("fleet");
        DeployFiles.Run init = ServedAirlock.run(List.of("ca", "init", "--home", fleet.toString()));
        assertThat(init.exit()).as(init.output()).isZero();
        DeployFiles.Run key = DeployFiles.run(tmp, "sh", "-c",
                "(umask 077; head -c 32 /dev/urandom > fleet/install.key)");
        assertThat(key.exit()).as(key.output()).isZero();
        // The kubelet presents a Secret's files read-only, with group read added by fsGroup (whatever defaultMode).
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        for (Path file : List.of(fleet.resolve("ca/airlock-ca.pem"), fleet.resolve("ca/airlock-ca.key"),
                fleet.resolve("install.key"))) {
            Path copy = Files.copy(file, secret.resolve(file.getFileName()));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r-----"));
        }
        // Airlock refuses the CA key as the Secret volume presents it: why the chart copies it first.
        Path direct = Files.createDirectories(tmp.resolve("direct/ca"));
        Files.copy(secret.resolve("airlock-ca.pem"), direct.resolve("airlock-ca.pem"));
        Files.copy(secret.resolve("airlock-ca.key"), direct.resolve("airlock-ca.key"),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        DeployFiles.Run refused = ServedAirlock.run(List.of("serve", "--config", config.toString(), "--home",
                direct.getParent().toString(), "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("gives other users access to the CA key");

        // The init container's script, on these folders.
        Path home = Files.createDirectories(tmp.resolve("var-lib-airlock"));
        String script = texts(pod.path("initContainers").get(0).path("command")).get(2)
                .replace(SECRET_DIR, secret.toString()).replace(HOME, home.toString());
        DeployFiles.Run copy = DeployFiles.run(tmp, "sh", "-c", script);
        assertThat(copy.exit()).as(copy.output()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("ca/airlock-ca.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("install.key"))))
                .isEqualTo("rw-------");

        // The main container: the image's JVM options, the chart's arguments.
        List<String> entrypoint = Dockerfile.read(DOCKER.resolve("Dockerfile")).runtime().one("ENTRYPOINT").exec();
        List<String> args = new ArrayList<>();
        for (String arg : texts(pod.path("containers").get(0).path("args"))) {
            args.add(arg.equals(CONFIG) ? config.toString() : arg.equals(HOME) ? home.toString() : arg);
        }
        args.addAll(List.of("--listen", loaded.listen().host() + ":0", "--admin", "127.0.0.1:0"));
        try (ServedAirlock airlock = ServedAirlock.start(entrypoint.subList(1, entrypoint.indexOf("-jar")), args)) {
            assertThat(airlock.admin("/readyz").statusCode()).isEqualTo(200);
            // Every replica presents the operator's CA and keeps its install key: nothing was made anew.
            assertThat(airlock.admin("/ca.pem").body()).isEqualTo(Files.readString(fleet.resolve("ca/airlock-ca.pem")));
            assertThat(Files.readAllBytes(home.resolve("install.key")))
                    .isEqualTo(Files.readAllBytes(fleet.resolve("install.key")));
            assertThat(airlock.terminate()).as(airlock.output()).isZero();
        }
    }

    @Test
    void theReadmeCreatesTheSecretTheChartReads() throws Exception {
        String readme = Files.readString(repoRoot().resolve("README.md"), UTF_8);
        String name = values().path("ca").path("existingSecret").asText();
        assertThat(readme).contains("kubectl create secret generic " + name);
        for (String file : SECRET_FILES) {
            assertThat(readme).contains("--from-file=" + file + "=");
        }
        assertThat(readme).contains("helm install airlock deploy/kubernetes/airlock");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static List<JsonNode> render(List<String> values) throws Exception {
        List<String> command = new ArrayList<>(List.of(PackagingTools.helm().toString(), "template", "airlock",
                CHART.toString(), "--namespace", "airlock"));
        command.addAll(values);
        Path out = Files.createTempFile("helm-template", ".yaml");
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("helm template %s", values).isZero();
            return PackagingTools.documents(Files.readString(out, UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static JsonNode values() throws Exception {
        return YAML.readTree(CHART.resolve("values.yaml").toFile());
    }

    static List<JsonNode> all(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static JsonNode one(List<JsonNode> objects, String kind) {
        List<JsonNode> found = all(objects, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    /** The object whose {@code app.kubernetes.io/<label>} is {@code value}. */
    static JsonNode named(List<JsonNode> objects, String label, String value) {
        return objects.stream().filter(o -> o.path("metadata").path("labels").path("app.kubernetes.io/" + label)
                .asText().equals(value)).findFirst().orElseThrow(() -> new AssertionError("no " + label + "=" + value));
    }

    /** Whether every label of the selector is on the object. */
    static boolean matches(JsonNode selector, JsonNode labels) {
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    static int port(JsonNode container, String name) {
        return DeployFiles.find(container.path("ports"), "name", name).path("containerPort").asInt();
    }

    /** Where the container mounts that volume, or null when it does not. */
    static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        return null;
    }

    static JsonNode volume(JsonNode pod, String name) {
        return DeployFiles.find(pod.path("volumes"), "name", name);
    }
}
