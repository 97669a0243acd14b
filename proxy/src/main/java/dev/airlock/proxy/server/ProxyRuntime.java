package dev.airlock.proxy.server;

import dev.airlock.config.InterceptConfig;
import dev.airlock.config.Restore;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.config.LimitsConfig;
import dev.airlock.config.TimeoutsConfig;
import dev.airlock.config.WebSocketConfig;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.metrics.ProxyMetrics;
import dev.airlock.proxy.response.PlaceholderVault;
import dev.airlock.proxy.response.ResponseRedaction;
import dev.airlock.proxy.route.ForwardRoutes;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.route.Routes;
import dev.airlock.proxy.upstream.Upstreams;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every client connection shares: routing, the inspector, provider connections, limits and counters.
 * Immutable apart from the thread-safe parts it holds.
 *
 * @param guard        checks and resolves client-chosen forward targets
 * @param ca           mints the leaves of intercepted hosts
 * @param scanExecutor where large bodies are scanned, so an event loop never stalls on one; it rejects work when
 *                     full (the request is then shed with 503)
 * @param vault        gives each answer the placeholders its own request was redacted into
 * @param restore      where answers get them back ({@code policy.restore})
 * @param responseRedaction credentials the model writes are replaced before the client sees them
 *                          ({@code response.action: redact}); null with {@code record}
 * @param routeInspectors the inspectors of routes that accept findings of their own ({@code routes[].allow}), by
 *                        route name; every other route uses {@code inspector}
 * @param websocket    whether WebSocket upgrades to Responses endpoints are refused or proxied and scanned
 */
record ProxyRuntime(Routes routes, RequestInspector inspector, Upstreams upstreams, ProxyMetrics metrics,
                    LimitsConfig limits, TimeoutsConfig timeouts, BufferBudget budget, Executor scanExecutor,
                    Drain drain, InterceptConfig intercept, InterceptHosts interceptHosts, ForwardRoutes forwardRoutes,
                    TargetGuard guard, Tunnels tunnels, CertificateAuthority ca, ProxyAccess access,
                    AuditLog audit, PlaceholderVault vault, Restore restore, ResponseRedaction responseRedaction,
                    Map<String, RequestInspector> routeInspectors, WebSocketConfig websocket) {

    ProxyRuntime {
        routeInspectors = Map.copyOf(routeInspectors);
    }

    /** The inspector of a route: its own when it accepts findings of its own, the shared one otherwise. */
    RequestInspector inspectorFor(String route) {
        return route == null ? inspector : routeInspectors.getOrDefault(route, inspector);
    }

    /**
     * Whether the answer to a request may be rewritten on its way back — its own secrets restored, or credentials the
     * model writes redacted — so the provider must send it in a form Airlock can read as it streams.
     */
    boolean mayRewriteAnswer(java.util.Map<String, String> placeholders) {
        return responseRedaction != null || restore != Restore.OFF && !placeholders.isEmpty();
    }

    /**
     * Bodies up to this size are scanned on the event loop (under a millisecond of work): handing them to the scan
     * threads measured no better on two cores, and under a burst it only queued them.
     */
    static final int INLINE_SCAN_BYTES = 64 * 1024;
}
