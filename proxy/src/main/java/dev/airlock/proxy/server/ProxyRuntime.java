package dev.airlock.proxy.server;

import dev.airlock.config.InterceptConfig;
import dev.airlock.config.Restore;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.config.LimitsConfig;
import dev.airlock.config.TimeoutsConfig;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.metrics.ProxyMetrics;
import dev.airlock.proxy.response.PlaceholderVault;
import dev.airlock.proxy.route.ForwardRoutes;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.route.Routes;
import dev.airlock.proxy.upstream.Upstreams;
import java.util.concurrent.Executor;

/**
 * What every client connection shares: routing, the inspector, provider connections, limits and counters.
 * Immutable apart from the thread-safe parts it holds.
 *
 * @param guard        checks and resolves client-chosen forward targets
 * @param ca           mints the leaves of intercepted hosts
 * @param scanExecutor where large bodies are scanned, so an event loop never stalls on one; it rejects work when
 *                     full (the request is then shed with 503)
 * @param vault        the secrets behind the placeholders sent so far, shared by every runtime of the server
 * @param restore      where answers get them back ({@code policy.restore})
 */
record ProxyRuntime(Routes routes, RequestInspector inspector, Upstreams upstreams, ProxyMetrics metrics,
                    LimitsConfig limits, TimeoutsConfig timeouts, BufferBudget budget, Executor scanExecutor,
                    Drain drain, InterceptConfig intercept, InterceptHosts interceptHosts, ForwardRoutes forwardRoutes,
                    TargetGuard guard, Tunnels tunnels, CertificateAuthority ca, ProxyAccess access,
                    AuditLog audit, PlaceholderVault vault, Restore restore) {

    /**
     * Bodies up to this size are scanned on the event loop (under a millisecond of work): handing them to the scan
     * threads measured no better on two cores, and under a burst it only queued them.
     */
    static final int INLINE_SCAN_BYTES = 64 * 1024;
}
