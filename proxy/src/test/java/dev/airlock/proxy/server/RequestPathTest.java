package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.airlock.proxy.server.WireClients.assumeCurl;
import static dev.airlock.proxy.server.WireClients.compress;
import static dev.airlock.proxy.server.WireClients.gzipBomb;
import static dev.airlock.proxy.server.WireClients.metric;
import static dev.airlock.proxy.server.WireClients.raw;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.Action;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.Dialect;
import dev.airlock.config.HostPort;
import dev.airlock.config.LimitsConfig;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.RouteConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.ShapePlanting.Plant;
import dev.airlock.proxy.server.ShapePlanting.Planted;
import dev.airlock.proxy.server.ShapePlanting.Site;
import dev.airlock.proxy.server.WireClients.Curl;
import dev.airlock.proxy.server.WireClients.RawResponse;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import dev.airlock.proxy.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request path end to end: real clients (the JDK HttpClient, curl, a raw socket where framing matters) talk to a
 * real Airlock whose routes point at a real TLS fake provider. Every credential is generated at run time; the
 * assertions look at the bytes the provider received and at the answers clients get (provider error shapes,
 * x-should-retry, event ids, metrics), and check that no planted secret, nor any 8-character piece of one, ever
 * comes back in an answer.
 */
@Timeout(60)
class RequestPathTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Path SHAPES = Path.of("/work/shared/shapes");
    private static final String FAKE_ANSWER = "{\"id\":\"msg_from_the_fake\",\"ok\":true}";
    private static final String OPENAI_CHAT = "/openai/v1/chat/completions";
    private static final String ANTHROPIC_MESSAGES = "/anthropic/v1/messages";
    private static final String GEMINI_GENERATE = "/gemini/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String OLLAMA_CHAT = "/ollama/api/chat";
    private static final String COHERE_CHAT = "/cohere/v2/chat";
    private static final String JSON = "application/json";

    @TempDir
    static Path dir;
    private static TestCa ca;
    private static Path caPem;
    private static FakeProvider fake;
    /** Default policy: redact, unscannable bodies blocked. */
    private static RunningAirlock redacting;
    /** policy.action block. */
    private static RunningAirlock blocking;
    /** policy.action redact with rules github-pat: block, npm-access-token: audit. */
    private static RunningAirlock overriding;
    /** policy.unscannable audit. */
    private static RunningAirlock lenient;
    /** limits.maxBodyBytes 64 KiB. */
    private static RunningAirlock small;
    private static HttpClient client;

    private final Random random = new Random();
    private int seen;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create();
        caPem = ca.writePem(dir);
        fake = FakeProvider.start(ca);
        redacting = RunningAirlock.start(fake, caPem);
        blocking = RunningAirlock.start(fake, caPem,
                c -> RunningAirlock.withPolicy(c, new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK)));
        overriding = RunningAirlock.start(fake, caPem, c -> RunningAirlock.withPolicy(c, new PolicyConfig(Action.REDACT,
                Map.of("github-pat", Action.BLOCK, "npm-access-token", Action.AUDIT), Action.BLOCK)));
        lenient = RunningAirlock.start(fake, caPem,
                c -> RunningAirlock.withPolicy(c, new PolicyConfig(Action.REDACT, Map.of(), Action.AUDIT)));
        small = RunningAirlock.start(fake, caPem,
                c -> RunningAirlock.withLimits(c, new LimitsConfig(64 << 10, 8 << 10, 64 << 10, 100, 512L << 20)));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (RunningAirlock a : new RunningAirlock[] {redacting, blocking, overriding, lenient, small}) {
            if (a != null) {
                a.close();
            }
        }
        if (fake != null) {
            fake.close();
        }
    }

    @BeforeEach
    void begin() {
        fake.respond(Responder.json(200, FAKE_ANSWER));
        seen = fake.requests().size();
    }

    // ---- 1. real client shapes

    @TestFactory
    Stream<DynamicTest> realRequestShapesAreRedactedInPlaceAndOtherwiseForwardedByteForByte() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SHAPES), SHAPES + " is not here");
        List<Path> files;
        try (Stream<Path> list = Files.list(SHAPES)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".headers.json"))
                    .sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> dynamicTest(f.getFileName().toString(), () -> shapeRoundTrip(f)));
    }

    private void shapeRoundTrip(Path file) throws Exception {
        begin();
        String name = file.getFileName().toString();
        String original = Files.readString(file, UTF_8);
        String target = targetFor(name);
        Map<String, String> headers = clientHeaders(file);
        target += capturedQuery(file, target); // e.g. Claude Code's ?beta=true

        // As captured, the body holds no credential: it goes through untouched.
        HttpResponse<byte[]> clean = send(redacting, "POST", target, JSON, original.getBytes(UTF_8), headers);
        assertThat(clean.statusCode()).as(name).isEqualTo(200);
        assertThat(clean.headers().firstValue("x-airlock-redactions")).as(name).isEmpty();
        assertThat(forwarded().body()).as(name).isEqualTo(original.getBytes(UTF_8));

        Planted planted = ShapePlanting.plant(original, random);
        assertThat(planted.plants()).as(name + " planted sites").hasSizeGreaterThanOrEqualTo(2);
        assertThat(planted.sites()).as(name + " planted sites").containsAll(requiredSites(name));
        String marker = "{\"id\":\"" + name + "\"}";
        fake.respond(Responder.json(200, marker));

        HttpResponse<byte[]> r = send(redacting, "POST", target, JSON, planted.text().getBytes(UTF_8), headers);

        assertThat(r.statusCode()).as(name).isEqualTo(200);
        assertThat(new String(r.body(), UTF_8)).as(name).isEqualTo(marker);
        assertThat(r.headers().firstValue("x-airlock-redactions")).as(name)
                .hasValue(String.valueOf(planted.plants().size()));
        assertThat(r.headers().firstValue("x-airlock-event-id")).as(name).isPresent();
        Recorded up = forwarded();
        assertThat(up.uri()).as(name).isEqualTo(target.substring(target.indexOf('/', 1)));
        String received = up.bodyText();
        JsonNode tree = MAPPER.readTree(up.body()); // valid JSON, one document
        for (Plant p : planted.plants()) {
            String secret = p.secret().value();
            String placeholder = redacting.placeholder(p.secret().rule(), secret);
            assertThat(received).as(name + " " + p).doesNotContain(secret);
            String leaf = tree.at(p.pointer()).asText();
            if (p.site() == Site.TOOL_ARGUMENTS) {
                assertThat(MAPPER.readTree(leaf).get("api_token").asText()).as(name + " " + p).isEqualTo(placeholder);
            } else {
                assertThat(leaf).as(name + " " + p).contains(placeholder);
            }
        }
        assertThat(received).as(name + ": every byte but the secrets as sent").isEqualTo(planted.expected(redacting));
        assertThat(up.header("content-length")).as(name).hasValue(String.valueOf(up.body().length));
        assertThat(up.header("transfer-encoding")).as(name).isEmpty();
        headers.forEach((k, v) -> assertThat(up.header(k)).as(name + " header " + k).hasValue(v));
    }

    private static String targetFor(String shape) {
        if (shape.startsWith("anthropic-messages")) {
            return ANTHROPIC_MESSAGES;
        }
        if (shape.startsWith("openai-chat")) {
            return OPENAI_CHAT;
        }
        if (shape.startsWith("openai-responses")) {
            return "/openai/v1/responses";
        }
        if (shape.startsWith("gemini-streamgeneratecontent")) {
            return "/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
        }
        if (shape.startsWith("gemini-")) {
            return GEMINI_GENERATE;
        }
        throw new AssertionError("no route known for the shape " + shape);
    }

    private static List<Site> requiredSites(String shape) {
        List<Site> sites = new ArrayList<>();
        if (shape.contains("tool-result") || shape.contains("toolrunner")) {
            sites.add(Site.TOOL_OUTPUT);
        }
        if (shape.contains("toolrunner") || shape.contains("parallel-tool")) {
            sites.add(Site.TOOL_INPUT);
        }
        if (shape.contains("function-response")) {
            sites.add(Site.FUNCTION_RESPONSE);
        }
        if (shape.contains("function-call") || (shape.startsWith("openai-chat") && shape.contains("tool"))
                || shape.contains("crewai")) {
            sites.add(Site.TOOL_ARGUMENTS);
            sites.add(Site.TOOL_OUTPUT);
        }
        if (shape.contains("claude-code") || shape.contains("codex") || shape.contains("system")
                || shape.contains("snake-case-1") || shape.contains("snake-case-3")) {
            sites.add(Site.SYSTEM);
        }
        return sites;
    }

    /**
     * The end-to-end headers of the captured client, where a capture exists, with a generated provider key in place
     * of the removed one. They must reach the provider as sent.
     */
    private Map<String, String> clientHeaders(Path shape) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path file = shape.resolveSibling(shape.getFileName().toString().replace(".json", ".headers.json"));
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode captured = MAPPER.readTree(file.toFile());
        List<String> skip = List.of("host", "connection", "content-length", "accept-encoding", "content-type",
                "authorization");
        for (Iterator<Map.Entry<String, JsonNode>> it = captured.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().asText();
            if (!e.getKey().startsWith("_") && !skip.contains(e.getKey()) && !value.isEmpty()) {
                out.put(e.getKey(), value);
            }
        }
        out.put("authorization", "Bearer " + (shape.getFileName().toString().startsWith("anthropic")
                ? anthropicOauthToken() : openAiProjectKey()));
        return out;
    }

    /** The query string of the captured request, if a capture exists, to append to {@code target}. */
    private static String capturedQuery(Path shape, String target) throws IOException {
        Path file = shape.resolveSibling(shape.getFileName().toString().replace(".json", ".headers.json"));
        if (!Files.exists(file)) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        JsonNode params = MAPPER.readTree(file.toFile()).path("_query_params");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            query.append(query.length() == 0 && !target.contains("?") ? '?' : '&')
                    .append(URLEncoder.encode(e.getKey(), UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue().asText(), UTF_8));
        }
        return query.toString();
    }

    // ---- 2. JSON escapes, keys, duplicates

    @Test
    void escapedSecretsKeysAndDuplicateMembersAreAllRedacted() throws Exception {
        String escaped = github();
        String allEscaped = unicodeEscaped(escaped);
        String afterNewline = github();
        String inKey = github();
        String first = github();
        String second = github();
        String body = "{\"model\":\"gpt-4o\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"caf\\u00e9 \\/ see " + allEscaped + " \\\"ok\\\"\"},"
                + "{\"role\":\"user\",\"content\":\"# .env\\nA=1\\n" + afterNewline + "\\nB=2\\r\\n\"},"
                + "{\"role\":\"user\",\"content\":\"" + first + "\",\"content\":\"x " + second + "\"}],"
                + "\"metadata\":{\"" + inKey + "\":\"v\"}}";

        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, body.getBytes(UTF_8), Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("5");
        String received = forwarded().bodyText();
        assertThat(received).isEqualTo(body.replace(allEscaped, ph(escaped)).replace(afterNewline, ph(afterNewline))
                .replace(first, ph(first)).replace(second, ph(second)).replace(inKey, ph(inKey)));
        JsonNode tree = MAPPER.readTree(received);
        assertThat(tree.at("/messages/0/content").asText()).isEqualTo("café / see " + ph(escaped) + " \"ok\"");
        assertThat(tree.at("/messages/1/content").asText()).isEqualTo("# .env\nA=1\n" + ph(afterNewline) + "\nB=2\r\n");
        assertThat(tree.at("/metadata").fieldNames().next()).isEqualTo(ph(inKey));
    }

    // ---- 3. block answers in every dialect

    @Test
    void blockAnswersInEveryProvidersOwnShapeNamingRuleAndPlaceButNeverTheValue() throws Exception {
        for (Dialect dialect : Dialect.values()) {
            String token = github();
            String target;
            String body;
            String location;
            switch (dialect) {
                case OPENAI -> {
                    target = OPENAI_CHAT;
                    body = chat("gpt-4o", "please use " + token);
                    location = "messages[1].content";
                }
                case ANTHROPIC -> {
                    target = ANTHROPIC_MESSAGES;
                    body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"be brief\",\"messages\":["
                            + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"},"
                            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                            + "\"# config.env\\nA=1\\nB=2\\n"
                            + "GITHUB_TOKEN=" + token + "\\nC=3\"}]}]}";
                    location = "messages[2].content[0].text, line 4";
                }
                case GEMINI -> {
                    target = GEMINI_GENERATE;
                    body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"token " + token + "\"}]}]}";
                    location = "contents[0].parts[0].text";
                }
                case OLLAMA -> {
                    target = OLLAMA_CHAT;
                    body = chat("llama3.2", "use " + token + " for the clone");
                    location = "messages[1].content";
                }
                case COHERE -> {
                    target = COHERE_CHAT;
                    body = chat("command-a-03-2025", "use " + token + " for the clone");
                    location = "messages[1].content";
                }
                default -> throw new AssertionError(dialect);
            }

            HttpResponse<byte[]> r = send(blocking, "POST", target, JSON, body.getBytes(UTF_8), Map.of());

            Refusal refusal = assertRefused(r, 400, dialect);
            assertThat(refusal.message()).as(dialect.label())
                    .contains("github-pat").contains(location).contains(refusal.eventId());
            assertNoTrace(token, refusal.raw(), r.headers().map().toString());
        }
        assertNothingForwarded();
    }

    @Test
    void cohereCompatibilityEndpointsAreAnsweredInOpenAisShapeForTheOpenAiClientsThatUseThem() throws Exception {
        HttpResponse<byte[]> r = send(blocking, "POST", "/cohere/compatibility/v1/chat/completions", JSON,
                chat("command-a-03-2025", "use " + github() + " for the clone").getBytes(UTF_8), Map.of());
        assertThat(assertRefused(r, 400, Dialect.OPENAI).message()).contains("github-pat");
        assertNothingForwarded();
    }

    @Test
    void anOpenAiCompatibleRoutesAnthropicEndpointIsAnsweredInAnthropicsShapeForClaudeCode() throws Exception {
        // As Claude Code calls DeepSeek's or Moonshot's Anthropic API (ANTHROPIC_BASE_URL=…/<route>/anthropic) on
        // a route that otherwise speaks OpenAI's.
        String body = "{\"model\":\"deepseek-chat\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"use " + github() + " for the clone\"}]}";
        HttpResponse<byte[]> r = send(blocking, "POST", "/mistral/anthropic/v1/messages?beta=true", JSON,
                body.getBytes(UTF_8), Map.of());
        assertThat(assertRefused(r, 400, Dialect.ANTHROPIC).message()).contains("github-pat");
        assertNothingForwarded();
    }

    @Test
    void blockMessagesCountFurtherFindingsAndQuoteOddKeysAsPointersDo() throws Exception {
        String first = github();
        String second = npm();
        String body = "{\"model\":\"gpt-4o\",\"metadata\":{\"notes/today\":\"" + first + "\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + second + "\"}]}";

        HttpResponse<byte[]> r = send(blocking, "POST", OPENAI_CHAT, JSON, body.getBytes(UTF_8), Map.of());

        Refusal refusal = assertRefused(r, 400, Dialect.OPENAI);
        assertThat(refusal.message()).contains("github-pat").contains("metadata[\"notes/today\"]")
                .contains("(and 1 more)");
        assertNoTrace(first, refusal.raw());
        assertNoTrace(second, refusal.raw());
        assertNothingForwarded();
    }

    @Test
    void aSignedRequestIsBlockedRatherThanRedactedAndAnEncodedPathToo() throws Exception {
        String token = github();
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + token + "\"}]}]}";
        String sigv4 = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE00/20260101/us-east-1/bedrock/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + Credentials.random(random, "0123456789abcdef", 64);

        HttpResponse<byte[]> r = send(redacting, "POST", "/openai/model/x/converse", JSON, body.getBytes(UTF_8),
                Map.of("authorization", sigv4));

        Refusal refusal = assertRefused(r, 400, Dialect.OPENAI);
        assertThat(refusal.message()).contains("github-pat").contains("messages[0].content[0].text")
                .contains("cannot be redacted");

        String inPath = github();
        HttpResponse<byte[]> p = send(redacting, "GET", "/openai/v1/files/" + inPath.replace("_", "%5F"), null, null,
                Map.of());
        assertThat(assertRefused(p, 400, Dialect.OPENAI).message()).contains("the URL path");
        assertNoTrace(inPath, new String(p.body(), UTF_8));
        assertNothingForwarded();
    }

    @Test
    void curlSeesARedactedForwardAndABlock() throws Exception {
        assumeCurl();
        String token = github();
        String password = Credentials.password(random);
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"deploy with " + token + "\\nDB_PASSWORD=" + password + "\\n\"}]}";

        Curl redacted = WireClients.curl(dir, redacting, ANTHROPIC_MESSAGES, JSON, body);

        assertThat(redacted.status()).isEqualTo(200);
        assertThat(redacted.body()).isEqualTo(FAKE_ANSWER);
        assertThat(redacted.header("x-airlock-redactions")).isEqualTo("2");
        assertThat(forwarded().bodyText()).isEqualTo(body.replace(token, ph(token))
                .replace(password, redacting.placeholder("generic-password", password)));

        Curl blocked = WireClients.curl(dir, blocking, GEMINI_GENERATE, JSON,
                "{\"contents\":[{\"parts\":[{\"text\":\"" + token + "\"}]}]}");

        assertThat(blocked.status()).isEqualTo(400);
        assertThat(blocked.header("x-should-retry")).isEqualTo("false");
        JsonNode error = MAPPER.readTree(blocked.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(400);
        assertThat(error.at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.at("/error/message").asText()).contains("github-pat")
                .contains("contents[0].parts[0].text").contains(blocked.header("x-airlock-event-id"));
        assertNoTrace(token, blocked.body(), blocked.headers());
        assertNothingForwarded();
    }

    // ---- 4. per-rule overrides and the findings metric

    @Test
    void perRuleOverridesBlockRedactOrAuditEachRuleAndAreCounted() throws Exception {
        double blocked = metric(overriding, "airlock_findings_total", "rule", "github-pat", "action", "block");
        double redacted = metric(overriding, "airlock_findings_total", "rule", "generic-password", "action", "redact");
        double audited = metric(overriding, "airlock_findings_total", "rule", "npm-access-token", "action", "audit");
        String token = github();
        String password = Credentials.password(random);
        String npm = npm();

        HttpResponse<byte[]> block = send(overriding, "POST", OPENAI_CHAT, JSON,
                chat("gpt-4o", "clone with " + token).getBytes(UTF_8), Map.of());
        Refusal refusal = assertRefused(block, 400, Dialect.OPENAI);
        assertThat(refusal.message()).contains("github-pat").contains("messages[1].content");
        assertNothingForwarded();

        String redactBody = chat("gpt-4o", "DB_PASSWORD=" + password);
        HttpResponse<byte[]> redact = send(overriding, "POST", OPENAI_CHAT, JSON, redactBody.getBytes(UTF_8), Map.of());
        assertThat(redact.statusCode()).isEqualTo(200);
        assertThat(redact.headers().firstValue("x-airlock-redactions")).hasValue("1");
        assertThat(forwarded().bodyText())
                .isEqualTo(redactBody.replace(password, overriding.placeholder("generic-password", password)));

        String auditBody = chat("gpt-4o", "publish with " + npm);
        HttpResponse<byte[]> audit = send(overriding, "POST", OPENAI_CHAT, JSON, auditBody.getBytes(UTF_8), Map.of());
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.headers().firstValue("x-airlock-redactions")).isEmpty();
        assertThat(forwarded().bodyText()).isEqualTo(auditBody);

        assertThat(metric(overriding, "airlock_findings_total", "rule", "github-pat", "action", "block"))
                .isEqualTo(blocked + 1);
        assertThat(metric(overriding, "airlock_findings_total", "rule", "generic-password", "action", "redact"))
                .isEqualTo(redacted + 1);
        assertThat(metric(overriding, "airlock_findings_total", "rule", "npm-access-token", "action", "audit"))
                .isEqualTo(audited + 1);
        assertThat(overriding.scrape()).doesNotContain(token).doesNotContain(password).doesNotContain(npm);
    }

    // ---- 5. signed reasoning

    @Test
    void aSecretInsideSignedOrEncryptedReasoningIsBlockedEvenWhenThePolicyRedacts() throws Exception {
        String inThinking = github();
        String anthropic = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2048,\"thinking\":{\"type\":\"enabled\","
                + "\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":\"fix the build\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"The user pasted "
                + inThinking + " earlier.\",\"signature\":\"" + Credentials.random(random, Credentials.BASE62, 88)
                + "\"},{\"type\":\"text\",\"text\":\"On it.\"}]},{\"role\":\"user\",\"content\":\"go\"}]}";

        HttpResponse<byte[]> r = send(redacting, "POST", ANTHROPIC_MESSAGES, JSON, anthropic.getBytes(UTF_8), Map.of());

        Refusal refusal = assertRefused(r, 400, Dialect.ANTHROPIC);
        assertThat(refusal.message()).contains("github-pat").contains("messages[1].content[0].thinking")
                .contains("cannot be redacted");
        assertNoTrace(inThinking, refusal.raw(), r.headers().map().toString());

        String inRedacted = github();
        String redactedThinking = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":"
                + "\"assistant\",\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB " + inRedacted
                + "\"}]},{\"role\":\"user\",\"content\":\"go on\"}]}";
        HttpResponse<byte[]> rt = send(redacting, "POST", ANTHROPIC_MESSAGES, JSON, redactedThinking.getBytes(UTF_8),
                Map.of());
        assertThat(assertRefused(rt, 400, Dialect.ANTHROPIC).message()).contains("messages[0].content[0].data")
                .contains("cannot be redacted");

        String inReasoning = github();
        String openai = "{\"model\":\"gpt-5\",\"include\":[\"reasoning.encrypted_content\"],\"input\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],\"encrypted_content\":\"gAAAAB/"
                + inReasoning + "\"}]}";

        HttpResponse<byte[]> r2 = send(redacting, "POST", "/openai/v1/responses", JSON, openai.getBytes(UTF_8),
                Map.of());

        Refusal refusal2 = assertRefused(r2, 400, Dialect.OPENAI);
        assertThat(refusal2.message()).contains("github-pat").contains("input[1].encrypted_content")
                .contains("cannot be redacted");
        assertNoTrace(inReasoning, refusal2.raw(), r2.headers().map().toString());
        assertNothingForwarded();
    }

    @Test
    void aSecretInTheThinkingBlockOfARealReplayIsBlocked() throws Exception {
        Path file = SHAPES.resolve("anthropic-messages-thinking-tool-result-1.json");
        Assumptions.assumeTrue(Files.exists(file), file + " is not here");
        String pointer = null;
        JsonNode messages = MAPPER.readTree(file.toFile()).get("messages");
        for (int i = 0; i < messages.size() && pointer == null; i++) {
            JsonNode content = messages.get(i).get("content");
            for (int j = 0; content.isArray() && j < content.size() && pointer == null; j++) {
                if (content.get(j).path("type").asText().equals("thinking")) {
                    pointer = "messages[" + i + "].content[" + j + "].thinking";
                }
            }
        }
        assertThat(pointer).as("a thinking block in the shape").isNotNull();
        String original = Files.readString(file, UTF_8);
        Matcher m = Pattern.compile("\"thinking\":\\s*\"").matcher(original);
        assertThat(m.find()).isTrue();
        String token = github();
        String planted = original.substring(0, m.end()) + "my key " + token + " " + original.substring(m.end());

        HttpResponse<byte[]> r = send(redacting, "POST", ANTHROPIC_MESSAGES, JSON, planted.getBytes(UTF_8), Map.of());

        Refusal refusal = assertRefused(r, 400, Dialect.ANTHROPIC);
        assertThat(refusal.message()).contains("github-pat").contains(pointer).contains("cannot be redacted");
        assertNoTrace(token, refusal.raw(), r.headers().map().toString());
        assertNothingForwarded();
    }

    // ---- 6. target and headers

    @Test
    void querySecretsAndCustomHeadersAreRedactedWhileProviderKeysPassUntouched() throws Exception {
        String inQuery = github();
        String inHeader = npm();
        String bearer = openAiProjectKey();
        String body = chat("gpt-4o", "hello");
        String target = OPENAI_CHAT + "?trace=" + inQuery + "&stream=true";

        HttpResponse<byte[]> r = send(redacting, "POST", target, JSON, body.getBytes(UTF_8),
                Map.of("authorization", "Bearer " + bearer, "x-note", "publish with " + inHeader + " today"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("2");
        Recorded up = forwarded();
        assertThat(up.uri()).isEqualTo("/v1/chat/completions?trace="
                + URLEncoder.encode(ph(inQuery), UTF_8) + "&stream=true");
        assertThat(up.header("x-note")).hasValue("publish with "
                + redacting.placeholder("npm-access-token", inHeader) + " today");
        assertThat(up.header("authorization")).hasValue("Bearer " + bearer);
        assertThat(up.bodyText()).isEqualTo(body);

        String googleKey = "AIza" + Credentials.random(random, Credentials.BASE62 + "-_", 35);
        String anthropicKey = "sk-ant-api03-" + Credentials.random(random, Credentials.BASE62 + "-_", 93) + "AA";
        String gemini = "/gemini/v1beta/models/gemini-2.5-flash:generateContent?key=" + googleKey;
        String geminiBody = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";

        HttpResponse<byte[]> g = send(redacting, "POST", gemini, JSON, geminiBody.getBytes(UTF_8),
                Map.of("x-goog-api-key", googleKey, "x-api-key", anthropicKey, "api-key", bearer));

        assertThat(g.statusCode()).isEqualTo(200);
        assertThat(g.headers().firstValue("x-airlock-redactions")).isEmpty();
        Recorded gu = forwarded();
        assertThat(gu.uri()).isEqualTo(gemini.substring("/gemini".length()));
        assertThat(gu.header("x-goog-api-key")).hasValue(googleKey);
        assertThat(gu.header("x-api-key")).hasValue(anthropicKey);
        assertThat(gu.header("api-key")).hasValue(bearer);
        assertThat(gu.bodyText()).isEqualTo(geminiBody);
    }

    @Test
    void querySecretsArePercentDecodedAndFoundInParameterNamesToo() throws Exception {
        String encoded = github();
        String bareName = github();
        String asName = npm();
        String target = OPENAI_CHAT + "?q=" + encoded.replace("_", "%5F") + "&" + bareName + "&" + asName + "=1&n=2";

        HttpResponse<byte[]> r = send(redacting, "POST", target, JSON, chat("gpt-4o", "hi").getBytes(UTF_8), Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        Recorded up = forwarded();
        assertThat(up.uri()).doesNotContain(encoded.substring(4)).doesNotContain(bareName.substring(4))
                .doesNotContain(asName.substring(4))
                .isEqualTo("/v1/chat/completions?q=" + URLEncoder.encode(ph(encoded), UTF_8)
                        + "&" + URLEncoder.encode(ph(bareName), UTF_8)
                        + "&" + URLEncoder.encode(redacting.placeholder("npm-access-token", asName), UTF_8) + "=1&n=2");
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("3");
    }

    @Test
    void aSecretUsedAsAHeaderNameIsNotForwarded() throws Exception {
        String token = github();

        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, chat("gpt-4o", "hi").getBytes(UTF_8),
                Map.of(token, "1"));

        // A placeholder is not a valid header name, so the request cannot be redacted: it is blocked.
        Refusal refusal = assertRefused(r, 400, Dialect.OPENAI);
        assertThat(refusal.message()).contains("github-pat").contains("header");
        assertNoTrace(token, refusal.raw(), r.headers().map().toString());
        assertNothingForwarded();
    }

    @Test
    void blocksNameHeadersQueryParametersTextLinesAndNdjsonLines() throws Exception {
        String inHeader = github();
        HttpResponse<byte[]> h = send(blocking, "POST", OPENAI_CHAT, JSON, chat("gpt-4o", "hi").getBytes(UTF_8),
                Map.of("x-note", "token " + inHeader));
        assertThat(assertRefused(h, 400, Dialect.OPENAI).message()).contains("github-pat").contains("header x-note");

        String inQuery = github();
        HttpResponse<byte[]> q = send(blocking, "POST", GEMINI_GENERATE + "?trace=" + inQuery, JSON,
                "{\"contents\":[]}".getBytes(UTF_8), Map.of());
        assertThat(assertRefused(q, 400, Dialect.GEMINI).message()).contains("query parameter \"trace\"");

        String inText = github();
        HttpResponse<byte[]> t = send(blocking, "POST", ANTHROPIC_MESSAGES, "text/plain",
                ("one\ntwo\nGITHUB_TOKEN=" + inText + "\nfour\n").getBytes(UTF_8), Map.of());
        assertThat(assertRefused(t, 400, Dialect.ANTHROPIC).message()).contains("the body, line 3");

        String inLine = github();
        HttpResponse<byte[]> n = send(blocking, "POST", "/ollama/api/generate", "application/x-ndjson",
                ("{\"prompt\":\"a\"}\n{\"prompt\":\"b\",\"system\":\"" + inLine + "\"}\n").getBytes(UTF_8), Map.of());
        assertThat(assertRefused(n, 400, Dialect.OLLAMA).message()).contains("NDJSON line 2").contains("system");

        for (HttpResponse<byte[]> r : List.of(h, q, t, n)) {
            for (String secret : List.of(inHeader, inQuery, inText, inLine)) {
                assertNoTrace(secret, new String(r.body(), UTF_8), r.headers().map().toString());
            }
        }
        assertNothingForwarded();
    }

    @Test
    void aSecretInTheUrlPathIsBlockedBecauseThePathCannotBeRedacted() throws Exception {
        String token = github();

        HttpResponse<byte[]> r = send(redacting, "GET", "/openai/v1/files/" + token + "/content", null, null, Map.of());

        Refusal refusal = assertRefused(r, 400, Dialect.OPENAI);
        assertThat(refusal.message()).contains("github-pat").contains("the URL path");
        assertNoTrace(token, refusal.raw(), r.headers().map().toString());
        assertNothingForwarded();
    }

    // ---- 7. Content-Encoding

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
    void compressedBodiesAreDecodedRedactedAndForwardedDecoded(String encoding) throws Exception {
        String token = github();
        String body = chat("claude-sonnet-4-5", "ship it with " + token);

        HttpResponse<byte[]> r = send(redacting, "POST", ANTHROPIC_MESSAGES, JSON,
                compress(encoding, body.getBytes(UTF_8)), Map.of("content-encoding", encoding));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("1");
        Recorded up = forwarded();
        assertThat(up.bodyText()).isEqualTo(body.replace(token, ph(token)));
        assertThat(up.header("content-encoding")).isEmpty();
        assertThat(up.header("content-length")).hasValue(String.valueOf(up.body().length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
    void cleanCompressedBodiesAreForwardedCompressedByteForByte(String encoding) throws Exception {
        byte[] compressed = compress(encoding, chat("gpt-4o", "nothing secret here").getBytes(UTF_8));

        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, compressed,
                Map.of("content-encoding", encoding));

        assertThat(r.statusCode()).isEqualTo(200);
        Recorded up = forwarded();
        assertThat(up.body()).isEqualTo(compressed);
        assertThat(up.header("content-encoding")).hasValue(encoding);
        assertThat(up.header("content-length")).hasValue(String.valueOf(compressed.length));
    }

    /**
     * A gzip member's file name or a zstd skippable frame is never scanned (no part of the body), so a body carrying
     * one goes out decoded, without them, even when the body itself is clean.
     */
    @Test
    void bytesTheDecoderPassesOverAreNeverForwarded() throws Exception {
        String token = github();
        byte[] body = chat("gpt-4o", "nothing secret here").getBytes(UTF_8);
        // The JDK's gzip member with a file name put in its header (FNAME), the way gzip(1) names a file.
        byte[] gzip = compress("gzip", body);
        java.io.ByteArrayOutputStream named = new java.io.ByteArrayOutputStream();
        named.write(gzip, 0, 10);
        named.write((token + ".json\0").getBytes(UTF_8));
        named.write(gzip, 10, gzip.length - 10);
        byte[] namedGzip = named.toByteArray();
        namedGzip[3] |= 0x08;
        byte[] tokenBytes = token.getBytes(UTF_8);
        java.io.ByteArrayOutputStream skippable = new java.io.ByteArrayOutputStream();
        skippable.write(new byte[] {0x50, 0x2A, 0x4D, 0x18, (byte) tokenBytes.length, 0, 0, 0});
        skippable.write(tokenBytes);
        skippable.write(compress("zstd", body));

        for (Map.Entry<String, byte[]> sent : List.of(Map.entry("gzip", namedGzip),
                Map.entry("zstd", skippable.toByteArray()))) {
            HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, sent.getValue(),
                    Map.of("content-encoding", sent.getKey()));

            assertThat(r.statusCode()).as(sent.getKey()).isEqualTo(200);
            Recorded up = forwarded();
            assertThat(up.body()).as(sent.getKey()).isEqualTo(body);
            assertThat(up.header("content-encoding")).as(sent.getKey()).isEmpty();
            assertNoTrace(token, new String(up.body(), java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        // A signed body cannot go decoded: it is refused, and says why.
        String sigv4 = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE00/20260101/us-east-1/bedrock/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + Credentials.random(random, "0123456789abcdef", 64);
        HttpResponse<byte[]> signed = send(redacting, "POST", "/openai/model/x/converse", JSON, namedGzip,
                Map.of("content-encoding", "gzip", "authorization", sigv4));
        Refusal refusal = assertRefused(signed, 400, Dialect.OPENAI);
        assertThat(refusal.message()).contains("signed body").contains("file name");
        assertNoTrace(token, refusal.raw());
        assertNothingForwarded();
    }

    @Test
    void stackedEncodingsAreUndoneInOrderAndMoreThanTwoAreRefused() throws Exception {
        String token = github();
        String body = chat("gpt-4o", "stacked " + token);
        byte[] twice = compress("gzip", compress("deflate", body.getBytes(UTF_8)));

        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, twice,
                Map.of("content-encoding", "deflate, gzip"));

        assertThat(r.statusCode()).isEqualTo(200);
        Recorded up = forwarded();
        assertThat(up.bodyText()).isEqualTo(body.replace(token, ph(token)));
        assertThat(up.header("content-encoding")).isEmpty();

        byte[] thrice = compress("zstd", twice);
        HttpResponse<byte[]> tooMany = send(redacting, "POST", OPENAI_CHAT, JSON, thrice,
                Map.of("content-encoding", "deflate, gzip, zstd"));
        assertRefused(tooMany, 413, Dialect.OPENAI);
        assertNothingForwarded();
    }

    @Test
    void unknownCorruptAndExplodingEncodingsAreRefusedInTheRoutesShape() throws Exception {
        String token = github();
        byte[] json = chat("gpt-4o", "x " + token).getBytes(UTF_8);
        byte[] gzip = compress("gzip", json);

        HttpResponse<byte[]> unknown = send(redacting, "POST", ANTHROPIC_MESSAGES, JSON, json,
                Map.of("content-encoding", "compress"));
        Refusal u = assertRefused(unknown, 415, Dialect.ANTHROPIC);
        assertThat(u.message()).contains("compress");
        assertNoTrace(token, u.raw());

        HttpResponse<byte[]> corrupt = send(redacting, "POST", GEMINI_GENERATE, JSON,
                Arrays.copyOf(gzip, gzip.length - 9), Map.of("content-encoding", "gzip"));
        Refusal c = assertRefused(corrupt, 400, Dialect.GEMINI);
        assertThat(c.message()).contains("gzip");

        HttpResponse<byte[]> bomb = send(redacting, "POST", OLLAMA_CHAT, JSON, gzipBomb(200L << 20),
                Map.of("content-encoding", "gzip"));
        assertRefused(bomb, 413, Dialect.OLLAMA);
        assertNothingForwarded();
    }

    // ---- 8. text and unscannable bodies

    @Test
    void textBodiesAreRedacted() throws Exception {
        String token = github();
        String body = "notes for the model\nexport GITHUB_TOKEN=" + token + "\nthat is all\n";

        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, "text/plain; charset=utf-8", body.getBytes(UTF_8),
                Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("1");
        Recorded up = forwarded();
        assertThat(up.bodyText()).isEqualTo(body.replace(token, ph(token)));
        assertThat(up.header("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void formBodiesChunkedUploadsAndUntypedJsonAreScannedToo() throws Exception {
        String inForm = github();
        String form = "grant_type=refresh&note=see+" + inForm + "&n=1";
        HttpResponse<byte[]> f = send(redacting, "POST", OPENAI_CHAT, "application/x-www-form-urlencoded",
                form.getBytes(UTF_8), Map.of());
        assertThat(f.statusCode()).isEqualTo(200);
        assertThat(forwarded().bodyText()).isEqualTo(form.replace(inForm, ph(inForm)));

        String chunked = github();
        String body = chat("gpt-4o", "streamed upload " + chunked);
        HttpRequest request = HttpRequest.newBuilder(URI.create(redacting.base() + OPENAI_CHAT)).timeout(WAIT)
                .header("content-type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        body.getBytes(UTF_8))))
                .build();
        HttpResponse<byte[]> c = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(c.statusCode()).isEqualTo(200);
        Recorded up = forwarded();
        assertThat(up.bodyText()).isEqualTo(body.replace(chunked, ph(chunked)));
        assertThat(up.header("content-length")).hasValue(String.valueOf(up.body().length));
        assertThat(up.header("transfer-encoding")).isEmpty();

        String untyped = github();
        String json = "  {\"messages\":[{\"role\":\"user\",\"content\":\"" + untyped + "\"}]}";
        HttpResponse<byte[]> u = send(redacting, "POST", OPENAI_CHAT, null, json.getBytes(UTF_8), Map.of());
        assertThat(u.statusCode()).isEqualTo(200);
        assertThat(forwarded().bodyText()).isEqualTo(json.replace(untyped, ph(untyped)));
    }

    @Test
    void aPercentEncodedSecretIsReplacedAloneNotWithEverythingAroundIt() throws Exception {
        String token = github();
        String encoded = token.replace("_", "%5F");
        String body = chat("gpt-4o", "fetch https://api.test/v1/x?token=" + encoded + "&page=2 please");
        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, body.getBytes(UTF_8), Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        // The tag is keyed on the characters as written, so the encoded form gets its own stable placeholder.
        assertThat(forwarded().bodyText()).isEqualTo(body.replace(encoded, ph(encoded)));

        String form = "grant_type=refresh&note=see+" + encoded + "&n=1";
        HttpResponse<byte[]> f = send(redacting, "POST", OPENAI_CHAT, "application/x-www-form-urlencoded",
                form.getBytes(UTF_8), Map.of());
        assertThat(f.statusCode()).isEqualTo(200);
        assertThat(forwarded().bodyText()).doesNotContain(token.substring(4)).startsWith("grant_type=refresh&note=see+")
                .endsWith("&n=1");
    }

    @Test
    void unscannableBodiesAreRefusedByDefaultAndCountedWhenAudited() throws Exception {
        byte[] binary = new byte[2048];
        random.nextBytes(binary);
        double before = metric(redacting, "airlock_unscanned_total", "reason", "content_type");

        for (String type : List.of("application/octet-stream", "image/png")) {
            HttpResponse<byte[]> r = send(redacting, "POST", "/openai/v1/files", type, binary, Map.of());
            Refusal refusal = assertRefused(r, 415, Dialect.OPENAI);
            assertThat(refusal.message()).contains(type);
        }
        assertNothingForwarded();
        assertThat(metric(redacting, "airlock_unscanned_total", "reason", "content_type")).isEqualTo(before + 2);


        byte[] png = new byte[64];
        random.nextBytes(png);
        byte[] upload = concat("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n", png, "\r\n--x--\r\n");
        HttpResponse<byte[]> multipart = send(redacting, "POST", "/openai/v1/files",
                "multipart/form-data; boundary=x", upload, Map.of());
        assertRefused(multipart, 415, Dialect.OPENAI);
        HttpResponse<byte[]> latin1 = send(redacting, "POST", "/openai/v1/files", "text/plain",
                new byte[] {'c', 'a', 'f', (byte) 0xE9}, Map.of());
        assertThat(assertRefused(latin1, 400, Dialect.OPENAI).message()).contains("UTF-8");
        assertNothingForwarded();

        double lenientBefore = metric(lenient, "airlock_unscanned_total", "reason", "content_type");
        HttpResponse<byte[]> r = send(lenient, "POST", "/openai/v1/files", "application/octet-stream", binary,
                Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(forwarded().body()).isEqualTo(binary);
        assertThat(metric(lenient, "airlock_unscanned_total", "reason", "content_type")).isEqualTo(lenientBefore + 1);
    }

    // ---- 9. invalid JSON

    @Test
    void invalidJsonIsRefusedNamingTheProblemAndNeverRepaired() throws Exception {
        String token = github();
        String head = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + token;
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("invalid JSON", (head + "\"},]}").getBytes(UTF_8));
        cases.put("comments are not allowed", (head + "\"} /* a comment */]}").getBytes(UTF_8));
        cases.put("lone surrogate", (head + " \\ud800 x\"}]}").getBytes(UTF_8));
        ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
        latin1.writeBytes((head + " caf").getBytes(UTF_8));
        latin1.write(0xE9);
        latin1.writeBytes("\"}]}".getBytes(UTF_8));
        cases.put("invalid UTF-8", latin1.toByteArray());
        ByteArrayOutputStream bom = new ByteArrayOutputStream();
        bom.write(0xEF);
        bom.write(0xBB);
        bom.write(0xBF);
        bom.writeBytes((head + "\"}]}").getBytes(UTF_8));
        cases.put("byte order mark", bom.toByteArray());
        cases.put("more content after the end", (head + "\"}]}\n{\"model\":\"x\"}").getBytes(UTF_8));
        cases.put("nested too deeply", ("{\"x\":\"" + token + "\",\"d\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .getBytes(UTF_8));

        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, c.getValue(), Map.of());
            Refusal refusal = assertRefused(r, 400, Dialect.OPENAI);
            assertThat(refusal.message()).as(c.getKey()).contains(c.getKey()).contains("at byte");
            assertNoTrace(token, refusal.raw());
        }
        assertNothingForwarded();
    }

    // ---- 10. body limits, NDJSON

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        RawResponse r = raw(small, "POST " + OPENAI_CHAT + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (1 << 20) + "\r\n\r\n", new byte[0]);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("x-should-retry")).isEqualTo("false");
        JsonNode error = MAPPER.readTree(r.body());
        assertThat(error.at("/error/message").asText()).contains("limits.maxBodyBytes");
        assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertNothingForwarded();
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIsRefused() throws Exception {
        int size = (64 << 10) + 1;
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'a');
        RawResponse r = raw(small, "POST " + ANTHROPIC_MESSAGES + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(size) + "\r\n", data);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("x-should-retry")).isEqualTo("false");
        JsonNode error = MAPPER.readTree(r.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/message").asText()).contains("limits.maxBodyBytes");
        assertNothingForwarded();
    }

    @Test
    void aSmallCompressedBodyDecodingPastTheLimitIsRefused() throws Exception {
        String filler = "{\"role\":\"user\",\"content\":\"" + "a".repeat(1000) + "\"},";
        String body = "{\"messages\":[" + filler.repeat(100) + "{\"role\":\"user\",\"content\":\"x\"}]}";
        byte[] gzip = compress("gzip", body.getBytes(UTF_8));
        assertThat(gzip.length).isLessThan(64 << 10);

        HttpResponse<byte[]> r = send(small, "POST", GEMINI_GENERATE, JSON, gzip, Map.of("content-encoding", "gzip"));

        assertThat(assertRefused(r, 413, Dialect.GEMINI).message()).contains("limits.maxBodyBytes");
        assertNothingForwarded();
    }

    @Test
    void ndjsonLinesAreEachRedacted() throws Exception {
        String a = github();
        String b = npm();
        String body = "{\"model\":\"llama3.2\",\"prompt\":\"first " + a + "\"}\n\n"
                + "{\"model\":\"llama3.2\",\"prompt\":\"second\",\"system\":\"" + b + "\"}\r\n";

        HttpResponse<byte[]> r = send(redacting, "POST", "/ollama/api/generate", "application/x-ndjson",
                body.getBytes(UTF_8), Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("2");
        assertThat(forwarded().bodyText()).isEqualTo(body.replace(a, ph(a))
                .replace(b, redacting.placeholder("npm-access-token", b)));
    }

    // ---- 11. large bodies

    @Test
    void aLargeBodyIsScannedWholeAndRedactedAtItsEnd() throws Exception {
        String token = github();
        StringBuilder sb = new StringBuilder(6 << 20).append("{\"model\":\"gpt-4o\",\"messages\":[");
        String line = "{\"role\":\"user\",\"content\":\"The quick brown fox jumps over the lazy dog, line %d.\\n\"},";
        for (int i = 0; sb.length() < (5 << 20); i++) {
            sb.append(String.format(Locale.ROOT, line, i));
        }
        sb.append("{\"role\":\"user\",\"content\":\"and finally " + token + "\"}]}");
        String body = sb.toString();

        HttpResponse<byte[]> r = send(redacting, "POST", OPENAI_CHAT, JSON, body.getBytes(UTF_8), Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-airlock-redactions")).hasValue("1");
        Recorded up = forwarded();
        assertThat(up.bodyText()).isEqualTo(body.replace(token, ph(token)));
        assertThat(up.header("content-length")).hasValue(String.valueOf(up.body().length));
    }

    @Test
    void curlWithAnExpectContinueBodyIsRedacted() throws Exception {
        assumeCurl();
        String token = github();
        StringBuilder sb = new StringBuilder("{\"model\":\"gpt-4o\",\"messages\":[");
        while (sb.length() < (3 << 19)) {
            sb.append("{\"role\":\"user\",\"content\":\"Some harmless words about the weather.\"},");
        }
        String body = sb.append("{\"role\":\"user\",\"content\":\"ok " + token + "\"}]}").toString();

        // Over 1 MiB: curl sends Expect: 100-continue and waits for the go-ahead.
        Curl r = WireClients.curl(dir, redacting, OPENAI_CHAT, JSON, body);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-airlock-redactions")).isEqualTo("1");
        assertThat(forwarded().bodyText()).isEqualTo(body.replace(token, ph(token)));
    }

    // ---- 12. routing

    @Test
    void anUnknownRouteIsA404ListingTheRoutesWithoutEchoingThePath() throws Exception {
        HttpResponse<byte[]> r = send(redacting, "POST", "/nope/v1/chat/completions", JSON,
                chat("gpt-4o", "hi").getBytes(UTF_8), Map.of());

        Refusal refusal = assertRefused(r, 404, Dialect.OPENAI);
        assertThat(refusal.message()).contains("openai").contains("anthropic").contains("gemini").contains("ollama")
                .doesNotContain("nope");

        String token = github();
        HttpResponse<byte[]> r2 = send(redacting, "GET", "/" + token + "/v1/models", null, null, Map.of());
        Refusal refusal2 = assertRefused(r2, 404, Dialect.OPENAI);
        assertNoTrace(token, refusal2.raw(), r2.headers().map().toString());
        assertNothingForwarded();
    }

    @Test
    void aPerResourceRouteDialsTheResourcesHost() throws Exception {
        String host = "myres.openai.test";
        try (FakeProvider azure = FakeProvider.start(ca.serverContext(host))) {
            AirlockConfig base = RunningAirlock.configFor(fake.baseUrl(), caPem);
            List<RouteConfig> routes = new ArrayList<>(base.routes());
            routes.add(new RouteConfig("azure", "https://" + RouteConfig.RESOURCE + ".openai.test:" + azure.port(),
                    Dialect.OPENAI));
            AirlockConfig config = new AirlockConfig(base.listen(), base.admin(), routes,
                    new UpstreamConfig(caPem, Map.of(new HostPort(host, azure.port()),
                            new HostPort("127.0.0.1", azure.port())), null),
                    base.intercept(), base.policy(), base.limits(), base.timeouts(), base.audit(), base.rules(),
                    base.access(), base.response(), base.websocket());
            try (RunningAirlock airlock = RunningAirlock.start(config)) {
                String token = github();
                String body = chat("gpt-4o", "key " + token);

                HttpResponse<byte[]> r = send(airlock, "POST",
                        "/azure/myres/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", JSON,
                        body.getBytes(UTF_8), Map.of("api-key", Credentials.random(random, "0123456789abcdef", 32)));

                assertThat(r.statusCode()).isEqualTo(200);
                Recorded up = azure.takeRequest(WAIT);
                assertThat(up.uri()).isEqualTo("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
                assertThat(up.header("host")).hasValue(host + ":" + azure.port());
                assertThat(up.bodyText()).isEqualTo(body.replace(token, airlock.placeholder("github-pat", token)));

                HttpResponse<byte[]> bad = send(airlock, "POST", "/azure/no_such!name/openai/x", JSON,
                        body.getBytes(UTF_8), Map.of());
                assertThat(assertRefused(bad, 404, Dialect.OPENAI).message()).contains("resource");
                assertThat(azure.requests()).hasSize(1);
            }
        }
        assertNothingForwarded();
    }

    // ---- helpers: requests

    private static HttpResponse<byte[]> send(RunningAirlock airlock, String method, String target, String contentType,
                                             byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(airlock.base() + target)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The one request the fake received since the test began. */
    private Recorded forwarded() {
        List<Recorded> all = fake.requests();
        assertThat(all).as("requests the provider received").hasSize(seen + 1);
        return all.get(seen++);
    }

    private void assertNothingForwarded() {
        assertThat(fake.requests()).as("requests the provider received").hasSize(seen);
    }

    private static String chat(String model, String userText) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"" + userText + "\"}],\"stream\":false}";
    }

    // ---- helpers: answers

    private record Refusal(String message, String eventId, String raw) {
    }

    /** Checks status, no-retry marking, the event id, and the dialect's exact error shape; returns the message. */
    private static Refusal assertRefused(HttpResponse<byte[]> r, int status, Dialect dialect) throws IOException {
        String raw = new String(r.body(), UTF_8);
        assertThat(r.statusCode()).as(dialect.label() + ": " + raw).isEqualTo(status);
        assertThat(r.headers().firstValue("x-should-retry")).hasValue("false");
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith(JSON));
        String eventId = r.headers().firstValue("x-airlock-event-id").orElseThrow();
        assertThat(eventId).matches("[0-9a-f]{16,}");
        JsonNode body = MAPPER.readTree(r.body());
        String message;
        switch (dialect) {
            case OPENAI -> {
                assertThat(fieldNames(body)).containsExactly("error");
                JsonNode e = body.get("error");
                assertThat(fieldNames(e)).containsExactlyInAnyOrder("message", "type", "param", "code");
                assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
                assertThat(e.get("param").isNull()).isTrue();
                assertThat(e.get("code").isTextual()).isTrue();
                message = e.get("message").asText();
            }
            case ANTHROPIC -> {
                assertThat(fieldNames(body)).containsExactlyInAnyOrder("type", "error", "request_id");
                assertThat(body.get("type").asText()).isEqualTo("error");
                assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("type", "message");
                assertThat(body.at("/error/type").asText()).isEqualTo(switch (status) {
                    case 404 -> "not_found_error";
                    case 413 -> "request_too_large";
                    default -> "invalid_request_error";
                });
                assertThat(body.get("request_id").asText()).isEqualTo(eventId);
                message = body.at("/error/message").asText();
            }
            case GEMINI -> {
                assertThat(fieldNames(body)).containsExactly("error");
                assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("code", "message", "status");
                assertThat(body.at("/error/code").asInt()).isEqualTo(status);
                assertThat(body.at("/error/status").asText())
                        .isEqualTo(status == 404 ? "NOT_FOUND" : "INVALID_ARGUMENT");
                message = body.at("/error/message").asText();
            }
            case OLLAMA -> {
                assertThat(fieldNames(body)).containsExactly("error");
                assertThat(body.get("error").isTextual()).isTrue();
                message = body.get("error").asText();
            }
            case COHERE -> {
                assertThat(fieldNames(body)).containsExactly("id", "message");
                assertThat(body.get("id").asText()).isEqualTo(eventId);
                message = body.get("message").asText();
            }
            default -> throw new AssertionError(dialect);
        }
        assertThat(message).isNotBlank().contains(eventId);
        return new Refusal(message, eventId, raw);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Neither the secret nor any 8-character piece of it appears in any of the texts. */
    private static void assertNoTrace(String secret, String... texts) {
        for (String text : texts) {
            for (int i = 0; i + 8 <= secret.length(); i++) {
                assertThat(text).as("an answer holds a piece of a planted secret")
                        .doesNotContain(secret.substring(i, i + 8));
            }
        }
    }

    // ---- helpers: credentials and placeholders

    private String github() {
        return Credentials.githubToken(random);
    }

    private String npm() {
        return Credentials.checksummedToken(random, "npm" + "_");
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(UTF_8);
        byte[] t = tail.getBytes(UTF_8);
        byte[] out = java.util.Arrays.copyOf(h, h.length + middle.length + t.length);
        System.arraycopy(middle, 0, out, h.length, middle.length);
        System.arraycopy(t, 0, out, h.length + middle.length, t.length);
        return out;
    }

    private static String ph(String githubToken) {
        return redacting.placeholder("github-pat", githubToken);
    }

    private String openAiProjectKey() {
        String b64u = Credentials.BASE62 + "-_";
        return "sk-" + "proj-" + Credentials.random(random, b64u, 64) + "T3Blbk" + "FJ"
                + Credentials.random(random, b64u, 64);
    }

    private String anthropicOauthToken() {
        return "sk-ant-" + "oat01-" + Credentials.random(random, Credentials.BASE62 + "-_", 95);
    }

    private static String unicodeEscaped(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return sb.toString();
    }
}
