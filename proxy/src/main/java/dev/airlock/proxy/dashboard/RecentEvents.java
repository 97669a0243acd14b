package dev.airlock.proxy.dashboard;

import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dashboard shows, held in memory only: the latest events for the live feed (a ring) and per-minute counts
 * for the last 24 hours (a ring of minutes). Memory is bounded whatever the traffic: the feed keeps {@code capacity}
 * events with at most {@value #HITS_KEPT} findings each, a day is {@value #MINUTES} minutes, and each minute counts
 * at most {@code clientCap} distinct clients, the rest as {@code other}. Every label is a value an event already
 * carries (rule ids, provider, action, unscanned reason, client address); events carry no secret.
 *
 * <p>{@link #record} runs on event loops: a counter bump under the current minute's lock and a slot write under the
 * feed's, no I/O and no allocation beyond the entry.
 */
public final class RecentEvents implements AuditLog {

    static final int FEED = 500;
    static final int MINUTES = 24 * 60;
    static final int CLIENTS_PER_MINUTE = 100;
    /** Findings kept per feed entry; the count says how many there were. */
    static final int HITS_KEPT = 20;

    /** A feed entry: its place in the feed ({@code seq}, from 1), the event, and its number of findings. */
    record Entry(long seq, AuditEvent event, int findings) {
    }

    private final Clock clock;
    private final Entry[] feed;
    private long latest; // guarded by feed
    private final MinuteCounts[] minutes = new MinuteCounts[MINUTES];

    public RecentEvents() {
        this(Clock.systemUTC(), FEED, CLIENTS_PER_MINUTE);
    }

    RecentEvents(Clock clock, int capacity, int clientCap) {
        this.clock = clock;
        this.feed = new Entry[capacity];
        for (int i = 0; i < MINUTES; i++) {
            minutes[i] = new MinuteCounts(clientCap);
        }
    }

    /** Counted in the minute it is recorded (by this object's clock), so expiry never depends on a caller's time. */
    @Override
    public void record(AuditEvent event) {
        long minute = Math.floorDiv(clock.millis(), 60_000L);
        minutes[(int) Math.floorMod(minute, (long) MINUTES)].add(minute, event);
        AuditEvent kept = event.findings().size() <= HITS_KEPT ? event
                : new AuditEvent(event.time(), event.eventId(), event.client(), event.user(), event.route(),
                event.host(), event.path(), event.provider(), event.action(), event.status(),
                event.findings().subList(0, HITS_KEPT), event.unscanned(), event.response());
        synchronized (feed) {
            latest++;
            feed[(int) (latest % feed.length)] = new Entry(latest, kept, event.findings().size());
        }
    }

    /** The entries after {@code seq} still in the feed, newest first. */
    List<Entry> after(long seq) {
        synchronized (feed) {
            List<Entry> out = new ArrayList<>();
            for (long s = latest; s > Math.max(seq, latest - feed.length); s--) {
                out.add(feed[(int) (s % feed.length)]);
            }
            return out;
        }
    }

    /** The seq of the newest entry; 0 before the first. */
    long latest() {
        synchronized (feed) {
            return latest;
        }
    }

    Instant now() {
        return clock.instant();
    }

    /** The last {@code slots × slotMinutes} minutes up to and including the current one. */
    Totals window(int slots, int slotMinutes) {
        long now = Math.floorDiv(clock.millis(), 60_000L);
        int span = slots * slotMinutes;
        if (span > MINUTES) {
            throw new IllegalArgumentException("a window of " + span + " minutes (expected: at most " + MINUTES + ")");
        }
        long first = now - span + 1;
        Totals t = new Totals(Instant.ofEpochSecond(first * 60), slots, slotMinutes);
        for (long m = first; m <= now; m++) {
            minutes[(int) Math.floorMod(m, (long) MINUTES)].addTo(t, m, (int) ((m - first) / slotMinutes));
        }
        return t;
    }

    /** Nothing to release: the events live in memory only. */
    @Override
    public void close() {
    }
}
