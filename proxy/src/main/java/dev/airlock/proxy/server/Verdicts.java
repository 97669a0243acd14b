package dev.airlock.proxy.server;

import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.inspect.Inspection;
import java.net.SocketAddress;
import java.util.List;

/** What every scan verdict leaves behind, whatever carried the request: finding counts and the audit event. */
final class Verdicts {

    private Verdicts() {
    }

    static void record(ProxyRuntime runtime, Exchange x, Inspection result, SocketAddress client, String user) {
        for (Hit h : result.hits()) {
            if (h.accepted()) {
                runtime.metrics().acceptedFinding(h.ruleId());
            } else {
                runtime.metrics().finding(h.ruleId(), h.action());
            }
        }
        if (result.unscanned() != null) {
            runtime.metrics().unscanned(result.unscanned());
        }
        if (AuditEvents.worthRecording(result)) {
            runtime.audit().record(AuditEvents.of(x, result, client, user));
        }
    }

    /** The rule ids of the hits, for a log line. */
    static String rules(List<Hit> hits) {
        return String.join(",", hits.stream().map(Hit::ruleId).distinct().toList());
    }
}
