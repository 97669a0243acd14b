package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EarlierCallsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final EarlierCalls calls = new EarlierCalls(now::get);

    @Test
    void callsAreKeptPerClientAsHashesOfTheirIds() {
        calls.made("a", "call_1");
        calls.made("a", "call_2");
        calls.made("a", "call_1"); // the item's done event, then the completed response: noted once
        assertThat(calls.of("a")).containsExactly(PendingCalls.hash("call_1"), PendingCalls.hash("call_2"));
        assertThat(calls.of("b")).isEmpty();
    }

    @Test
    void aClientKeepsItsLatestCallsOnly() {
        for (int i = 0; i < EarlierCalls.PER_CLIENT + 3; i++) {
            calls.made("a", "call_" + i);
        }
        long[] kept = calls.of("a");
        assertThat(kept).hasSize(EarlierCalls.PER_CLIENT).startsWith(PendingCalls.hash("call_3"))
                .endsWith(PendingCalls.hash("call_" + (EarlierCalls.PER_CLIENT + 2)));
    }

    @Test
    void callsAreForgottenAfterTheirTime() {
        calls.made("a", "call_old");
        now.addAndGet(TimeUnit.MINUTES.toNanos(EarlierCalls.KEPT_MINUTES) - 1);
        calls.made("a", "call_new");
        assertThat(calls.of("a")).hasSize(2);
        now.addAndGet(2);
        assertThat(calls.of("a")).containsExactly(PendingCalls.hash("call_new"));
    }

    @Test
    void theLeastRecentlySeenClientsAreForgottenFirst() {
        calls.made("client-0", "call");
        calls.made("client-1", "call");
        assertThat(calls.of("client-0")).hasSize(1); // seen again: client-1 is now the least recent
        for (int i = 2; i <= EarlierCalls.MAX_CLIENTS; i++) {
            calls.made("client-" + i, "call");
        }
        assertThat(calls.of("client-1")).isEmpty();
        assertThat(calls.of("client-0")).hasSize(1);
        assertThat(calls.of("client-" + EarlierCalls.MAX_CLIENTS)).hasSize(1);
    }
}
