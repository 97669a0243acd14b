package dev.airlock.proxy.testing;

import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Responder} that streams one SSE event every interval until the connection goes away, and
 * records when it did. Tests use it to prove the proxy closes the upstream connection soon after
 * its client disconnected (instead of letting the provider keep generating tokens). Single-use:
 * it reports the first connection that closes.
 */
public final class Streamer implements Responder {

    private final String event;
    private final Duration interval;
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private final CountDownLatch firstSent = new CountDownLatch(1);
    private final AtomicInteger sent = new AtomicInteger();
    private volatile long closedAt;

    Streamer(String event, Duration interval) {
        this.event = Sse.frame(event);
        this.interval = interval;
    }

    @Override
    public void respond(Exchange exchange) {
        exchange.channel().closeFuture().addListener(f -> {
            if (clientGone.getCount() > 0) {
                closedAt = System.nanoTime();
                clientGone.countDown();
            }
        });
        exchange.startStream(200, "text/event-stream");
        tick(exchange);
    }

    private void tick(Exchange exchange) {
        if (!exchange.isOpen()) {
            return;
        }
        ChannelFuture write = exchange.writeChunk(event);
        write.addListener(f -> {
            if (f.isSuccess()) {
                sent.incrementAndGet();
                firstSent.countDown();
            }
        });
        exchange.schedule(() -> tick(exchange), interval);
    }

    /** Counted down when the streaming connection closed, whoever closed it. */
    public CountDownLatch clientGone() {
        return clientGone;
    }

    /** Counted down when the first event's write completed. */
    public CountDownLatch firstSent() {
        return firstSent;
    }

    /** {@link System#nanoTime()} at which the connection closed; 0 while it is open. */
    public long closedAt() {
        return closedAt;
    }

    /** Number of events written so far. */
    public int eventsSent() {
        return sent.get();
    }
}
