package dev.airlock.proxy.dashboard;

import dev.airlock.config.Action;
import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.inspect.Hit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Audit events as the proxy records them, for the dashboard's unit tests. */
final class Events {

    private Events() {
    }

    static Hit hit(String rule, Action action) {
        return new Hit(rule, "messages[0].content, line 1", "/messages/0/content", 40, "0123456789abcdef", false,
                action);
    }

    static AuditEvent event(String client, String action, String provider, List<Hit> hits, String unscanned) {
        return new AuditEvent(Instant.now(), "ev" + System.nanoTime(), client, null, provider, "api.example.com",
                "/v1/chat/completions", provider, action, action.equals("block") ? 400 : 0, hits, unscanned);
    }

    static AuditEvent redaction(String client) {
        return event(client, "redact", "openai", List.of(hit("github-pat", Action.REDACT)), null);
    }

    static AuditEvent block(String client) {
        return event(client, "block", "anthropic", List.of(hit("aws-access-key-id", Action.BLOCK)), null);
    }

    static AuditEvent unscanned(String client) {
        return event(client, "error", "openai", List.of(), "content_type");
    }

    static List<Hit> hits(int n) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(hit("github-pat", Action.REDACT));
        }
        return out;
    }
}
