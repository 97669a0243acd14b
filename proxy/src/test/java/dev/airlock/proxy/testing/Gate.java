package dev.airlock.proxy.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Lets a test decide when each event of a {@link Responder#sseGated gated stream} leaves the fake:
 * every {@link #release()} lets exactly one more event out. The gate records the
 * {@link System#nanoTime()} at which each event's write completed on the socket, so a test can
 * prove the proxy forwarded event {@code i} before event {@code i+1} even existed.
 *
 * <p>A gate serves one stream at a time. Releases made before the request arrives are kept.
 */
public final class Gate {

    private final List<Long> sentAt = new ArrayList<>();
    private int permits;
    private Runnable pump;

    /** Lets one more event out. */
    public void release() {
        release(1);
    }

    /** Lets {@code count} more events out. */
    public void release(int count) {
        Runnable toRun;
        synchronized (this) {
            permits += count;
            toRun = pump;
        }
        if (toRun != null) {
            toRun.run();
        }
    }

    /**
     * The nanoTime of each event's completed write, in order. The write future completes on the
     * event loop after the bytes reached the socket, so a fast peer may hold the event before its
     * time is recorded: wait with {@link #awaitSent} rather than reading {@link #sent()} at once.
     */
    public synchronized List<Long> sentAt() {
        return List.copyOf(sentAt);
    }

    /** Number of events written so far. */
    public synchronized int sent() {
        return sentAt.size();
    }

    /**
     * Waits until {@code count} events have been written and returns the nanoTime of the
     * {@code count}-th.
     */
    public synchronized long awaitSent(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sentAt.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(sentAt.size() + " of " + count + " events sent within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return sentAt.get(count - 1);
    }

    synchronized boolean tryAcquire() {
        if (permits > 0) {
            permits--;
            return true;
        }
        return false;
    }

    synchronized void bind(Runnable newPump) {
        if (pump != null) {
            throw new IllegalStateException("gate already drives another stream");
        }
        pump = newPump;
    }

    synchronized void unbind(Runnable oldPump) {
        if (pump == oldPump) {
            pump = null;
        }
    }

    synchronized void recordSent(long nanoTime) {
        sentAt.add(nanoTime);
        notifyAll();
    }
}
