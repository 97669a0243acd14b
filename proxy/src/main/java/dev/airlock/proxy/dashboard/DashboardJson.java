package dev.airlock.proxy.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.proxy.JsonBytes;
import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.inspect.Hit;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The API's answers. Every field is event metadata: ids, places, lengths, keyed fingerprints, and a preview made
 * from the rule's documented prefix ({@link MaskedPreview}); there is no field a value could travel in.
 */
final class DashboardJson {

    /** Bars per breakdown chart; the rest is summed as {@code other}. */
    static final int TOP = 10;


    private DashboardJson() {
    }

    /** {@code /api/events}: the feed after a seq, newest first, and the seq to ask after next time. */
    static byte[] events(long latest, List<RecentEvents.Entry> entries, Map<String, String> previews) {
        return JsonBytes.object(g -> {
            g.writeNumberField("latest", latest);
            g.writeArrayFieldStart("events");
            for (RecentEvents.Entry entry : entries) {
                AuditEvent e = entry.event();
                g.writeStartObject();
                g.writeNumberField("seq", entry.seq());
                g.writeStringField("time", e.time().toString());
                g.writeStringField("event", e.eventId());
                g.writeStringField("action", e.action());
                g.writeNumberField("status", e.status());
                g.writeStringField("client", e.client());
                g.writeStringField("user", e.user());
                g.writeStringField("route", e.route());
                g.writeStringField("provider", e.provider());
                g.writeStringField("host", e.host());
                g.writeStringField("path", e.path());
                g.writeStringField("unscanned", e.unscanned());
                g.writeNumberField("findingCount", entry.findings());
                g.writeArrayFieldStart("findings");
                for (Hit h : e.findings()) {
                    g.writeStartObject();
                    g.writeStringField("rule", h.ruleId());
                    g.writeStringField("location", h.location());
                    g.writeNumberField("length", h.length());
                    g.writeStringField("fingerprint", h.fingerprint());
                    g.writeStringField("action", h.actionLabel());
                    g.writeStringField("preview", previews.getOrDefault(h.ruleId(), MaskedPreview.MASK));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** {@code /api/summary}: the last hour (per-minute timeline) and the last day (per-hour timeline). */
    static byte[] summary(Instant now, Totals hour, Totals day) {
        return JsonBytes.object(g -> {
            g.writeStringField("now", now.toString());
            window(g, "hour", hour);
            window(g, "day", day);
        });
    }

    private static void window(JsonGenerator g, String name, Totals t) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("start", t.start.toString());
        g.writeNumberField("events", t.events);
        g.writeNumberField("blocked", t.action("block"));
        g.writeNumberField("redacted", t.action("redact"));
        g.writeNumberField("audited", t.action("audit"));
        g.writeNumberField("unscanned", t.unscannedTotal());
        counts(g, "byAction", Totals.top(t.actions, TOP));
        counts(g, "byRule", Totals.top(t.rules, TOP));
        counts(g, "byProvider", Totals.top(t.providers, TOP));
        counts(g, "unscannedByReason", Totals.top(t.unscanned, TOP));
        g.writeArrayFieldStart("byClient");
        for (Totals.Count c : Totals.topClients(t.clients, TOP)) {
            g.writeStartObject();
            g.writeStringField("key", c.key());
            g.writeNumberField("count", c.count());
            g.writeNumberField("blocked", c.blocked());
            g.writeNumberField("redacted", c.redacted());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("timeline");
        for (Totals.Slot s : t.timeline()) {
            g.writeStartObject();
            g.writeStringField("start", s.start().toString());
            g.writeNumberField("minutes", s.minutes());
            g.writeNumberField("blocked", s.blocked());
            g.writeNumberField("redacted", s.redacted());
            g.writeNumberField("other", s.other());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, List<Totals.Count> counts) throws IOException {
        g.writeArrayFieldStart(name);
        for (Totals.Count c : counts) {
            g.writeStartObject();
            g.writeStringField("key", c.key());
            g.writeNumberField("count", c.count());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code /api/setup}: what the "set up a client" panel shows. */
    static byte[] setup(String proxyUrl, List<String> baseUrlLines, List<String> forwardLines, List<String> clients,
                        boolean tokenRequired) {
        return JsonBytes.object(g -> {
            g.writeStringField("proxy", proxyUrl);
            g.writeStringField("ca", "/ca.pem");
            g.writeStringField("pac", "/proxy.pac");
            lines(g, "baseUrl", baseUrlLines);
            lines(g, "forward", forwardLines);
            lines(g, "clients", clients);
            g.writeBooleanField("tokenRequired", tokenRequired);
        });
    }

    private static void lines(JsonGenerator g, String name, List<String> lines) throws IOException {
        g.writeArrayFieldStart(name);
        for (String l : lines) {
            g.writeString(l);
        }
        g.writeEndArray();
    }
}
