package dev.airlock.proxy.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts exchanges in flight so shutdown can wait for them: readiness turns false, the listener closes, and the
 * process waits until the count is zero or the drain deadline passes.
 */
final class Drain {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    boolean draining() {
        return draining;
    }

    /** Starts draining and waits up to {@code deadline}; returns the exchanges still in flight (0: all finished). */
    int drain(Duration deadline) throws InterruptedException {
        draining = true;
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (this) {
            while (inFlight.get() > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return inFlight.get();
    }
}
