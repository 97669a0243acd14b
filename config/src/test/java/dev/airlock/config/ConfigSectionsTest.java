package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are right: every key read into the records, and every key left out keeping its default. */
class ConfigSectionsTest {

    @Test
    void readsAFileWithEveryKey(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/corp-root.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path file = dir.resolve("airlock.yaml");
        String aliceHash = FakeHashes.bcrypt("$2y$12$");
        String bobHash = FakeHashes.bcrypt("$2b$04$");
        Files.writeString(file, """
                listen: 0.0.0.0:18080
                admin: "[::1]:18081"
                routes:
                  - name: azure
                    upstream: https://{resource}.openai.azure.com/openai
                  - name: anthropic
                    upstream: https://anthropic-gateway.corp.example/v1
                  - name: local-llm
                    upstream: http://127.0.0.1:11434
                    provider: Ollama
                upstream:
                  caFile: certs/corp-root.pem
                  connectTo:
                    "api.openai.com:443": "10.0.0.7:8443"
                    api.anthropic.com:443: "[fd00::7]:443"
                  proxy: http://proxy.corp.example:3128
                intercept:
                  hosts: [api.openai.com, "*.openai.azure.com", "*-aiplatform.googleapis.com", "bedrock-runtime.*.amazonaws.com"]
                  others: deny
                  ports: [443, 8443]
                policy:
                  action: block
                  rules:
                    github-pat: redact
                    generic-password: audit
                  unscannable: audit
                limits:
                  maxBodyBytes: 64MiB
                  maxRequestLineBytes: 16KiB
                  maxHeaderBytes: 128kB
                  maxHeaderCount: 200
                  maxBufferedBytes: 1GB
                timeouts:
                  upstreamConnect: 5s
                  upstreamIdle: 10m
                  clientHeader: 1500ms
                  clientBodyIdle: 90
                  keepAlive: 1h
                  drain: 0
                  scan: 2500ms
                audit:
                  file: audit/airlock.jsonl
                rules:
                  custom:
                    - id: acme-api-key
                      pattern: 'acme_[a-z0-9]{32}'
                access:
                  users:
                    alice: "%s"
                    bob.smith@corp-1_x: '%s'
                  clients:
                    - 10.0.0.0/8
                    - 192.0.2.7
                    - 2001:db8::/32
                    - "::1"
                    - ::ffff:198.51.100.0/120
                  privateTargets: allow
                websocket:
                  responses: scan
                """.formatted(aliceHash, bobHash));

        AirlockConfig c = ConfigLoader.load(file);

        assertThat(c).isEqualTo(new AirlockConfig(
                new HostPort("0.0.0.0", 18080),
                new HostPort("::1", 18081),
                List.of(new RouteConfig("azure", "https://{resource}.openai.azure.com/openai", Dialect.OPENAI),
                        new RouteConfig("anthropic", "https://anthropic-gateway.corp.example/v1", Dialect.ANTHROPIC),
                        new RouteConfig("local-llm", "http://127.0.0.1:11434", Dialect.OLLAMA)),
                new UpstreamConfig(dir.resolve("certs/corp-root.pem"),
                        Map.of(new HostPort("api.openai.com", 443), new HostPort("10.0.0.7", 8443),
                                new HostPort("api.anthropic.com", 443), new HostPort("fd00::7", 443)),
                        URI.create("http://proxy.corp.example:3128")),
                new InterceptConfig(List.of("api.openai.com", "*.openai.azure.com", "*-aiplatform.googleapis.com",
                        "bedrock-runtime.*.amazonaws.com"), InterceptConfig.Others.DENY, List.of(443, 8443)),
                new PolicyConfig(Action.BLOCK, Map.of("github-pat", Action.REDACT, "generic-password", Action.AUDIT),
                        Action.AUDIT),
                new LimitsConfig(64L << 20, 16 << 10, 128_000, 200, 1_000_000_000L),
                new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMillis(1500),
                        Duration.ofSeconds(90), Duration.ofHours(1), Duration.ZERO, Duration.ofMillis(2500)),
                new AuditConfig(dir.resolve("audit/airlock.jsonl"), AuditConfig.DEFAULT_ROTATE_BYTES,
                        AuditConfig.DEFAULT_ROTATE_AGE, AuditConfig.DEFAULT_KEEP, false),
                new RulesConfig(List.of(new CustomRuleConfig("acme-api-key", "acme_[a-z0-9]{32}", List.of(), 0,
                        "custom rule acme-api-key"))),
                new AccessConfig(Map.of("alice", aliceHash, "bob.smith@corp-1_x", bobHash),
                        List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("192.0.2.7/32"),
                                AddressRange.parse("2001:db8::/32"), AddressRange.parse("::1/128"),
                                AddressRange.parse("198.51.100.0/24")),
                        true),
                ResponseConfig.DEFAULT,
                new WebSocketConfig(WebSocketConfig.Responses.SCAN)));
        assertThat(c.intercept().portAllowed(8443)).isTrue();
        assertThat(c.intercept().portAllowed(22)).isFalse();
        assertThat(c.access().authenticates()).isTrue();
        assertThat(c.access().restrictsClients()).isTrue();
        assertThat(c.access().clients()).extracting(AddressRange::toString).containsExactly(
                "10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128", "198.51.100.0/24");
    }

    @Test
    void whatAFileLeavesOutKeepsItsDefault() throws ConfigException {
        AirlockConfig c = ConfigLoader.parse("""
                listen: 9090
                limits:
                  maxBodyBytes: 1MiB
                timeouts:
                  drain: 2s
                policy:
                  rules:
                    github-pat: block
                """, "partial.yaml");
        AirlockConfig d = AirlockConfig.DEFAULT;
        assertThat(c.listen()).isEqualTo(new HostPort("127.0.0.1", 9090));
        assertThat(c.admin()).isEqualTo(d.admin());
        assertThat(c.limits()).isEqualTo(new LimitsConfig(1 << 20, d.limits().maxRequestLineBytes(),
                d.limits().maxHeaderBytes(), d.limits().maxHeaderCount(), d.limits().maxBufferedBytes()));
        assertThat(c.timeouts().drain()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.timeouts().upstreamIdle()).isEqualTo(d.timeouts().upstreamIdle());
        assertThat(c.policy()).isEqualTo(new PolicyConfig(Action.REDACT, Map.of("github-pat", Action.BLOCK), Action.BLOCK));
        assertThat(List.of(c.routes(), c.upstream(), c.intercept(), c.audit(), c.rules(), c.access(), c.websocket()))
                .containsExactly(d.routes(), d.upstream(), d.intercept(), d.audit(), d.rules(), d.access(), d.websocket());
    }

    @Test
    void webSocketResponsesAreRefusedUnlessScanIsChosen() throws ConfigException {
        assertThat(AirlockConfig.DEFAULT.websocket().responses()).isEqualTo(WebSocketConfig.Responses.REFUSE);
        assertThat(ConfigLoader.parse("websocket: {}\n", "a.yaml").websocket()).isEqualTo(WebSocketConfig.DEFAULT);
        assertThat(ConfigLoader.parse("websocket:\n  responses: Scan\n", "b.yaml").websocket().responses())
                .isEqualTo(WebSocketConfig.Responses.SCAN);
        assertThat(ConfigLoader.parse("websocket:\n  responses: refuse\n", "c.yaml").websocket().responses())
                .isEqualTo(WebSocketConfig.Responses.REFUSE);
        assertThat(AirlockConfig.DEFAULT.withWebSocket(new WebSocketConfig(WebSocketConfig.Responses.SCAN)))
                .isEqualTo(new AirlockConfig(AirlockConfig.DEFAULT_LISTEN, AirlockConfig.DEFAULT_ADMIN, List.of(),
                        UpstreamConfig.DEFAULT, InterceptConfig.DEFAULT, PolicyConfig.DEFAULT, LimitsConfig.DEFAULT,
                        TimeoutsConfig.DEFAULT, AuditConfig.DEFAULT, RulesConfig.DEFAULT, AccessConfig.DEFAULT,
                        ResponseConfig.DEFAULT, new WebSocketConfig(WebSocketConfig.Responses.SCAN)));
    }

    @Test
    void restoreIsToolsUnlessSetAndReadsEachWordAsWritten() throws ConfigException {
        assertThat(AirlockConfig.DEFAULT.policy().restore()).isEqualTo(Restore.TOOLS);
        assertThat(ConfigLoader.parse("policy:\n  action: block\n", "a.yaml").policy().restore())
                .isEqualTo(Restore.TOOLS);
        // Unquoted off is a YAML 1.1 boolean; it is still the word off here.
        assertThat(ConfigLoader.parse("policy:\n  restore: off\n", "b.yaml").policy())
                .isEqualTo(new PolicyConfig(Action.REDACT, Map.of(), Action.BLOCK, Restore.OFF));
        assertThat(ConfigLoader.parse("policy:\n  restore: \"off\"\n", "c.yaml").policy().restore())
                .isEqualTo(Restore.OFF);
        assertThat(ConfigLoader.parse("policy:\n  restore: ALL\n", "d.yaml").policy().restore())
                .isEqualTo(Restore.ALL);
        assertThat(ConfigLoader.parse("policy: {restore: tools}\n", "e.yaml").policy().restore())
                .isEqualTo(Restore.TOOLS);
    }

    @Test
    void responseActionIsRecordUnlessSet() throws ConfigException {
        assertThat(AirlockConfig.DEFAULT.response().action()).isEqualTo(ResponseAction.RECORD);
        assertThat(ConfigLoader.parse("policy:\n  action: block\n", "a.yaml").response())
                .isEqualTo(ResponseConfig.DEFAULT);
        assertThat(ConfigLoader.parse("response:\n  action: redact\n", "b.yaml").response().action())
                .isEqualTo(ResponseAction.REDACT);
        assertThat(ConfigLoader.parse("response: {action: RECORD}\n", "c.yaml").response().action())
                .isEqualTo(ResponseAction.RECORD);
        assertThat(ConfigLoader.parse("response:\n", "d.yaml").response()).isEqualTo(ResponseConfig.DEFAULT);
    }

    @Test
    void emptyAndNullSectionsAreTheDefault() throws ConfigException {
        assertThat(ConfigLoader.parse("~\n", "null.yaml")).isEqualTo(AirlockConfig.DEFAULT);
        assertThat(ConfigLoader.parse("""
                listen: ~
                admin:
                routes:
                upstream:
                # intercept: everything below is commented out
                intercept:
                #  others: deny
                policy: {}
                limits: {}
                timeouts:
                audit:
                  file:
                rules:
                access:
                websocket:
                """, "empty-sections.yaml")).isEqualTo(AirlockConfig.DEFAULT);
        assertThat(ConfigLoader.parse("intercept: {others: deny}\naccess: {users: {}, clients: []}\n", "x.yaml").access())
                .isEqualTo(AccessConfig.DEFAULT);
    }

    @Test
    void defaultsAreThePortForTlsAndAnOpenProxyOnLoopback() {
        assertThat(InterceptConfig.DEFAULT.ports()).containsExactly(443);
        assertThat(InterceptConfig.DEFAULT.hosts()).isEqualTo(InterceptConfig.DEFAULT_HOSTS);
        assertThat(AccessConfig.DEFAULT).isEqualTo(new AccessConfig(Map.of(), List.of(), false));
        assertThat(AccessConfig.DEFAULT.guarded()).isFalse();
        assertThat(AirlockConfig.DEFAULT.access()).isEqualTo(AccessConfig.DEFAULT);
    }

    @Test
    void anEmptyPortListRefusesEveryConnect() throws ConfigException {
        InterceptConfig i = ConfigLoader.parse("intercept:\n  ports: []\n", "no-connect.yaml").intercept();
        assertThat(i.ports()).isEmpty();
        assertThat(i.portAllowed(443)).isFalse();
    }

    @Test
    void copiesChangeOneSectionAndKeepTheRest() {
        AirlockConfig d = AirlockConfig.DEFAULT;
        AccessConfig access = new AccessConfig(Map.of(), List.of(AddressRange.parse("10.0.0.0/8")), true);
        InterceptConfig intercept = new InterceptConfig(List.of("api.openai.com"), InterceptConfig.Others.DENY,
                List.of(443, 8443));

        AirlockConfig c = d.withAccess(access).withIntercept(intercept)
                .withListeners(new HostPort("0.0.0.0", 1), new HostPort("127.0.0.1", 2));

        assertThat(c).isEqualTo(new AirlockConfig(new HostPort("0.0.0.0", 1), new HostPort("127.0.0.1", 2), d.routes(),
                d.upstream(), intercept, d.policy(), d.limits(), d.timeouts(), d.audit(), d.rules(), access, d.response(), d.websocket()));
    }

    @Test
    void routeDialectComesFromProviderOrTheBuiltInRouteOfThatName() throws ConfigException {
        AirlockConfig c = ConfigLoader.parse("""
                routes:
                  - {name: anthropic, upstream: "https://a.example"}
                  - {name: gemini, upstream: "https://g.example"}
                  - {name: ollama, upstream: "http://127.0.0.1:11434"}
                  - {name: openai, upstream: "https://o.example/v1"}
                  - {name: corp-claude, upstream: "https://c.example", provider: ANTHROPIC}
                  - {name: corp-gemini, upstream: "https://c.example", provider: gemini}
                  - {name: groq, upstream: "https://api.groq.com/openai/v1"}
                """, "routes.yaml");
        assertThat(c.routes()).extracting(RouteConfig::dialect).containsExactly(Dialect.ANTHROPIC, Dialect.GEMINI,
                Dialect.OLLAMA, Dialect.OPENAI, Dialect.ANTHROPIC, Dialect.GEMINI, Dialect.OPENAI);
    }

    @Test
    void relativeFilesResolveAgainstTheConfigFileOrTheWorkingDirectory(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(sub.resolve("ca.pem"), "pem");
        Path file = sub.resolve("airlock.yaml");
        Files.writeString(file, "upstream:\n  caFile: ./ca.pem\naudit:\n  file: ../log/audit.jsonl\n");

        AirlockConfig loaded = ConfigLoader.load(file);
        assertThat(loaded.upstream().caFile()).isEqualTo(sub.resolve("ca.pem"));
        assertThat(loaded.audit().file()).isEqualTo(dir.resolve("log/audit.jsonl"));

        AirlockConfig parsed = ConfigLoader.parse("audit:\n  file: audit.jsonl\nupstream:\n  caFile: " + sub.resolve("ca.pem")
                + "\n", "inline");
        assertThat(parsed.audit().file()).isEqualTo(Path.of("").toAbsolutePath().resolve("audit.jsonl"));
        assertThat(parsed.upstream().caFile()).isEqualTo(sub.resolve("ca.pem"));
    }

    @Test
    void listenAndAdminMayShareOnlyPortZero() throws ConfigException {
        AirlockConfig c = ConfigLoader.parse("listen: 0\nadmin: 0\n", "ephemeral.yaml");
        assertThat(c.listen()).isEqualTo(c.admin()).isEqualTo(new HostPort("127.0.0.1", 0));
        assertThat(ConfigLoader.parse("listen: 127.0.0.1:9000\nadmin: 127.0.0.2:9000\n", "two-hosts.yaml").admin())
                .isEqualTo(new HostPort("127.0.0.2", 9000));
    }
}
