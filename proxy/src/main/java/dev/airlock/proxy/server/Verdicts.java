package dev.airlock.proxy.server;

import dev.airlock.config.Action;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.inspect.Inspection;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    /**
     * Credentials a provider's answer held, whatever carried it: counted and audited, those whose keyed fingerprint is
     * in {@code redacted} (replaced before the client saw them) with action redact, the others as they went through.
     */
    static void recordResponse(ProxyRuntime runtime, Exchange x, List<Hit> found, Set<String> redacted,
                               SocketAddress client, String user) {
        List<Hit> hits = found;
        if (!redacted.isEmpty()) {
            hits = new ArrayList<>(found.size());
            for (Hit h : found) {
                hits.add(redacted.contains(h.fingerprint()) ? new Hit(h.ruleId(), h.location(), h.pointer(), h.length(),
                        h.fingerprint(), h.unredactable(), Action.REDACT) : h);
            }
        }
        runtime.audit().record(AuditEvents.ofResponse(x, hits, client, user));
        for (Hit h : hits) {
            runtime.metrics().responseFinding(h.ruleId());
        }
    }

    /** The rule ids of the hits, for a log line. */
    static String rules(List<Hit> hits) {
        return String.join(",", hits.stream().map(Hit::ruleId).distinct().toList());
    }
}
