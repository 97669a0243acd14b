package dev.airlock.proxy.server;

import dev.airlock.config.TimeoutsConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client-side clocks: a request head must arrive within {@code clientHeader} of its first byte (or of the
 * connection opening), the body must not stall for {@code clientBodyIdle}, and an idle persistent connection is
 * closed after {@code keepAlive}. Sits on raw bytes so a slowloris trickling one byte at a time still runs out of
 * time. While a request is being scanned or answered no clock runs: provider timeouts govern that part.
 */
final class ClientTimeouts extends ChannelInboundHandlerAdapter {

    /** Fired down the pipeline when the head or body clock runs out; the exchange answers 408 and closes. */
    enum Expired { HEAD, BODY }

    private enum Phase { IDLE, HEAD, BODY, BUSY }

    private final long headNanos;
    private final long bodyIdleNanos;
    private final long keepAliveNanos;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.BUSY;
    private long phaseStart;
    private long lastRead;
    private ScheduledFuture<?> timer;

    ClientTimeouts(TimeoutsConfig timeouts) {
        this.headNanos = timeouts.clientHeader().toNanos();
        this.bodyIdleNanos = timeouts.clientBodyIdle().toNanos();
        this.keepAliveNanos = timeouts.keepAlive().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        enter(Phase.HEAD);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            lastRead = System.nanoTime();
            if (phase == Phase.IDLE) {
                enter(Phase.HEAD);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** A request head was decoded: the body clock starts. */
    void headReceived() {
        enter(Phase.BODY);
    }

    /** The request is complete: no client clock while it is scanned and forwarded. */
    void requestComplete() {
        enter(Phase.BUSY);
    }

    /** The response went out and the connection stays open: the keep-alive clock starts. */
    void responseComplete() {
        enter(Phase.IDLE);
    }

    private void enter(Phase next) {
        phase = next;
        phaseStart = System.nanoTime();
        lastRead = phaseStart;
        cancel();
        long delay = switch (next) {
            case IDLE -> keepAliveNanos;
            case HEAD -> headNanos;
            case BODY -> bodyIdleNanos;
            case BUSY -> -1;
        };
        if (delay > 0) {
            timer = ctx.executor().schedule(this::check, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        long now = System.nanoTime();
        long left = switch (phase) {
            case IDLE -> phaseStart + keepAliveNanos - now;
            case HEAD -> phaseStart + headNanos - now;
            case BODY -> lastRead + bodyIdleNanos - now; // idle time: every read restarts it
            case BUSY -> Long.MAX_VALUE;
        };
        if (phase == Phase.BUSY) {
            return;
        }
        if (left > 0) {
            timer = ctx.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        if (phase == Phase.IDLE) {
            ctx.close();
        } else {
            Expired what = phase == Phase.HEAD ? Expired.HEAD : Expired.BODY;
            phase = Phase.BUSY;
            ctx.fireUserEventTriggered(what);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
