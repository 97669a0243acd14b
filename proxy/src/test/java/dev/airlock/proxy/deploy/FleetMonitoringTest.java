package dev.airlock.proxy.deploy;

import static dev.airlock.proxy.deploy.DeployFiles.DASHBOARD;
import static dev.airlock.proxy.deploy.DeployFiles.DEPLOY;
import static dev.airlock.proxy.deploy.DeployFiles.PROMETHEUS_DIR;
import static dev.airlock.proxy.deploy.DeployFiles.YAML;
import static dev.airlock.proxy.deploy.DeployFiles.alertRules;
import static dev.airlock.proxy.deploy.DeployFiles.all;
import static dev.airlock.proxy.deploy.DeployFiles.any;
import static dev.airlock.proxy.deploy.DeployFiles.binary;
import static dev.airlock.proxy.deploy.DeployFiles.find;
import static dev.airlock.proxy.deploy.DeployFiles.panels;
import static dev.airlock.proxy.deploy.DeployFiles.readmeMetrics;
import static dev.airlock.proxy.deploy.DeployFiles.run;
import static dev.airlock.proxy.deploy.DeployFiles.texts;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.config.Action;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.Dialect;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.ResponseAction;
import dev.airlock.config.ResponseConfig;
import dev.airlock.config.RouteConfig;
import dev.airlock.config.WebSocketConfig;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.inspect.Unscanned;
import dev.airlock.proxy.server.RunningAirlock;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.FakeWebSocketProvider;
import dev.airlock.proxy.testing.TestCa;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet monitoring files in {@code deploy/} against the real tools and a real Airlock: promtool accepts the
 * Prometheus config and alert rules and passes the rules' unit tests; a real Prometheus, scraping a running Airlock
 * with the shipped scrape job, receives the series the README documents after traffic with planted secrets, loads
 * the alert rules and fires the unscanned-body alert; and every metric a dashboard panel or an alert reads exists
 * there, so no panel queries a metric that does not exist. Skipped only when the {@code prometheus} package (the
 * {@code prometheus} and {@code promtool} binaries) is not installed; {@code .ci/run} installs it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FleetMonitoringTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String CHAT = "/v1/chat/completions";
    private static final Set<String> ALERTS = Set.of("AirlockBlocksSpike", "AirlockUnscannedRequests",
            "AirlockUpstreamErrors", "AirlockScanLatencyHigh", "AirlockDown");

    @TempDir
    static Path tmp;
    private static FakeProvider fake;
    /** The Responses API over WebSocket, for airlock_websocket_messages_total. */
    private static FakeWebSocketProvider sockets;
    private static RunningAirlock airlock;
    private static PrometheusServer prometheus;
    /** Planted in the traffic; never to be seen in a series Prometheus stored. */
    private static String githubToken;
    private static String privateKey;

    // ---- promtool ----------------------------------------------------------------------------------------------

    @Test
    void promtoolAcceptsTheConfigAndTheRules() throws Exception {
        Path promtool = binary("promtool");
        int rules = alertRules().size();
        DeployFiles.Run config = run(PROMETHEUS_DIR, promtool.toString(), "check", "config", "prometheus.yml");
        assertThat(config.exit()).as(config.output()).isZero();
        assertThat(config.output()).contains("SUCCESS: prometheus.yml is valid prometheus config file syntax")
                .contains("SUCCESS: " + rules + " rules found");
        DeployFiles.Run check = run(PROMETHEUS_DIR, promtool.toString(), "check", "rules", "alerts.yml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + rules + " rules found").doesNotContain("FAILED");
    }

    @Test
    void promtoolUnitTestsOfTheAlertsPass() throws Exception {
        DeployFiles.Run test = run(PROMETHEUS_DIR, binary("promtool").toString(), "test", "rules",
                "alerts_test.yml");
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
        // The unit tests hold a case where each of these fires and one where it must not.
        Map<String, Set<Boolean>> outcomes = new TreeMap<>();
        for (JsonNode t : YAML.readTree(PROMETHEUS_DIR.resolve("alerts_test.yml").toFile()).path("tests")) {
            for (JsonNode eval : t.path("alert_rule_test")) {
                outcomes.computeIfAbsent(eval.path("alertname").asText(), k -> new TreeSet<>())
                        .add(eval.path("exp_alerts").size() > 0);
            }
        }
        for (String alert : List.of("AirlockUnscannedRequests", "AirlockBlocksSpike")) {
            assertThat(outcomes.get(alert)).as("fires and stays quiet: %s", alert).containsExactly(false, true);
        }
    }

    @Test
    void alertRulesCarryASeverityAndSayWhatToDo() throws Exception {
        List<JsonNode> rules = alertRules();
        assertThat(rules.stream().map(r -> r.path("alert").asText())).containsAll(ALERTS);
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(name).hasSizeGreaterThan(80);
        }
    }

    // ---- Grafana -----------------------------------------------------------------------------------------------

    @Test
    void dashboardIsATemplatedGrafanaDashboardWithTheFleetPanels() throws Exception {
        JsonNode dash = JSON.readTree(DASHBOARD.toFile());
        assertThat(dash.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dash.path("uid").asText()).isNotBlank();
        JsonNode ds = find(dash.path("templating").path("list"), "name", "DS_PROMETHEUS");
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        Set<Integer> ids = new TreeSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : panels(dash)) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s fits 24 columns", panel.path("title"))
                    .isLessThanOrEqualTo(24);
            titles.add(panel.path("title").asText());
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("%s", panel.path("title"))
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as("%s", panel.path("title")).isNotEmpty();
            for (JsonNode t : panel.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
                assertThat(t.path("expr").asText()).isNotBlank();
            }
        }
        assertThat(titles).contains("Requests by action", "Blocks and redactions by rule (top 10)", "Findings by rule",
                "Unscanned bodies by reason", "Upstream latency p50/p99 by route", "Upstream errors by kind",
                "Scan latency p99", "Scanned bytes", "Active connections", "CONNECT outcomes");
        // Provisioning for docker compose: the datasource the variable defaults to, and a file provider.
        JsonNode source = YAML.readTree(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").path(0);
        assertThat(source.path("type").asText()).isEqualTo("prometheus");
        assertThat(source.path("url").asText()).startsWith("http://");
        JsonNode provider = YAML.readTree(DEPLOY.resolve("grafana/provisioning/dashboards/airlock.yml").toFile())
                .path("providers").path(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).startsWith("/");
    }

    @Test
    void promQlNamesAreReadOffExpressions() {
        assertThat(PromQl.metricNames("sum by (route, le) (rate(a_seconds_bucket{route=~\"$route\", x=\"b_total{}\"}"
                + "[$__rate_interval])) / on(instance) group_left c_total offset 5m > bool 1e3 or vector(0)"))
                .containsExactly("a_seconds_bucket", "c_total");
        assertThat(PromQl.metricNames("label_values(airlock_requests_total{instance=~\"$instance\"}, route)"))
                .containsExactly("airlock_requests_total");
        assertThat(PromQl.metricNames("up{job=\"airlock\"} == 0")).containsExactly("up");
        assertThat(PromQl.resolveGrafana("rate(x{instance=~\"$instance\"}[$__rate_interval])"))
                .isEqualTo("rate(x{instance=~\".*\"}[1m])");
    }

    // ---- a real Prometheus scraping a real Airlock -------------------------------------------------------------

    @Test
    void prometheusScrapesAirlockAndStoresTheDocumentedSeries() throws Exception {
        startFleet();
        String instance = "127.0.0.1:" + airlock.admin().getPort();
        Map<String, String> target = Map.of("job", "airlock", "instance", instance);
        awaitSample("airlock_requests_total", with(target, "route", "openai", "provider", "openai", "action", "redact",
                "status", "200"), 1);
        awaitSample("airlock_requests_total", with(target, "route", "openai", "action", "block", "status", "400"), 1);
        awaitSample("airlock_requests_total", with(target, "route", "offline", "action", "error", "status", "502"), 1);
        // The token, once in the chat request and once in the WebSocket message.
        awaitSample("airlock_findings_total", with(target, "rule", "github-pat", "action", "redact"), 2);
        awaitSample("airlock_findings_total", with(target, "rule", "private-key", "action", "block"), 1);
        awaitSample("airlock_unscanned_total", with(target, "reason", "content_type"), 1);
        awaitSample("airlock_upstream_errors_total", with(target, "route", "offline", "kind", "connect"), 1);
        awaitSample("airlock_restored_total", with(target, "where", "tool_arguments"), 1);
        awaitSample("airlock_websocket_messages_total", with(target, "route", "codex", "action", "redact"), 1);
        // Every reason is present (at zero) from start-up, which is what lets increase() see the first one.
        List<JsonNode> unscanned = prometheus.query("airlock_unscanned_total{job=\"airlock\"}");
        assertThat(unscanned.stream().map(s -> s.path("metric").path("reason").asText()).collect(Collectors.toSet()))
                .isEqualTo(Arrays.stream(Unscanned.values()).map(Unscanned::label).collect(Collectors.toSet()));
        // The scan histogram: as many scans as Airlock counted (at least the redacted, the blocked and the one whose
        // provider was down), in many buckets, and the p99 the alert reads is a number.
        Matcher count = Pattern.compile("(?m)^airlock_scan_seconds_count (\\S+)$").matcher(airlock.scrape());
        assertThat(count.find()).as("airlock_scan_seconds_count in /metrics").isTrue();
        double scans = Double.parseDouble(count.group(1));
        assertThat(scans).isGreaterThanOrEqualTo(3);
        awaitSample("airlock_scan_seconds_bucket", with(target, "le", "+Inf"), scans);
        assertThat(prometheus.query("airlock_scan_seconds_bucket{job=\"airlock\"}")).hasSizeGreaterThan(10);
        List<JsonNode> p99 = prometheus.awaitQuery(
                "histogram_quantile(0.99, sum by (le) (rate(airlock_scan_seconds_bucket{job=\"airlock\"}[1m])))",
                r -> r.size() == 1 && Double.isFinite(value(r.get(0))), WAIT, "scan p99");
        System.out.printf("Prometheus on %s: scan p99 %.6f s over the test's traffic%n", prometheus.base(),
                value(p99.get(0)));
        // Nothing Prometheus stored holds a planted secret.
        String series = prometheus.get("/api/v1/series?match[]=" + PrometheusServer.encode("{job=\"airlock\"}")).body();
        assertThat(series).contains("airlock_findings_total").doesNotContain(githubToken)
                .doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void prometheusLoadsTheAlertRulesAndFiresTheUnscannedAlert() throws Exception {
        startFleet();
        int rules = alertRules().size();
        JsonNode groups = prometheus.awaitApi("/api/v1/rules", d -> {
            JsonNode g = find(d.path("groups"), "name", "airlock");
            return g.path("rules").size() == rules && all(g.path("rules"), r -> r.path("health").asText().equals("ok"));
        }, WAIT, "every rule evaluated without error");
        assertThat(find(groups.path("groups"), "name", "airlock").path("rules").findValuesAsText("name"))
                .containsAll(ALERTS);
        // The binary body arrived after Prometheus' first scrape saw the counter at 0: increase() > 0 fires it.
        JsonNode alerts = prometheus.awaitApi("/api/v1/alerts", d -> any(d.path("alerts"),
                a -> a.path("labels").path("alertname").asText().equals("AirlockUnscannedRequests")
                        && a.path("state").asText().equals("firing")), WAIT, "AirlockUnscannedRequests firing");
        JsonNode firing = find(alerts.path("alerts"), "labels", "alertname", "AirlockUnscannedRequests");
        assertThat(firing.path("state").asText()).isEqualTo("firing");
        assertThat(firing.path("labels").path("reason").asText()).isEqualTo("content_type");
        assertThat(firing.path("annotations").path("summary").asText())
                .isEqualTo("Request bodies not scanned in the last 10m (reason content_type)");
        assertThat(alerts.path("alerts").findValuesAsText("alertname")).doesNotContain("AirlockDown");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadExistsInPrometheus() throws Exception {
        startFleet();
        JsonNode dash = JSON.readTree(DASHBOARD.toFile());
        Map<String, String> queries = new LinkedHashMap<>(); // where → expr
        for (JsonNode panel : panels(dash)) {
            for (JsonNode t : panel.path("targets")) {
                queries.put("panel \"" + panel.path("title").asText() + "\" " + t.path("refId").asText(),
                        t.path("expr").asText());
            }
        }
        for (JsonNode v : dash.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                queries.put("variable " + v.path("name").asText(), v.path("query").path("query").asText());
            }
        }
        for (JsonNode rule : alertRules()) {
            queries.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
        }
        Map<String, Set<String>> readers = new TreeMap<>();
        queries.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as("%s selects a metric: %s", where, expr).isNotEmpty();
            names.forEach(n -> readers.computeIfAbsent(n, k -> new TreeSet<>()).add(where));
        });
        System.out.printf("metrics read by the dashboard and the alerts: %s%n", readers.keySet());
        String scrape = airlock.scrape();
        for (String name : readers.keySet()) {
            prometheus.awaitQuery("count({__name__=\"" + name + "\", job=\"airlock\"})", r -> !r.isEmpty(), WAIT,
                    name + " (read by " + readers.get(name) + ") in Prometheus");
            if (!name.equals("up")) {
                assertThat(scrape).as("Airlock's /metrics").containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
            }
        }
        // Every metric the README documents has a panel.
        for (String documented : readmeMetrics()) {
            assertThat(readers.keySet()).as("a dashboard or alert query reads %s", documented)
                    .anyMatch(n -> n.equals(documented) || n.startsWith(documented + "_"));
            assertThat(queries.entrySet().stream().filter(q -> q.getKey().startsWith("panel "))
                    .map(Map.Entry::getValue)).as("a panel reads %s", documented)
                    .anyMatch(expr -> expr.contains(documented));
        }
        // Each panel query, its variables resolved, is valid PromQL with data behind it now.
        for (Map.Entry<String, String> q : queries.entrySet()) {
            if (q.getKey().startsWith("panel ")) {
                prometheus.awaitQuery(PromQl.resolveGrafana(q.getValue()), r -> !r.isEmpty(), WAIT, q.getKey());
            } else if (q.getKey().startsWith("alert ")) {
                prometheus.query(q.getValue()); // valid; empty while nothing is wrong
            }
        }
        // The variables offer this replica and its routes.
        String instance = "127.0.0.1:" + airlock.admin().getPort();
        assertThat(texts(prometheus.api("/api/v1/label/instance/values?match[]=airlock_connections_active")))
                .contains(instance);
        assertThat(texts(prometheus.api("/api/v1/label/route/values?match[]=airlock_requests_total")))
                .contains("openai", "offline");
    }

    // ---- the fleet: fake provider, Airlock, Prometheus, traffic ------------------------------------------------

    /** Starts the fleet once for the class, sends the traffic, and waits until Prometheus has scraped it. */
    private static synchronized void startFleet() throws Exception {
        if (prometheus != null) {
            return;
        }
        Path binary = binary("prometheus");
        TestCa ca = TestCa.create();
        fake = FakeProvider.start(ca);
        sockets = FakeWebSocketProvider.start(ca, "127.0.0.1");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        AirlockConfig base = RunningAirlock.configFor(fake.baseUrl(), ca.writePem(tmp));
        List<RouteConfig> routes = new ArrayList<>(base.routes());
        routes.add(new RouteConfig("offline", "https://127.0.0.1:" + closedPort, Dialect.OPENAI));
        routes.add(new RouteConfig("codex", sockets.baseUrl(), Dialect.OPENAI));
        airlock = RunningAirlock.start(RunningAirlock.withPolicy(new AirlockConfig(base.listen(), base.admin(), routes,
                base.upstream(), base.intercept(), base.policy(), base.limits(), base.timeouts(), base.audit(),
                base.rules(), base.access(), base.response(), new WebSocketConfig(WebSocketConfig.Responses.SCAN)),
                new PolicyConfig(Action.REDACT, Map.of("private-key", Action.BLOCK), Action.BLOCK))
                .withResponse(new ResponseConfig(ResponseAction.REDACT)));
        prometheus = PrometheusServer.start(binary, scrapeConfigFor(airlock.admin()), tmp, WAIT);
        // Traffic only after the first scrape, so the counters' step from 0 is inside Prometheus' data.
        prometheus.awaitQuery("up{job=\"airlock\"} == 1", r -> r.size() == 1, WAIT, "the first scrape of Airlock");
        prometheus.awaitQuery("airlock_unscanned_total", r -> r.size() == Unscanned.values().length, WAIT,
                "the unscanned counters at 0");
        sendTraffic();
    }

    /** The shipped prometheus.yml, aimed at this Airlock's admin port, scraping and evaluating every second. */
    private static Path scrapeConfigFor(URI admin) throws Exception {
        ObjectNode config = (ObjectNode) YAML.readTree(PROMETHEUS_DIR.resolve("prometheus.yml").toFile());
        assertThat(config.path("rule_files").path(0).asText()).isEqualTo("alerts.yml");
        ObjectNode job = (ObjectNode) find(config.path("scrape_configs"), "job_name", "airlock");
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        ArrayNode targets = (ArrayNode) job.path("static_configs").path(0).path("targets");
        assertThat(texts(targets)).containsExactly("airlock:8081");
        targets.removeAll().add("127.0.0.1:" + admin.getPort());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s")
                .put("scrape_timeout", "1s");
        ((ArrayNode) config.path("rule_files")).removeAll().add(PROMETHEUS_DIR.resolve("alerts.yml").toString());
        Path out = tmp.resolve("prometheus.yml");
        YAML.writeValue(out.toFile(), config);
        return out;
    }

    private static void sendTraffic() throws Exception {
        githubToken = Credentials.githubToken(RANDOM);
        privateKey = Credentials.pemPrivateKey(RANDOM);
        URI proxy = airlock.base();
        // The model answers with a credential of its own (airlock_response_findings_total and, as it is replaced,
        // airlock_response_redactions_total get a series) and calls a tool with the placeholder it was sent, which the
        // client gets back as the token (airlock_restored_total).
        String ownCredential = Credentials.githubToken(RANDOM);
        fake.respond(exchange -> {
            Matcher placeholder = Redactor.PLACEHOLDER.matcher(exchange.request().bodyText());
            String args = "{\\\"token\\\": \\\"" + (placeholder.find() ? placeholder.group() : "none") + "\\\"}";
            exchange.sendFull(200, "application/json", ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"here it is: "
                    + ownCredential + "\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"deploy\",\"arguments\":\"" + args + "\"}}]},\"finish_reason\":\"tool_calls\"}]}")
                    .getBytes(UTF_8));
        });
        HttpResponse<String> redacted = post(proxy, "/openai" + CHAT, "application/json",
                chat("deploy it, the token is " + githubToken));
        assertThat(redacted.statusCode()).as(redacted.body()).isEqualTo(200);
        assertThat(JSON.readTree(JSON.readTree(redacted.body()).path("choices").path(0).path("message")
                .path("tool_calls").path(0).path("function").path("arguments").asText()).path("token").asText())
                .isEqualTo(githubToken);
        String forwarded = fake.takeRequest(WAIT).bodyText();
        assertThat(forwarded).doesNotContain(githubToken).contains(airlock.placeholder("github-pat", githubToken));
        HttpResponse<String> blocked = post(proxy, "/openai" + CHAT, "application/json",
                chat("why does this key not work?\n" + privateKey));
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(400);
        byte[] binaryBody = new byte[256];
        RANDOM.nextBytes(binaryBody);
        HttpResponse<String> unscannable = HTTP.send(HttpRequest.newBuilder(URI.create(proxy + "/openai" + CHAT))
                .timeout(WAIT).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binaryBody)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unscannable.statusCode()).isEqualTo(415);
        HttpResponse<String> down = post(proxy, "/offline" + CHAT, "application/json", chat("hello"));
        assertThat(down.statusCode()).as(down.body()).isEqualTo(502);
        // Codex's Responses API over a WebSocket: one response.create with the token, redacted before it goes on.
        WebSocket socket = HTTP.newWebSocketBuilder()
                .header("authorization", "Bearer sk-test-" + Credentials.random(RANDOM, Credentials.BASE62, 20))
                .buildAsync(URI.create("ws://127.0.0.1:" + proxy.getPort() + "/codex/v1/responses"),
                        new WebSocket.Listener() { })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText(JSON.writeValueAsString(Map.of("type", "response.create", "model", "gpt-5-codex", "input",
                List.of(Map.of("role", "user", "content", "the token is " + githubToken)))), true).get();
        assertThat(sockets.takeMessage(WAIT).text()).doesNotContain(githubToken)
                .contains(airlock.placeholder("github-pat", githubToken));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
    }

    private static String chat(String content) throws Exception {
        return JSON.writeValueAsString(Map.of("model", "gpt-4o", "messages",
                List.of(Map.of("role", "user", "content", content))));
    }

    private static HttpResponse<String> post(URI base, String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).header("content-type", type)
                .header("authorization", "Bearer sk-test-" + Credentials.random(RANDOM, Credentials.BASE62, 20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stopFleet() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            try {
                if (airlock != null) {
                    airlock.close();
                }
            } finally {
                if (fake != null) {
                    fake.close();
                }
                if (sockets != null) {
                    sockets.close();
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Polls until Prometheus holds exactly one {@code name} series with at least {@code labels}, of {@code value}. */
    private static void awaitSample(String name, Map<String, String> labels, double value) throws Exception {
        String selector = labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", name + "{", "}"));
        List<JsonNode> r = prometheus.awaitQuery(selector, s -> s.size() == 1 && value(s.get(0)) == value, WAIT,
                name + " " + labels + " = " + value);
        JsonNode metric = r.get(0).path("metric");
        labels.forEach((k, v) -> assertThat(metric.path(k).asText()).as("%s label %s", name, k).isEqualTo(v));
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> out = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static double value(JsonNode sample) {
        return Double.parseDouble(sample.path("value").path(1).asText());
    }

}
