package dev.airlock.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle provider connections of one event loop, by origin. Confined to its loop: a client and the provider
 * connection it uses share a thread, so no lock and no cross-thread hand-off on the request path.
 */
final class UpstreamPool {

    /** Shorter than common server idle limits, so a pooled connection is rarely found closed by the provider. */
    static final long IDLE_MILLIS = 30_000;
    static final int MAX_IDLE_PER_ORIGIN = 64;

    /**
     * Per connection, once: when it was last put back and whether its idle timer is pending. One timer per pooled
     * connection at a time, re-armed for the rest of the idle time when it fires early: a timer per release piled up
     * tens of thousands of tasks (and objects for the collector to copy) at a few hundred requests a second.
     */
    private static final AttributeKey<IdleState> IDLE = AttributeKey.valueOf("airlock.upstream.idle");

    private static final class IdleState {
        long releasedAt;
        boolean pooled;
        boolean timerPending;
    }

    private final EventLoop loop;
    private final long idleNanos;
    private final Map<Origin, ArrayDeque<Channel>> idle = new HashMap<>();

    UpstreamPool(EventLoop loop) {
        this(loop, TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
    }

    UpstreamPool(EventLoop loop, long idleNanos) {
        this.loop = loop;
        this.idleNanos = idleNanos;
    }

    /** An open idle connection to the origin, or null. */
    Channel acquire(Origin origin) {
        assert loop.inEventLoop();
        ArrayDeque<Channel> q = idle.get(origin);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollLast(); // most recently used first: the least likely to have been closed
            ch.attr(IDLE).get().pooled = false;
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    void release(Origin origin, Channel ch) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> release(origin, ch));
            return;
        }
        if (!ch.isActive()) {
            return;
        }
        ArrayDeque<Channel> q = idle.computeIfAbsent(origin, o -> new ArrayDeque<>());
        if (q.size() >= MAX_IDLE_PER_ORIGIN) {
            ch.close();
            return;
        }
        q.addLast(ch);
        // Read while idle: bytes the provider sends unasked (a late second answer) reach the relay now, which closes
        // the connection, instead of waiting in the socket to be taken for the next request's answer.
        ch.read();
        IdleState state = ch.attr(IDLE).get();
        if (state == null) {
            state = new IdleState();
            ch.attr(IDLE).set(state);
        }
        state.releasedAt = loop.ticker().nanoTime();
        state.pooled = true;
        if (!state.timerPending) {
            arm(q, ch, state, idleNanos);
        }
    }

    private void arm(ArrayDeque<Channel> q, Channel ch, IdleState state, long delayNanos) {
        state.timerPending = true;
        loop.schedule(() -> expire(q, ch, state), delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Closes the connection if it has been idle the whole time since it was last put back; else waits the rest. */
    private void expire(ArrayDeque<Channel> q, Channel ch, IdleState state) {
        state.timerPending = false;
        if (!state.pooled) {
            return; // in use: putting it back arms a timer again
        }
        long idleFor = loop.ticker().nanoTime() - state.releasedAt;
        if (idleFor < idleNanos) {
            arm(q, ch, state, idleNanos - idleFor);
        } else if (q.remove(ch)) {
            ch.close();
        }
    }

    /** Called once per connection when it closes, pooled or not. */
    void forget(Origin origin, Channel ch) {
        ArrayDeque<Channel> q = idle.get(origin);
        if (q != null) {
            q.remove(ch);
        }
    }

    void closeAll() {
        List<Channel> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        idle.clear(); // before closing: each close calls forget()
        all.forEach(Channel::close);
    }
}
