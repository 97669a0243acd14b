package dev.airlock.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Holds back socket reads while a request is being scanned and answered. Auto-read is off, but the HTTP decoder
 * asks for another read by itself whenever a read decoded nothing; sitting between the decoder and the socket,
 * this makes "read only while a request is arriving" hold for every handler, so a client that pipelines while
 * its request is in flight cannot make Airlock buffer without bound.
 */
final class ReadGate extends ChannelOutboundHandlerAdapter {

    private boolean open = true;
    private boolean pending;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (open) {
            ctx.read();
        } else {
            pending = true;
        }
    }

    void close() {
        open = false;
    }

    /** Lets reads through again, passing on one that was asked for meanwhile. */
    void open() {
        open = true;
        if (pending) {
            pending = false;
            ctx.read();
        }
    }
}
