package dev.airlock.proxy.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts exchanges in flight so shutdown can wait for them: readiness turns false, the listener closes, and the
 * process waits until the count is zero or the drain deadline passes. Open WebSockets count too: when the drain
 * begins each is told to close with 1001 Going Away once the response under way, if any, has ended, so a client
 * such as Codex gets its answer and reconnects (to another replica) instead of seeing its socket cut.
 */
final class Drain {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<WebSocketSession> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /** A WebSocket opened: it holds the drain until {@link #closed}. */
    void opened(WebSocketSession socket) {
        begin();
        sockets.add(socket);
        if (draining) {
            socket.goingAway();
        }
    }

    void closed(WebSocketSession socket) {
        if (sockets.remove(socket)) {
            end();
        }
    }

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

    /**
     * Starts draining and waits up to {@code deadline}; returns the exchanges and WebSockets still in flight (0: all
     * finished).
     */
    int drain(Duration deadline) throws InterruptedException {
        draining = true;
        sockets.forEach(WebSocketSession::goingAway);
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
