package dev.airlock.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
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

        /** Moves the clock on and runs the timers that are due. */
        void after(long seconds) {
            ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }

        Channel take() {
            return pool.acquire(ORIGIN);
        }

        void putBack() {
            pool.release(ORIGIN, ch);
        }
    }

    @Test
    void aConnectionUsedAgainLivesUntilItHasIdledAFullPeriodSinceItsLastUse() {
        Pooled p = Pooled.atTimeZero();
        p.after(20);
        assertThat(p.take()).isSameAs(p.ch());
        // Used and put back many times: one timer, not one per use, and the last use is what counts.
        for (int i = 0; i < 1000; i++) {
            p.putBack();
            assertThat(p.take()).isSameAs(p.ch());
        }
        p.putBack(); // t = 20 s
        p.after(29);
        assertThat(p.ch().isOpen()).as("idle 29 s of 30").isTrue();
        p.after(2);
        assertThat(p.ch().isOpen()).as("idle 31 s").isFalse();
        assertThat(p.take()).isNull();
    }

    @Test
    void aConnectionInUseWhenItsTimerFiresIsLeftAlone() {
        Pooled p = Pooled.atTimeZero();
        p.after(10);
        Channel inUse = p.take();
        p.after(60);
        assertThat(inUse.isOpen()).as("in use for a minute").isTrue();
        p.putBack();
        p.after(29);
        assertThat(p.take()).as("idle 29 s since put back").isSameAs(inUse);
        p.putBack();
        p.after(31);
        assertThat(inUse.isOpen()).isFalse();
    }
}
