package dev.airlock.proxy.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of a window (the last hour, the last day), merged from its minutes by one reader thread, plus a
 * timeline of blocks, redactions and other events per slot. Built fresh for each answer, so it needs no lock.
 */
final class Totals {

    static final int EVENTS = 0;
    static final int BLOCKED = 1;
    static final int REDACTED = 2;

    /** A label and its count(s); {@code blocked} and {@code redacted} are only filled for clients. */
    record Count(String key, long count, long blocked, long redacted) {
    }

    /** One bar of the timeline: from {@code start}, {@code minutes} long. */
    record Slot(Instant start, int minutes, long blocked, long redacted, long other) {
    }

    final Instant start;
    final int slotMinutes;
    long events;
    final Map<String, Long> actions = new HashMap<>();
    final Map<String, Long> rules = new HashMap<>();
    final Map<String, Long> providers = new HashMap<>();
    final Map<String, long[]> clients = new HashMap<>();
    final Map<String, Long> unscanned = new HashMap<>();
    private final long[][] slots;

    /** A window starting at {@code start} of {@code slotCount} slots, {@code slotMinutes} each. */
    Totals(Instant start, int slotCount, int slotMinutes) {
        this.start = start;
        this.slotMinutes = slotMinutes;
        this.slots = new long[slotCount][3];
    }

    void add(int slot, long events, Map<String, Long> actions, Map<String, Long> rules, Map<String, Long> providers,
             Map<String, long[]> clients, Map<String, Long> unscanned) {
        this.events += events;
        actions.forEach((k, v) -> this.actions.merge(k, v, Long::sum));
        rules.forEach((k, v) -> this.rules.merge(k, v, Long::sum));
        providers.forEach((k, v) -> this.providers.merge(k, v, Long::sum));
        unscanned.forEach((k, v) -> this.unscanned.merge(k, v, Long::sum));
        clients.forEach((k, v) -> {
            long[] c = this.clients.computeIfAbsent(k, x -> new long[3]);
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        });
        long blocked = actions.getOrDefault("block", 0L);
        long redacted = actions.getOrDefault("redact", 0L);
        long[] s = slots[slot];
        s[0] += blocked;
        s[1] += redacted;
        s[2] += events - blocked - redacted;
    }

    long action(String name) {
        return actions.getOrDefault(name, 0L);
    }

    long unscannedTotal() {
        return unscanned.values().stream().mapToLong(Long::longValue).sum();
    }

    List<Slot> timeline() {
        List<Slot> out = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) {
            out.add(new Slot(start.plusSeconds(60L * slotMinutes * i), slotMinutes, slots[i][0], slots[i][1],
                    slots[i][2]));
        }
        return out;
    }

    /** The {@code n} largest counts, largest first; the rest summed under {@code other} so the bars still add up. */
    static List<Count> top(Map<String, Long> counts, int n) {
        Map<String, long[]> wide = new HashMap<>();
        counts.forEach((k, v) -> wide.put(k, new long[] {v, 0, 0}));
        return topClients(wide, n);
    }

    static List<Count> topClients(Map<String, long[]> counts, int n) {
        List<Count> all = new ArrayList<>();
        counts.forEach((k, v) -> {
            if (!k.equals(MinuteCounts.OTHER)) {
                all.add(new Count(k, v[EVENTS], v[BLOCKED], v[REDACTED]));
            }
        });
        all.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key));
        List<Count> out = new ArrayList<>(all.subList(0, Math.min(n, all.size())));
        long[] rest = counts.getOrDefault(MinuteCounts.OTHER, new long[3]).clone();
        boolean any = counts.containsKey(MinuteCounts.OTHER) || all.size() > n;
        for (Count c : all.subList(out.size(), all.size())) {
            rest[EVENTS] += c.count();
            rest[BLOCKED] += c.blocked();
            rest[REDACTED] += c.redacted();
        }
        if (any) {
            out.add(new Count(MinuteCounts.OTHER, rest[EVENTS], rest[BLOCKED], rest[REDACTED]));
        }
        return out;
    }
}
