package dev.airlock.proxy.dashboard;

import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.inspect.Hit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The counts of one minute: events by action, findings by rule, events by provider, offending events by client, and
 * unscanned bodies by reason. A slot is reused a day later, so it is reset when an event of another minute lands in
 * it. Its own lock: an event loop recording waits at most for a reader merging this one minute, never the whole day.
 */
final class MinuteCounts {

    /** Where clients beyond the cap are counted: one minute cannot grow without bound however many addresses come. */
    static final String OTHER = "other";

    private final int clientCap;
    private long minute = Long.MIN_VALUE;
    private long events;
    private final Map<String, Long> actions = new HashMap<>();
    private final Map<String, Long> rules = new HashMap<>();
    private final Map<String, Long> providers = new HashMap<>();
    private final Map<String, long[]> clients = new HashMap<>();
    private final Map<String, Long> unscanned = new HashMap<>();

    MinuteCounts(int clientCap) {
        this.clientCap = clientCap;
    }

    synchronized void add(long minute, AuditEvent e) {
        if (this.minute != minute) {
            this.minute = minute;
            events = 0;
            actions.clear();
            rules.clear();
            providers.clear();
            clients.clear();
            unscanned.clear();
        }
        events++;
        String action = Objects.toString(e.action(), "unknown");
        actions.merge(action, 1L, Long::sum);
        providers.merge(Objects.toString(e.provider(), "unknown"), 1L, Long::sum);
        for (Hit h : e.findings()) {
            rules.merge(h.ruleId(), 1L, Long::sum);
        }
        if (!e.findings().isEmpty()) {
            String client = Objects.toString(e.client(), "unknown");
            if (!clients.containsKey(client) && clients.size() >= clientCap) {
                client = OTHER;
            }
            long[] c = clients.computeIfAbsent(client, k -> new long[3]);
            c[Totals.EVENTS]++;
            c[Totals.BLOCKED] += action.equals("block") ? 1 : 0;
            c[Totals.REDACTED] += action.equals("redact") ? 1 : 0;
        }
        if (e.unscanned() != null) {
            unscanned.merge(e.unscanned(), 1L, Long::sum);
        }
    }

    /** Adds this minute to {@code into} (as timeline slot {@code slot}) when it still holds {@code minute}. */
    synchronized void addTo(Totals into, long minute, int slot) {
        if (this.minute != minute) {
            return;
        }
        into.add(slot, events, actions, rules, providers, clients, unscanned);
    }
}
