package dev.airlock.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pooled provider connections close after idling the whole idle time since they were last put back, never sooner. */
class UpstreamPoolTest {

    private static final Origin ORIGIN = new Origin(true, "api.example.test", 443,
            InetSocketAddress.createUnresolved("api.example.test", 443));

    /** One connection on a stopped clock, put back into a pool with a 30 s idle limit at t = 0. */
    private record Pooled(EmbeddedChannel ch, UpstreamPool pool) {
        static Pooled atTimeZero() {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.freezeTime();
            UpstreamPool pool = new UpstreamPool(ch.eventLoop(), TimeUnit.SECONDS.toNanos(30));
            pool.release(ORIGIN, ch);
            return new Pooled(ch, pool);
        }
    }

    @Test
    void aConnectionUsedAgainLivesUntilItHasIdledAFullPeriodSinceItsLastUse() {
        Pooled p = Pooled.atTimeZero();
        EmbeddedChannel ch = p.ch();
        UpstreamPool pool = p.pool();
        advance(ch, 20);
        assertThat(pool.acquire(ORIGIN)).isSameAs(ch);
        // Used and put back many times: one timer, not one per use, and the last use is what counts.
        for (int i = 0; i < 1000; i++) {
            pool.release(ORIGIN, ch);
            assertThat(pool.acquire(ORIGIN)).isSameAs(ch);
        }
        pool.release(ORIGIN, ch); // t = 20 s
        advance(ch, 29);
        assertThat(ch.isOpen()).as("idle 29 s of 30").isTrue();
        advance(ch, 2);
        assertThat(ch.isOpen()).as("idle 31 s").isFalse();
        assertThat(pool.acquire(ORIGIN)).isNull();
    }

    @Test
    void aConnectionInUseWhenItsTimerFiresIsLeftAlone() {
        Pooled p = Pooled.atTimeZero();
        EmbeddedChannel ch = p.ch();
        UpstreamPool pool = p.pool();
        advance(ch, 10);
        assertThat(pool.acquire(ORIGIN)).isSameAs(ch);
        advance(ch, 60);
        assertThat(ch.isOpen()).as("in use for a minute").isTrue();
        pool.release(ORIGIN, ch);
        advance(ch, 29);
        assertThat(pool.acquire(ORIGIN)).isSameAs(ch);
        pool.release(ORIGIN, ch);
        advance(ch, 31);
        assertThat(ch.isOpen()).isFalse();
    }

    private static void advance(EmbeddedChannel ch, long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }
}
