package dev.airlock.proxy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dashboard's memory: a bounded feed, minute counts that expire after a day, a cap on distinct clients. */
class RecentEventsTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:30Z");

    private final MutableClock clock = new MutableClock(START);

    @Test
    void theFeedKeepsTheNewestEventsUpToItsCapacityNewestFirst() {
        RecentEvents recent = new RecentEvents(clock, 5, 100);
        assertThat(recent.latest()).isZero();
        assertThat(recent.after(0)).isEmpty();
        for (int i = 0; i < 12; i++) {
            recent.record(Events.redaction("10.0.0." + i));
        }
        assertThat(recent.latest()).isEqualTo(12);
        assertThat(recent.after(0)).extracting(RecentEvents.Entry::seq).containsExactly(12L, 11L, 10L, 9L, 8L);
        assertThat(recent.after(0).get(0).event().client()).isEqualTo("10.0.0.11");
        assertThat(recent.after(10)).extracting(RecentEvents.Entry::seq).containsExactly(12L, 11L);
        assertThat(recent.after(12)).isEmpty();
        assertThat(recent.after(99)).isEmpty();
    }

    @Test
    void anEventWithManyFindingsKeepsAFewInTheFeedAndCountsThemAll() {
        RecentEvents recent = new RecentEvents(clock, 5, 100);
        AuditEvent many = Events.event("10.0.0.1", "redact", "openai", Events.hits(RecentEvents.HITS_KEPT + 7), null);
        recent.record(many);
        RecentEvents.Entry entry = recent.after(0).get(0);
        assertThat(entry.event().findings()).hasSize(RecentEvents.HITS_KEPT);
        assertThat(entry.findings()).isEqualTo(RecentEvents.HITS_KEPT + 7);
        assertThat(recent.window(60, 1).rules).containsEntry("github-pat", (long) RecentEvents.HITS_KEPT + 7);
    }

    @Test
    void countsLeaveTheHourAfterSixtyMinutesAndTheDayAfterTwentyFourHours() {
        RecentEvents recent = new RecentEvents(clock, 50, 100);
        recent.record(Events.redaction("10.0.0.1"));
        recent.record(Events.block("10.0.0.2"));
        recent.record(Events.unscanned("10.0.0.3"));
        Totals hour = recent.window(60, 1);
        assertThat(hour.events).isEqualTo(3);
        assertThat(hour.action("redact")).isEqualTo(1);
        assertThat(hour.action("block")).isEqualTo(1);
        assertThat(hour.unscannedTotal()).isEqualTo(1);
        assertThat(hour.rules).containsOnly(Map.entry("github-pat", 1L), Map.entry("aws-access-key-id", 1L));
        assertThat(hour.providers).containsOnly(Map.entry("openai", 2L), Map.entry("anthropic", 1L));
        // the unscanned request held no finding: it is not an offending client
        assertThat(hour.clients).containsOnlyKeys("10.0.0.1", "10.0.0.2");
        assertThat(hour.timeline().get(59).blocked()).isEqualTo(1);
        assertThat(hour.timeline().get(59).redacted()).isEqualTo(1);
        assertThat(hour.timeline().get(59).other()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(59));
        assertThat(recent.window(60, 1).events).isEqualTo(3);
        assertThat(recent.window(60, 1).timeline().get(0).blocked()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(recent.window(60, 1).events).isZero();
        Totals day = recent.window(24, 60);
        assertThat(day.events).isEqualTo(3);
        assertThat(day.timeline()).hasSize(24);
        assertThat(day.timeline().stream().mapToLong(s -> s.blocked() + s.redacted() + s.other()).sum()).isEqualTo(3);

        clock.advance(Duration.ofHours(22).plusMinutes(59)); // 23 h 59 min after the events
        assertThat(recent.window(24, 60).events).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        assertThat(recent.window(24, 60).events).isZero();
        // the feed is not a count: it keeps the events until newer ones push them out
        assertThat(recent.after(0)).hasSize(3);
    }

    @Test
    void aMinuteSlotReusedADayLaterStartsFromZero() {
        RecentEvents recent = new RecentEvents(clock, 50, 100);
        recent.record(Events.redaction("10.0.0.1"));
        clock.advance(Duration.ofDays(1));
        recent.record(Events.block("10.0.0.2"));
        Totals day = recent.window(24, 60);
        assertThat(day.events).isEqualTo(1);
        assertThat(day.action("redact")).isZero();
        assertThat(day.clients).containsOnlyKeys("10.0.0.2");
    }

    @Test
    void distinctClientsPerMinuteAreCappedTheRestCountAsOther() {
        RecentEvents recent = new RecentEvents(clock, 50, 3);
        for (int i = 0; i < 10; i++) {
            recent.record(Events.block("10.0.0." + i));
        }
        recent.record(Events.block("10.0.0.0"));
        assertThat(recent.window(1, 1).clients).hasSize(4);
        Totals hour = recent.window(60, 1);
        assertThat(hour.clients).containsOnlyKeys("10.0.0.0", "10.0.0.1", "10.0.0.2", MinuteCounts.OTHER);
        assertThat(hour.clients.get("10.0.0.0")[Totals.EVENTS]).isEqualTo(2);
        assertThat(hour.clients.get(MinuteCounts.OTHER)[Totals.EVENTS]).isEqualTo(7);
        assertThat(hour.clients.get(MinuteCounts.OTHER)[Totals.BLOCKED]).isEqualTo(7);

        // the next minute has room for new clients again
        clock.advance(Duration.ofMinutes(1));
        recent.record(Events.block("10.0.0.9"));
        assertThat(recent.window(60, 1).clients.get("10.0.0.9")[Totals.EVENTS]).isEqualTo(1);
    }

    @Test
    void theTopListSumsTheRestAndTheCapOverflowIntoOneOther() {
        RecentEvents recent = new RecentEvents(clock, 50, 12);
        for (int i = 0; i < 14; i++) {
            for (int n = 0; n <= i; n++) {
                recent.record(Events.redaction("10.0.1." + i));
            }
        }
        List<Totals.Count> top = Totals.topClients(recent.window(60, 1).clients, 10);
        assertThat(top).hasSize(11);
        assertThat(top.get(0).key()).isEqualTo("10.0.1.11"); // 10.0.1.12 and .13 came after the cap
        assertThat(top.get(10).key()).isEqualTo(MinuteCounts.OTHER);
        assertThat(top.stream().mapToLong(Totals.Count::count).sum()).isEqualTo(14 * 15 / 2);
    }

    @Test
    void recordingFromManyThreadsLosesNothing() throws Exception {
        RecentEvents recent = new RecentEvents(clock, 500, 100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < 1000; i++) {
                        recent.record(Events.redaction("10.0.0." + (i % 50)));
                    }
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(recent.latest()).isEqualTo(4000);
        assertThat(recent.after(0)).hasSize(500);
        assertThat(recent.window(60, 1).events).isEqualTo(4000);
    }
}
