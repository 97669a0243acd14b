package dev.airlock.proxy.metrics;

import dev.airlock.config.Action;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.inspect.Unscanned;
import dev.airlock.proxy.response.Restored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link ProxyMetrics} on a Prometheus registry; {@link #scrape()} is what {@code /metrics} serves. */
public final class MicrometerMetrics implements ProxyMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeConnections = new AtomicInteger();
    /** Meters by their label values: looking one up in the registry per request costs more than the increment. */
    private final ConcurrentHashMap<List<String>, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Counter> findings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> upstream = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> connects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> reloads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> responseFindings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> responseRedactions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Counter> webSocketMessages = new ConcurrentHashMap<>();
    private final EnumMap<Restored, Counter> restored = new EnumMap<>(Restored.class);
    private final Timer scanTime;
    private final Counter scannedBytes;

    public MicrometerMetrics() {
        Gauge.builder("airlock.connections.active", activeConnections, AtomicInteger::get)
                .description("Client connections open now").register(registry);
        scanTime = Timer.builder("airlock.scan").description("Time to scan one request")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(0).plusNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        scannedBytes = Counter.builder("airlock.scanned.bytes")
                .description("Request bytes scanned, after decompression").register(registry);
        for (String outcome : List.of("intercepted", "tunnelled", "refused")) {
            connect(outcome, 0);
        }
        for (String result : List.of("ok", "rejected")) {
            configReload(result, 0);
        }
        for (Unscanned u : Unscanned.values()) {
            unscannedCounter(u); // present at zero, so alerts on increase() work from the first scrape
        }
        for (Restored where : Restored.values()) {
            restored.put(where, Counter.builder("airlock.restored")
                    .description("Redacted secrets put back into answers, by where (tool_arguments, text)")
                    .tags("where", where.label()).register(registry));
        }
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void request(String route, String provider, String action, int status) {
        requests.computeIfAbsent(List.of(route, provider, action, Integer.toString(status)), k -> Counter
                .builder("airlock.requests").description("Requests answered, by route, provider, action and status")
                .tags("route", k.get(0), "provider", k.get(1), "action", k.get(2), "status", k.get(3))
                .register(registry)).increment();
    }

    @Override
    public void finding(String ruleId, Action action) {
        countFinding(ruleId, action.label());
    }

    @Override
    public void acceptedFinding(String ruleId) {
        countFinding(ruleId, Hit.ACCEPTED);
    }

    private void countFinding(String ruleId, String action) {
        findings.computeIfAbsent(List.of(ruleId, action), k -> Counter.builder("airlock.findings")
                .description("Credentials found, by rule and the action taken (allowed: accepted by fingerprint)")
                .tags("rule", k.get(0), "action", k.get(1)).register(registry)).increment();
    }

    @Override
    public void responseFinding(String ruleId) {
        responseFindings.computeIfAbsent(ruleId, r -> Counter.builder("airlock.response.findings")
                .description("Credentials found in model responses (recorded, not blocked), by rule")
                .tags("rule", r).register(registry)).increment();
    }

    @Override
    public void responseRedaction(String ruleId) {
        responseRedactions.computeIfAbsent(ruleId, r -> Counter.builder("airlock.response.redactions")
                .description("Credentials in model responses replaced by their placeholder (response.action: redact)")
                .tags("rule", r).register(registry)).increment();
    }

    @Override
    public void restored(Restored where, int count) {
        restored.get(where).increment(count);
    }

    @Override
    public void scan(long nanos, long bytes) {
        scanTime.record(nanos, TimeUnit.NANOSECONDS);
        scannedBytes.increment(bytes);
    }

    @Override
    public void unscanned(Unscanned reason) {
        unscannedCounter(reason).increment();
    }

    private Counter unscannedCounter(Unscanned reason) {
        return Counter.builder("airlock.unscanned").description("Request bodies that could not be scanned, by reason")
                .tags("reason", reason.label()).register(registry);
    }

    @Override
    public void upstreamLatency(String route, long nanos) {
        upstream.computeIfAbsent(route, r -> Timer.builder("airlock.upstream")
                .description("Time from sending a request upstream to its response head")
                .tags("route", r).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(600)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void upstreamError(String route, String kind) {
        Counter.builder("airlock.upstream.errors").description("Upstream failures, by route and kind")
                .tags("route", route, "kind", kind).register(registry).increment();
    }

    @Override
    public void connect(String outcome) {
        connect(outcome, 1);
    }

    private void connect(String outcome, int n) {
        connects.computeIfAbsent(outcome, o -> Counter.builder("airlock.connects")
                .description("Forward-proxy CONNECT requests, by outcome").tags("outcome", o).register(registry))
                .increment(n);
    }

    @Override
    public void configReload(String result) {
        configReload(result, 1);
    }

    private void configReload(String result, int n) {
        reloads.computeIfAbsent(result, r -> Counter.builder("airlock.config.reloads")
                .description("Configuration reloads, by result").tags("result", r).register(registry)).increment(n);
    }

    @Override
    public void webSocketMessage(String route, String action) {
        webSocketMessages.computeIfAbsent(List.of(route, action), k -> Counter.builder("airlock.websocket.messages")
                .description("Messages clients sent on scanned WebSockets, by route and action")
                .tags("route", k.get(0), "action", k.get(1)).register(registry)).increment();
    }

    @Override
    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }
}
