package dev.airlock.proxy.server;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.Dialect;
import dev.airlock.config.HostPort;
import dev.airlock.config.PolicyConfig;
import dev.airlock.config.RouteConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.dashboard.AdminToken;
import dev.airlock.proxy.metrics.MicrometerMetrics;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.testing.FakeProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A real Airlock on 127.0.0.1:0 for integration tests, with the openai, anthropic, gemini, mistral, cohere, vercel and
 * ollama routes pointed at a fake provider and the fake's test CA trusted for upstream TLS.
 */
public final class RunningAirlock implements AutoCloseable {

    private static final Detector DETECTOR = Detector.builtIn();
    private static CertificateAuthority sharedCa;

    private final ProxyServer server;
    private final MicrometerMetrics metrics;
    private final Redactor redactor;

    private RunningAirlock(ProxyServer server, MicrometerMetrics metrics, Redactor redactor) {
        this.server = server;
        this.metrics = metrics;
        this.redactor = redactor;
    }

    /** The configuration tests start from: every built-in route that matters aimed at {@code upstreamBase}. */
    public static AirlockConfig configFor(String upstreamBase, Path caPem) {
        AirlockConfig d = AirlockConfig.DEFAULT;
        List<RouteConfig> routes = List.of(
                new RouteConfig("openai", upstreamBase, Dialect.OPENAI),
                new RouteConfig("anthropic", upstreamBase, Dialect.ANTHROPIC),
                new RouteConfig("gemini", upstreamBase, Dialect.GEMINI),
                new RouteConfig("mistral", upstreamBase, Dialect.OPENAI),
                new RouteConfig("cohere", upstreamBase, Dialect.COHERE),
                new RouteConfig("vercel", upstreamBase, Dialect.OPENAI),
                new RouteConfig("ollama", upstreamBase, Dialect.OLLAMA));
        return new AirlockConfig(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", 0), routes,
                new UpstreamConfig(caPem, java.util.Map.of(), null), d.intercept(), d.policy(), d.limits(),
                d.timeouts(), d.audit(), d.rules(), d.access(), d.response(), d.websocket());
    }

    public static RunningAirlock start(FakeProvider provider, Path caPem) throws Exception {
        return start(configFor(provider.baseUrl(), caPem));
    }

    public static RunningAirlock start(FakeProvider provider, Path caPem, UnaryOperator<AirlockConfig> change)
            throws Exception {
        return start(change.apply(configFor(provider.baseUrl(), caPem)));
    }

    public static RunningAirlock start(AirlockConfig config) throws Exception {
        return start(config, sharedCa());
    }

    public static RunningAirlock start(AirlockConfig config, CertificateAuthority ca) throws Exception {
        return start(config, ca, new Redactor(Credentials.randomKey()), AuditLog.NONE);
    }

    /** With the redactor (install key) and audit trail the test inspects. */
    public static RunningAirlock start(AirlockConfig config, CertificateAuthority ca, Redactor redactor, AuditLog audit)
            throws Exception {
        return start(config, ca, redactor, audit, null);
    }

    /** With an admin token for the dashboard (required when the admin address is not loopback). */
    public static RunningAirlock start(AirlockConfig config, CertificateAuthority ca, Redactor redactor, AuditLog audit,
                                       AdminToken adminToken) throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        return new RunningAirlock(ProxyServer.start(config, DETECTOR, redactor, metrics, ca, audit, adminToken), metrics,
                redactor);
    }

    /**
     * A forward proxy that intercepts {@code host} with leaves of its own install CA ({@link #caPath}) and dials
     * {@code provider} in its place, trusting {@code caPem} upstream; its routes aim at {@code provider} too.
     */
    public static RunningAirlock intercepting(String host, FakeProvider provider, Path caPem) throws Exception {
        AirlockConfig config = configFor(provider.baseUrl(), caPem).withUpstream(new UpstreamConfig(caPem,
                java.util.Map.of(new HostPort(host, 443), new HostPort("127.0.0.1", provider.port())), null));
        return start(config);
    }

    /** The install CA's certificate, for a client's {@code NODE_EXTRA_CA_CERTS} or {@code CODEX_CA_CERTIFICATE}. */
    public static Path caPath() throws Exception {
        return sharedCa().certificatePath();
    }

    /** The install CA most tests share. */
    public static CertificateAuthority ca() throws Exception {
        return sharedCa();
    }

    /** One install CA for the tests that do not look at it, created once per test run. */
    private static synchronized CertificateAuthority sharedCa() throws Exception {
        if (sharedCa == null) {
            Path dir = Files.createTempDirectory("airlock-test-ca");
            sharedCa = CertificateAuthority.open(new CaFiles(dir), InterceptHosts.of(InterceptConfig.DEFAULT_HOSTS));
        }
        return sharedCa;
    }

    /** A copy of {@code c} with another policy. */
    public static AirlockConfig withPolicy(AirlockConfig c, PolicyConfig policy) {
        return new AirlockConfig(c.listen(), c.admin(), c.routes(), c.upstream(), c.intercept(), policy, c.limits(),
                c.timeouts(), c.audit(), c.rules(), c.access(), c.response(), c.websocket());
    }

    /** A copy of {@code c} with another {@code response.action}. */
    public static AirlockConfig withResponse(AirlockConfig c, dev.airlock.config.ResponseAction action) {
        return c.withResponse(new dev.airlock.config.ResponseConfig(action));
    }

    public static AirlockConfig withLimits(AirlockConfig c, dev.airlock.config.LimitsConfig limits) {
        return new AirlockConfig(c.listen(), c.admin(), c.routes(), c.upstream(), c.intercept(), c.policy(), limits,
                c.timeouts(), c.audit(), c.rules(), c.access(), c.response(), c.websocket());
    }

    public static AirlockConfig withTimeouts(AirlockConfig c, dev.airlock.config.TimeoutsConfig timeouts) {
        return new AirlockConfig(c.listen(), c.admin(), c.routes(), c.upstream(), c.intercept(), c.policy(), c.limits(),
                timeouts, c.audit(), c.rules(), c.access(), c.response(), c.websocket());
    }

    public int port() {
        return server.proxyAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public URI admin() {
        return URI.create("http://127.0.0.1:" + server.adminAddress().getPort());
    }

    /** What {@code /metrics} would serve now. */
    public String scrape() {
        return metrics.scrape();
    }

    /** The placeholder this Airlock writes for a secret found by {@code ruleId}. */
    public String placeholder(String ruleId, String secret) {
        return redactor.placeholder(ruleId, secret);
    }

    public ProxyServer server() {
        return server;
    }

    /** Drains for up to {@code deadline} and closes, on another thread. */
    public CompletableFuture<Void> closeAsync(Duration deadline) {
        return CompletableFuture.runAsync(() -> {
            try {
                server.close(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** Closes without waiting for a drain. */
    @Override
    public void close() throws InterruptedException {
        server.close(Duration.ZERO);
    }
}
