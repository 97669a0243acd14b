package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.RANDOM;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.dashboard.AdminToken;
import dev.airlock.proxy.testing.Chromium;
import dev.airlock.proxy.testing.Responder;
import dev.airlock.proxy.testing.SecretWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium: after redacted, blocked and unscanned requests carrying planted secrets,
 * the page shows the events, the charts and the unscanned count, and neither the page (its text and its HTML) nor
 * any API answer it reads holds a planted secret or any 8-character piece of one. Keeps a screenshot in
 * {@code target/dashboard.png}, and in {@code docs/dashboard.png} with {@code AIRLOCK_UPDATE_SCREENSHOT=1}
 * (environment or system property). Skipped where Debian's {@code chromium} and {@code chromium-driver} are absent.
 */
class DashboardChromiumTest extends LiveTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BROWSER_WAIT = Duration.ofSeconds(30);

    /** Planted besides {@link LiveTraffic#SECRET}: one per request, so that each can be looked for on its own. */
    private static final String BLOCKED_SECRET = Credentials.githubToken(RANDOM);
    private static final String PEM_KEY = Credentials.pemPrivateKey(RANDOM);
    private static final String PASSWORD = Credentials.password(RANDOM);
    private static final String IMAGE_SECRET = Credentials.githubToken(RANDOM);

    /** Waits inside the page (no polling from here) until every wanted text and a bar of the timeline are shown. */
    private static final String SHOWN = """
            const wanted = arguments[0];
            const done = arguments[arguments.length - 1];
            function ready() {
              const text = document.body.innerText;
              return wanted.every(w => text.includes(w))
                  && document.querySelectorAll('#timeline rect.bar').length > 0;
            }
            if (ready()) { done(true); return; }
            const watch = new MutationObserver(() => { if (ready()) { watch.disconnect(); done(true); } });
            watch.observe(document.body, {childList: true, subtree: true, characterData: true});
            """;

    @Test
    void afterTrafficWithPlantedSecretsThePageShowsEventsAndChartsAndNoSecret() throws Exception {
        assumeTrue(Chromium.available(), "needs Debian's chromium and chromium-driver packages (.ci/run installs them)");
        fake.respond(Responder.json(200, "{\"ok\":true}"));
        airlock = RunningAirlock.start(RunningAirlock.configFor(fake.baseUrl(), caPem), RunningAirlock.ca(),
                new Redactor(Credentials.randomKey()), AuditLog.NONE);
        sendTraffic();

        Path target = Path.of("target");
        try (Chromium chrome = Chromium.start(target.resolve("chromedriver.log"), 1400, 1000, BROWSER_WAIT)) {
            chrome.open(URI.create(airlock.admin() + "/"));
            chrome.executeAsync(SHOWN, List.of("github-pat", "ghp_…•••", "block", "redact", "unscanned", "openai",
                    "anthropic", "127.0.0.2", "export OPENAI_BASE_URL=" + airlock.base() + "/openai/v1"));

            String text = chrome.execute("return document.body.innerText;").asText();
            String html = chrome.execute("return document.documentElement.outerHTML;").asText();
            JsonNode page = chrome.execute("""
                    const q = s => document.querySelectorAll(s);
                    return {
                      feedRows: q('#feed tr').length,
                      timelineBars: q('#timeline rect.bar').length,
                      ruleBars: q('#by-rule .bar-fill').length,
                      ruleBarWidth: q('#by-rule .bar-fill')[0].getBoundingClientRect().width,
                      unscannedHour: document.getElementById('unscanned-hour').textContent,
                      blockedHour: document.getElementById('blocked-hour').textContent,
                      redactedHour: document.getElementById('redacted-hour').textContent,
                      topClients: q('#top-clients tr').length,
                      background: getComputedStyle(document.body).backgroundColor,
                      status: document.getElementById('status').className
                    };""");

            // the events: rule, action, provider, client, masked preview
            assertThat(text).contains("github-pat", "block", "redact", "openai", "anthropic", "127.0.0.1",
                    "127.0.0.2", "ghp_…•••", "unscanned: content_type", "/ca.pem", "/proxy.pac", "airlock env");
            assertThat(page.get("feedRows").asInt()).isEqualTo(5);
            // the charts: bars drawn by the script, sized through the stylesheet the CSP admits
            assertThat(page.get("timelineBars").asInt()).isPositive();
            assertThat(page.get("ruleBars").asInt()).isPositive();
            assertThat(page.get("ruleBarWidth").asDouble()).isPositive();
            assertThat(page.get("background").asText()).isEqualTo("rgb(15, 20, 25)");
            assertThat(page.get("unscannedHour").asText()).isEqualTo("1");
            assertThat(page.get("blockedHour").asText()).isEqualTo("1");
            assertThat(page.get("redactedHour").asText()).isEqualTo("3");
            assertThat(page.get("topClients").asInt()).isEqualTo(3);
            assertThat(page.get("status").asText()).contains("live");

            Set<String> pieces = SecretWatch.pieces(planted());
            assertNoPiece("the page's text", text, pieces);
            assertNoPiece("the page's HTML", html, pieces);
            for (String path : List.of("/", "/dashboard.js", "/dashboard.css", "/api/events", "/api/events?after=0",
                    "/api/summary", "/api/setup")) {
                HttpResponse<String> res = LiveTraffic.HTTP.send(HttpRequest.newBuilder(URI.create(airlock.admin() + path))
                        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path).isEqualTo(200);
                assertNoPiece(path, res.body(), pieces);
            }

            // the whole page in one picture: the window grows by what its own frame takes
            JsonNode size = chrome.execute("return [document.documentElement.scrollHeight, "
                    + "window.outerHeight - window.innerHeight];");
            chrome.resize(1400, Math.min(size.get(0).asInt() + size.get(1).asInt(), 4000));
            chrome.execute("window.scrollTo(0, 0);");
            byte[] png = chrome.screenshot();
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            Files.write(target.resolve("dashboard.png"), png);
            if ("1".equals(System.getProperty("AIRLOCK_UPDATE_SCREENSHOT", System.getenv("AIRLOCK_UPDATE_SCREENSHOT")))) {
                Files.write(Files.createDirectories(repositoryRoot().resolve("docs")).resolve("dashboard.png"), png);
            }
        }
    }

    @Test
    void beyondLoopbackTheDashboardAndItsApiNeedTheToken() throws Exception {
        AirlockConfig open = RunningAirlock.configFor(fake.baseUrl(), caPem)
                .withListeners(new HostPort("127.0.0.1", 0), new HostPort("0.0.0.0", 0));
        assertThatThrownBy(() -> RunningAirlock.start(open, RunningAirlock.ca(), new Redactor(Credentials.randomKey()),
                AuditLog.NONE)).hasMessageContaining("needs an admin token");

        AdminToken token = AdminToken.forAdmin(open.admin(), Files.createDirectories(dir.resolve("home-" + System.nanoTime())));
        airlock = RunningAirlock.start(open, RunningAirlock.ca(), new Redactor(Credentials.randomKey()), AuditLog.NONE,
                token);
        fake.respond(Responder.json(200, "{\"ok\":true}"));
        assertThat(LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", LiveTraffic.openAiBody(false))
                .statusCode()).isEqualTo(200);

        assertThat(admin("/api/summary", null).statusCode()).isEqualTo(401);
        assertThat(admin("/api/events", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(admin("/", null).statusCode()).isEqualTo(401);
        HttpResponse<String> summary = admin("/api/summary", "Bearer " + token.value());
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(summary.body()).get("hour").get("redacted").asLong()).isEqualTo(1);
        assertThat(admin("/?token=" + token.value(), null).statusCode()).isEqualTo(200);
        // what Prometheus, probes and clients fetch stays open
        for (String path : List.of("/metrics", "/healthz", "/readyz", "/ca.pem", "/proxy.pac")) {
            assertThat(admin(path, null).statusCode()).as(path).isEqualTo(200);
        }

        if (Chromium.available()) {
            // the page takes the token from its URL and sends it on every API call
            try (Chromium chrome = Chromium.start(Path.of("target", "chromedriver-token.log"), 1400, 1000,
                    BROWSER_WAIT)) {
                chrome.open(URI.create(airlock.admin() + "/?token=" + token.value()));
                chrome.executeAsync(SHOWN, List.of("github-pat", "ghp_…•••", "redact"));
                assertThat(chrome.execute("return document.getElementById('status').className;").asText())
                        .contains("live");
            }
        }
    }

    private HttpResponse<String> admin(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(airlock.admin() + path)).timeout(WAIT);
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        return LiveTraffic.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Three redactions (OpenAI from the JDK client on 127.0.0.1, Anthropic from 127.0.0.2, Gemini from 127.0.0.3),
     * a block (a token in the URL path) and an unscanned image whose bytes hold a token.
     */
    private void sendTraffic() throws Exception {
        assertThat(LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions", LiveTraffic.openAiBody(false))
                .statusCode()).isEqualTo(200);
        String anthropic = JSON.writeValueAsString(Map.of("model", "claude-sonnet-4", "max_tokens", 64,
                "messages", List.of(Map.of("role", "user", "content", "why does this fail?\n" + PEM_KEY))));
        assertThat(postFrom("127.0.0.2", "/anthropic/v1/messages", anthropic)).isEqualTo(200);
        String gemini = JSON.writeValueAsString(Map.of("contents", List.of(Map.of("parts",
                List.of(Map.of("text", "the .env has DB_PASSWORD=" + PASSWORD + " in it"))))));
        assertThat(postFrom("127.0.0.3", "/gemini/v1beta/models/gemini-pro:generateContent", gemini)).isEqualTo(200);
        assertThat(LiveTraffic.post(airlock.base(), "/openai/v1/files/" + BLOCKED_SECRET + "/content", "{}")
                .statusCode()).isEqualTo(400);
        byte[] image = ("\u0089PNG\r\n\u001a\n" + IMAGE_SECRET).getBytes(ISO_8859_1);
        assertThat(LiveTraffic.HTTP.send(HttpRequest.newBuilder(airlock.base().resolve("/openai/v1/images/edits"))
                .timeout(WAIT).header("content-type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(image))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
    }

    /** A POST from another loopback address (the JDK client cannot choose its source address on Java 17). */
    private int postFrom(String source, String path, String json) throws IOException {
        byte[] body = json.getBytes(UTF_8);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", airlock.port()), (int) WAIT.toMillis());
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + airlock.port() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));
            out.write(body);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), ISO_8859_1);
            return Integer.parseInt(answer.split(" ", 3)[1]);
        }
    }

    private static Set<String> planted() {
        return Set.of(SECRET, BLOCKED_SECRET, PEM_KEY, PASSWORD, IMAGE_SECRET);
    }

    private static void assertNoPiece(String where, String text, Set<String> pieces) {
        int at = SecretWatch.pieceAt(text, pieces);
        assertThat(at).as("%s holds an 8-character piece of a planted secret at character %s", where, at)
                .isEqualTo(-1);
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
