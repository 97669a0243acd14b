package dev.airlock.proxy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.Action;
import dev.airlock.config.HostPort;
import dev.airlock.detector.Detector;
import dev.airlock.proxy.testing.MutableClock;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's HTTP answers on an {@link EmbeddedChannel}: the JSON API's exact fields (so that no field a value
 * could travel in exists), the page's strict headers, the token, and everything else passed on to the admin handler.
 */
class DashboardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HostPort PROXY = new HostPort("127.0.0.1", 18080);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:30Z"));
    private final RecentEvents recent = new RecentEvents(clock, 50, 100);

    private EmbeddedChannel channel(AdminToken token, HostPort proxy) {
        return new EmbeddedChannel(new DashboardHandler(recent, Detector.builtIn().rules(), token, proxy));
    }

    private record Answer(int status, String type, String body, io.netty.handler.codec.http.HttpHeaders headers) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static Answer get(EmbeddedChannel ch, String uri, String... headers) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        req.headers().set("Host", "127.0.0.1:18081");
        for (int i = 0; i < headers.length; i += 2) {
            req.headers().set(headers[i], headers[i + 1]);
        }
        ch.writeInbound(req);
        FullHttpResponse res = ch.readOutbound();
        try {
            return new Answer(res.status().code(), res.headers().get("content-type"),
                    res.content().toString(StandardCharsets.UTF_8), res.headers().copy());
        } finally {
            res.release();
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void theFeedHoldsMetadataOnlyNewestFirstAndIncrementally() throws Exception {
        recent.record(Events.redaction("10.0.0.1"));
        recent.record(Events.block("10.0.0.2"));
        recent.record(Events.unscanned("10.0.0.3"));
        EmbeddedChannel ch = channel(null, PROXY);

        Answer all = get(ch, "/api/events");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.type()).isEqualTo("application/json");
        assertThat(all.headers().get("cache-control")).isEqualTo("no-store");
        JsonNode root = all.json();
        assertThat(fields(root)).containsExactly("events", "latest");
        assertThat(root.get("latest").asLong()).isEqualTo(3);
        List<JsonNode> events = new ArrayList<>();
        root.get("events").forEach(events::add);
        assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(3L, 2L, 1L);
        for (JsonNode e : events) {
            assertThat(fields(e)).containsExactly("action", "client", "event", "findingCount", "findings", "host",
                    "path", "provider", "route", "seq", "status", "time", "unscanned", "user");
            for (JsonNode f : e.get("findings")) {
                assertThat(fields(f)).containsExactly("action", "fingerprint", "length", "location", "preview", "rule");
            }
        }
        JsonNode redaction = events.get(2);
        assertThat(redaction.get("action").asText()).isEqualTo("redact");
        assertThat(redaction.get("client").asText()).isEqualTo("10.0.0.1");
        assertThat(redaction.get("user").isNull()).isTrue();
        JsonNode finding = redaction.get("findings").get(0);
        assertThat(finding.get("rule").asText()).isEqualTo("github-pat");
        assertThat(finding.get("preview").asText()).isEqualTo("ghp_…•••");
        assertThat(finding.get("location").asText()).isEqualTo("messages[0].content, line 1");
        assertThat(finding.get("length").asInt()).isEqualTo(40);
        assertThat(finding.get("action").asText()).isEqualTo(Action.REDACT.label());
        assertThat(events.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(events.get(0).get("unscanned").asText()).isEqualTo("content_type");
        assertThat(events.get(0).get("findingCount").asInt()).isZero();

        JsonNode newer = get(ch, "/api/events?after=2").json();
        assertThat(newer.get("events")).hasSize(1);
        assertThat(newer.get("events").get(0).get("seq").asLong()).isEqualTo(3);
        assertThat(get(ch, "/api/events?after=3").json().get("events")).isEmpty();
        assertThat(get(ch, "/api/events?after=-1").status()).isEqualTo(400);
        assertThat(get(ch, "/api/events?after=x").status()).isEqualTo(400);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theSummaryCountsTheHourAndTheDay() throws Exception {
        recent.record(Events.redaction("10.0.0.1"));
        recent.record(Events.redaction("10.0.0.1"));
        recent.record(Events.block("10.0.0.2"));
        recent.record(Events.unscanned("10.0.0.3"));
        clock.advance(java.time.Duration.ofHours(2));
        recent.record(Events.block("10.0.0.2"));
        EmbeddedChannel ch = channel(null, PROXY);

        JsonNode root = get(ch, "/api/summary").json();
        assertThat(fields(root)).containsExactly("day", "hour", "now");
        JsonNode hour = root.get("hour");
        JsonNode day = root.get("day");
        for (JsonNode w : List.of(hour, day)) {
            assertThat(fields(w)).containsExactly("audited", "blocked", "byAction", "byClient", "byProvider", "byRule",
                    "events", "redacted", "start", "timeline", "unscanned", "unscannedByReason");
        }
        assertThat(hour.get("events").asLong()).isEqualTo(1);
        assertThat(hour.get("blocked").asLong()).isEqualTo(1);
        assertThat(hour.get("redacted").asLong()).isZero();
        assertThat(hour.get("timeline")).hasSize(60);
        assertThat(hour.get("timeline").get(59).get("blocked").asLong()).isEqualTo(1);
        assertThat(day.get("events").asLong()).isEqualTo(5);
        assertThat(day.get("blocked").asLong()).isEqualTo(2);
        assertThat(day.get("redacted").asLong()).isEqualTo(2);
        assertThat(day.get("unscanned").asLong()).isEqualTo(1);
        assertThat(day.get("timeline")).hasSize(24);
        assertThat(day.get("unscannedByReason").get(0).get("key").asText()).isEqualTo("content_type");
        JsonNode topClient = day.get("byClient").get(0);
        assertThat(fields(topClient)).containsExactly("blocked", "count", "key", "redacted");
        assertThat(topClient.get("key").asText()).isIn("10.0.0.1", "10.0.0.2");
        assertThat(topClient.get("count").asLong()).isEqualTo(2);
        assertThat(day.get("byClient")).hasSize(2); // the unscanned-only client is not offending
        assertThat(day.get("byRule").get(0).get("key").asText()).isIn("github-pat", "aws-access-key-id");
        assertThat(day.get("byProvider").get(0).get("key").asText()).isEqualTo("openai");
        assertThat(day.get("byProvider").get(0).get("count").asLong()).isEqualTo(3);
        ch.finishAndReleaseAll();
    }

    @Test
    void thePageAndItsAssetsComeWithStrictHeaders() {
        EmbeddedChannel ch = channel(null, PROXY);
        for (String[] asset : new String[][] {{"/", "text/html"}, {"/dashboard.js", "text/javascript"},
                {"/dashboard.css", "text/css"}, {"/api/summary", "application/json"}}) {
            Answer a = get(ch, asset[0]);
            assertThat(a.status()).as(asset[0]).isEqualTo(200);
            assertThat(a.type()).as(asset[0]).startsWith(asset[1]);
            assertThat(a.headers().get("content-security-policy")).isEqualTo("default-src 'self'; img-src 'self' "
                    + "data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
            assertThat(a.headers().get("x-content-type-options")).isEqualTo("nosniff");
            assertThat(a.headers().get("referrer-policy")).isEqualTo("no-referrer");
        }
        String page = get(ch, "/").body();
        assertThat(page).contains("<script src=\"/dashboard.js\"").contains("href=\"/dashboard.css\"")
                .doesNotContain("http://", "https://", "<style", "style=", "onclick");
        // the SVG namespace is a name, not an address anything is loaded from
        String script = get(ch, "/dashboard.js").body().replace("'http://www.w3.org/2000/svg'", "SVG_NS");
        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "http://", "https://");
        assertThat(get(ch, "/dashboard.css").body()).doesNotContain("@import", "url(");
        ch.finishAndReleaseAll();
    }

    @Test
    void theSetupPanelNamesTheProxyAndPointsAtAirlockEnv() throws Exception {
        EmbeddedChannel ch = channel(null, PROXY);
        JsonNode setup = get(ch, "/api/setup").json();
        assertThat(setup.get("proxy").asText()).isEqualTo("http://127.0.0.1:18080");
        assertThat(setup.get("ca").asText()).isEqualTo("/ca.pem");
        assertThat(setup.get("pac").asText()).isEqualTo("/proxy.pac");
        assertThat(setup.get("baseUrl").toString()).contains("export OPENAI_BASE_URL=http://127.0.0.1:18080/openai/v1")
                .contains("export ANTHROPIC_BASE_URL=http://127.0.0.1:18080/anthropic");
        assertThat(setup.get("forward").toString()).contains("export HTTPS_PROXY=http://127.0.0.1:18080");
        assertThat(setup.get("clients").toString()).contains("claude-code", "codex", "copilot");
        assertThat(setup.get("tokenRequired").asBoolean()).isFalse();
        ch.finishAndReleaseAll();

        // a proxy on every address: clients reach it by the name the browser used for the admin port
        EmbeddedChannel wide = channel(AdminToken.of("t"), new HostPort("0.0.0.0", 18080));
        JsonNode remote = get(wide, "/api/setup", "Host", "gateway.corp.example:8081", "Authorization", "Bearer t")
                .json();
        assertThat(remote.get("proxy").asText()).isEqualTo("http://gateway.corp.example:18080");
        assertThat(remote.get("tokenRequired").asBoolean()).isTrue();
        JsonNode odd = get(wide, "/api/setup", "Host", "x\"y<z>", "Authorization", "Bearer t").json();
        assertThat(odd.get("proxy").asText()).isEqualTo("http://127.0.0.1:18080");
        wide.finishAndReleaseAll();
    }

    @Test
    void withATokenThePageAndApiAnswer401WithoutIt() {
        EmbeddedChannel ch = channel(AdminToken.of("tok-123"), PROXY);
        Answer denied = get(ch, "/api/summary");
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.body()).contains("admin token").doesNotContain("tok-123");
        assertThat(denied.headers().get("www-authenticate")).startsWith("Bearer");
        assertThat(get(ch, "/").status()).isEqualTo(401);
        assertThat(get(ch, "/?token=tok-123").status()).isEqualTo(200);
        assertThat(get(ch, "/api/summary", "Authorization", "Bearer tok-123").status()).isEqualTo(200);
        assertThat(get(ch, "/api/nope", "Authorization", "Bearer tok-123").status()).isEqualTo(404);
        // the assets hold no data and a <script src> cannot carry the token
        assertThat(get(ch, "/dashboard.js").status()).isEqualTo(200);
        ch.finishAndReleaseAll();
    }

    @Test
    void aForeignHostNameOnLoopbackIsRefused() {
        EmbeddedChannel ch = channel(null, PROXY);
        assertThat(get(ch, "/api/events", "Host", "rebind.attacker.example:18081").status()).isEqualTo(403);
        ch.finishAndReleaseAll();
    }

    @Test
    void everythingElsePassesOnToTheAdminHandler() {
        EmbeddedChannel ch = channel(null, PROXY);
        for (String uri : new String[] {"/metrics", "/ca.pem", "/proxy.pac", "/healthz", "/favicon.ico"}) {
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
            ch.writeInbound(req);
            FullHttpRequest passed = ch.readInbound();
            assertThat(passed).isSameAs(req);
            passed.release();
        }
        FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/events");
        ch.writeInbound(post);
        FullHttpRequest passed = ch.readInbound();
        assertThat(passed).isSameAs(post); // the admin handler answers 405
        passed.release();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }
}
