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

    /** When the connection was last put back; a timer evicts it only if it has idled since exactly then. */
    private static final AttributeKey<Long> RELEASED_AT = AttributeKey.valueOf("airlock.upstream.releasedAt");

    private final EventLoop loop;
    private final Map<Origin, ArrayDeque<Channel>> idle = new HashMap<>();

    UpstreamPool(EventLoop loop) {
        this.loop = loop;
    }

    /** An open idle connection to the origin, or null. */
    Channel acquire(Origin origin) {
        assert loop.inEventLoop();
        ArrayDeque<Channel> q = idle.get(origin);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollLast(); // most recently used first: the least likely to have been closed
            ch.attr(RELEASED_AT).set(null);
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
        Long stamp = System.nanoTime();
        ch.attr(RELEASED_AT).set(stamp);
        loop.schedule(() -> {
            if (ch.attr(RELEASED_AT).get() == stamp && q.remove(ch)) {
                ch.close();
            }
        }, IDLE_MILLIS, TimeUnit.MILLISECONDS);
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
