package dev.airlock.proxy.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies held in memory over all connections. Bodies must be buffered whole to be scanned, so
 * without a global cap many concurrent large bodies could exhaust the heap; past the cap new bytes are refused
 * (the request is shed with 503 and {@code Retry-After}) instead.
 */
final class BufferBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    BufferBudget(long capacity) {
        this.capacity = capacity;
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
