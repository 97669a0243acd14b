package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Responder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock serve} as a real process: starts with defaults, prints where it listens, exits 0 on SIGTERM. */
@Timeout(120)
class ServeCommandTest {

    private static final Pattern LISTENING = Pattern.compile("Airlock is listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("Admin: http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Pattern DASHBOARD_WITH_TOKEN =
            Pattern.compile("Dashboard: http://127\\.0\\.0\\.1:(\\d+)/\\?token=<the token in (\\S+)>");

    @TempDir
    Path dir;

    @Test
    void startsWithoutConfigServesHealthAndStopsCleanlyOnSigterm() throws Exception {
        Process p = start("serve", "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--home", dir.toString());
        BlockingQueue<String> out = lines(p);
        try {
            List<String> banner = readUntil(out, "Policy:");
            String text = String.join("\n", banner);
            Matcher proxy = LISTENING.matcher(text);
            Matcher admin = ADMIN.matcher(text);
            assertThat(proxy.find()).as(text).isTrue();
            assertThat(admin.find()).as(text).isTrue();
            assertThat(text).contains("export ANTHROPIC_BASE_URL=http://127.0.0.1:" + proxy.group(1) + "/anthropic")
                    .contains("export OPENAI_BASE_URL=http://127.0.0.1:" + proxy.group(1) + "/openai/v1")
                    .contains("openai_base_url = \"http://127.0.0.1:" + proxy.group(1) + "/openai/v1\"")
                    .contains("openai").contains("anthropic").contains("gemini").contains("ollama");

            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.group(1) + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.exists(dir.resolve("install.key"))).isTrue();
            HttpResponse<String> ca = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.group(1) + "/ca.pem")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ca.statusCode()).isEqualTo(200);
            assertThat(ca.body()).startsWith("-----BEGIN CERTIFICATE-----")
                    .isEqualTo(Files.readString(dir.resolve("ca").resolve("airlock-ca.pem")));
            assertThat(text).contains("NODE_EXTRA_CA_CERTS=" + dir.resolve("ca").resolve("airlock-ca.pem"));
            assertThat(text).contains("Dashboard: http://127.0.0.1:" + admin.group(1) + "/\n").doesNotContain("token");
            assertThat(Files.exists(dir.resolve("admin.token"))).as("no token on loopback").isFalse();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.group(1) + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");

            p.toHandle().destroy(); // SIGTERM, leaving our end of the pipes open (Process.destroy closes them)
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(readUntil(out, "airlock: stopped")).isNotEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anAdminPortBeyondLoopbackGetsADashboardTokenWhoseFileTheBannerNames() throws Exception {
        Process p = start("serve", "--listen", "127.0.0.1:0", "--admin", "0.0.0.0:0", "--home", dir.toString());
        BlockingQueue<String> out = lines(p);
        try {
            String text = String.join("\n", readUntil(out, "Policy:"));
            Matcher dashboard = DASHBOARD_WITH_TOKEN.matcher(text);
            assertThat(dashboard.find()).as(text).isTrue();
            assertThat(dashboard.group(2)).isEqualTo(dir.resolve("admin.token").toString());
            String token = Files.readString(dir.resolve("admin.token")).strip();
            assertThat(text).as("the token itself stays out of standard output").doesNotContain(token);
            URI summary = URI.create("http://127.0.0.1:" + dashboard.group(1) + "/api/summary");
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(summary).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(client.send(HttpRequest.newBuilder(summary).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            p.toHandle().destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void refusesToStartWithABadConfigAndListsEveryProblem() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                listen: 127.0.0.1:99999
                policy:
                  action: shred
                  rules:
                    no-such-rule: block
                """);
        Process p = start("serve", "--config", config.toString(), "--home", dir.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("listen").contains("policy.action").contains("line 3");
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAuthentication() throws Exception {
        Process p = start("serve", "--listen", "0.0.0.0:0", "--admin", "127.0.0.1:0", "--home", dir.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("0.0.0.0:0 is not a loopback address").contains("authentication");
    }

    /** A knownSecrets file that is a symlink (a mounted Secret) reloads when its target changes. */
    @Test
    void aChangeBehindASymlinkedKnownSecretsFileReloads() throws Exception {
        try (FakeProvider provider = FakeProvider.startPlain()) {
            Path secrets = Files.createDirectories(dir.resolve("mounted"));
            Path target = secrets.resolve("real.env");
            Files.writeString(target, "FIRST_TOKEN=Qx7first-Known-Value-1\n");
            Path link = Files.createSymbolicLink(dir.resolve("app.env"), target);
            Path config = dir.resolve("airlock.yaml");
            Files.writeString(config, "routes:\n  - name: openai\n    upstream: " + provider.baseUrl() + "\n"
                    + "knownSecrets:\n  files: [" + link + "]\n");
            Process p = start("serve", "--config", config.toString(), "--listen", "127.0.0.1:0", "--admin",
                    "127.0.0.1:0", "--home", dir.toString());
            BlockingQueue<String> out = lines(p.getInputStream());
            BlockingQueue<String> err = lines(p.getErrorStream());
            try {
                Matcher proxy = LISTENING.matcher(String.join("\n", readUntil(out, "Policy:")));
                assertThat(proxy.find()).isTrue();
                URI chat = URI.create("http://127.0.0.1:" + proxy.group(1) + "/openai/v1/chat/completions");
                String added = "Zz9second-Known-Value-2";
                assertThat(post(chat, "{\"messages\":[]}")).as("serving, its files watched").isEqualTo(200);
                provider.takeRequest(Duration.ofSeconds(10));

                Files.writeString(target, "FIRST_TOKEN=Qx7first-Known-Value-1\nSECOND_TOKEN=" + added + "\n");
                readUntil(err, "configuration reloaded");
                assertThat(post(chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"use " + added + "\"}]}"))
                        .isEqualTo(200);
                assertThat(provider.takeRequest(Duration.ofSeconds(10)).bodyText()).doesNotContain(added);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aChangedConfigFileOrSighupReloadsAndAnInvalidOneKeepsTheRunningConfig() throws Exception {
        try (FakeProvider provider = FakeProvider.startPlain()) {
            Path config = dir.resolve("airlock.yaml");
            String routes = "routes:\n  - name: openai\n    upstream: " + provider.baseUrl() + "\n";
            Files.writeString(config, routes + "policy:\n  action: redact\n");
            Process p = start("serve", "--config", config.toString(), "--listen", "127.0.0.1:0", "--admin",
                    "127.0.0.1:0", "--home", dir.toString());
            BlockingQueue<String> out = lines(p.getInputStream());
            BlockingQueue<String> err = lines(p.getErrorStream());
            try {
                String banner = String.join("\n", readUntil(out, "Policy:"));
                Matcher proxy = LISTENING.matcher(banner);
                Matcher admin = ADMIN.matcher(banner);
                assertThat(proxy.find() && admin.find()).as(banner).isTrue();
                URI chat = URI.create("http://127.0.0.1:" + proxy.group(1) + "/openai/v1/chat/completions");
                URI metrics = URI.create("http://127.0.0.1:" + admin.group(1) + "/metrics");
                String secret = Credentials.githubToken(new java.security.SecureRandom());
                String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"token " + secret + "\"}]}";

                assertThat(post(chat, body)).isEqualTo(200);
                assertThat(provider.takeRequest(Duration.ofSeconds(10)).bodyText()).doesNotContain(secret);

                Files.writeString(config, routes + "policy:\n  action: block\n");
                readUntil(err, "configuration reloaded after a change to airlock.yaml");
                assertThat(post(chat, body)).isEqualTo(400);

                Files.writeString(config, routes + "policy:\n  action: shred\n");
                List<String> refused = readUntil(err, "policy.action");
                assertThat(String.join("\n", refused)).contains("refused").contains("line 5");
                assertThat(post(chat, body)).as("the block policy still runs").isEqualTo(400);

                Files.writeString(config, ""); // a rewrite that truncates first, seen half-way
                assertThat(String.join("\n", readUntil(err, "is empty"))).contains("refused");
                assertThat(post(chat, body)).as("the block policy still runs").isEqualTo(400);

                Files.writeString(config, routes + "policy:\n  action: redact\n");
                readUntil(err, "configuration reloaded after a change to airlock.yaml");
                new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
                readUntil(err, "configuration reloaded after SIGHUP");
                assertThat(post(chat, body)).isEqualTo(200);

                String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(scrape).contains("airlock_config_reloads_total{result=\"rejected\"} 2.0")
                        .contains("airlock_config_reloads_total{result=\"ok\"} 3.0");

                p.toHandle().destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermWithAStreamOpenLetsItFinishThenExitsZero() throws Exception {
        try (FakeProvider provider = FakeProvider.startPlain()) {
            Gate gate = new Gate();
            provider.respond(Responder.sseGated(List.of("data: {\"n\":1}", "data: {\"n\":2}", "data: [DONE]"), gate));
            Path config = Files.writeString(dir.resolve("stream.yaml"),
                    "routes:\n  - name: openai\n    upstream: " + provider.baseUrl() + "\n");
            Process p = start("serve", "--config", config.toString(), "--listen", "127.0.0.1:0", "--admin",
                    "127.0.0.1:0", "--home", dir.toString());
            BlockingQueue<String> out = lines(p.getInputStream());
            try {
                Matcher proxy = LISTENING.matcher(String.join("\n", readUntil(out, "Policy:")));
                assertThat(proxy.find()).isTrue();
                URI chat = URI.create("http://127.0.0.1:" + proxy.group(1) + "/openai/v1/chat/completions");
                gate.release();
                HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(30))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(),
                        HttpResponse.BodyHandlers.ofLines());
                java.util.Iterator<String> lines = stream.body().iterator();
                assertThat(lines.next()).isEqualTo("data: {\"n\":1}");

                p.toHandle().destroy(); // SIGTERM while the stream is open
                readUntil(out, "airlock: stopping");
                gate.release(2);
                List<String> rest = new ArrayList<>();
                lines.forEachRemaining(rest::add);
                assertThat(rest).as("the stream ran to its end").contains("data: {\"n\":2}", "data: [DONE]");
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static int post(URI uri, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AirlockCommand.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    /** Standard output, line by line, read on its own thread so the process never blocks on a full pipe. */
    private static BlockingQueue<String> lines(Process p) {
        return lines(p.getInputStream());
    }

    private static BlockingQueue<String> lines(java.io.InputStream stream) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    q.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static List<String> readUntil(BlockingQueue<String> in, String marker) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.poll(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no \"" + marker + "\" within 60 s; printed: " + lines);
            }
            lines.add(line);
            if (line.startsWith(marker) || line.contains(marker)) {
                return lines;
            }
        }
    }
}
