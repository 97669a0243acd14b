package dev.airlock.proxy.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.proxy.JsonBytes;
import dev.airlock.proxy.inspect.Hit;
import java.io.IOException;
import java.time.Instant;

/** One audit line: the event's fields, its sequence number, and the link to the line before. */
final class AuditJson {

    static final int MAX_FINDINGS = 100;

    private AuditJson() {
    }

    static byte[] event(long seq, AuditEvent e, String prev) {
        return JsonBytes.object(g -> {
            head(g, seq, e.time(), e.response() ? "response"
                    : e.unscanned() != null && e.findings().isEmpty() ? "unscanned" : "findings");
            g.writeStringField("event", e.eventId());
            g.writeStringField("client", e.client());
            g.writeStringField("user", e.user());
            g.writeStringField("route", e.route());
            g.writeStringField("host", e.host());
            g.writeStringField("path", e.path());
            g.writeStringField("provider", e.provider());
            g.writeStringField("action", e.action());
            if (e.status() != 0) {
                g.writeNumberField("status", e.status());
            }
            if (e.unscanned() != null) {
                g.writeStringField("unscanned", e.unscanned());
            }
            // Bounded: a body crafted to hold a million findings must not make a line the size of the body.
            if (e.findings().size() > MAX_FINDINGS) {
                g.writeNumberField("findingsTotal", e.findings().size());
            }
            g.writeArrayFieldStart("findings");
            for (Hit h : e.findings().subList(0, Math.min(MAX_FINDINGS, e.findings().size()))) {
                g.writeStartObject();
                g.writeStringField("rule", h.ruleId());
                g.writeStringField("location", h.location());
                if (h.pointer() != null) {
                    g.writeStringField("pointer", h.pointer());
                }
                g.writeNumberField("length", h.length());
                g.writeStringField("fingerprint", h.fingerprint());
                g.writeStringField("action", h.actionLabel());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("prev", prev);
        });
    }

    /** Events lost because the writer fell behind or the file could not be written: recorded in the chain so that the loss itself is on file. */
    static byte[] dropped(long seq, Instant time, long count, String prev) {
        return JsonBytes.object(g -> {
            head(g, seq, time, "dropped");
            g.writeNumberField("count", count);
            g.writeStringField("prev", prev);
        });
    }

    private static void head(JsonGenerator g, long seq, Instant time, String kind) throws IOException {
        g.writeNumberField("seq", seq);
        g.writeStringField("time", time.toString());
        g.writeStringField("kind", kind);
    }
}
