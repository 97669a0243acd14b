package dev.airlock.proxy.server;

import dev.airlock.proxy.upstream.Failures;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The provider's side of a proxied WebSocket. First its answer to the upgrade goes to the {@link Handshake}; once
 * the client has its socket too, every frame goes to the client as it arrives, and the next is read only once that
 * write is done (a slow client slows the provider, nothing piles up here).
 */
final class ProviderFrameRelay extends ChannelInboundHandlerAdapter {

    /** Hears how the provider answered the upgrade; called once, on the event loop. */
    interface Handshake {
        /** The provider's answer; released by the caller after this returns. */
        void answered(FullHttpResponse response);

        void failed(UpstreamFailure failure);
    }

    private Handshake handshake;
    private WebSocketSession session;
    private ChannelHandlerContext ctx;

    ProviderFrameRelay(Handshake handshake) {
        this.handshake = handshake;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Both handshakes are done: frames flow to the client from now on. */
    void open(WebSocketSession s) {
        session = s;
        s.providerWriter(ctx);
    }

    boolean opened() {
        return session != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session == null) {
            Handshake h = handshake;
            handshake = null;
            if (h != null && msg instanceof FullHttpResponse response) {
                try {
                    h.answered(response);
                } finally {
                    response.release();
                }
                return;
            }
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof CloseWebSocketFrame close) {
            session.closeFromProvider(close);
        } else if (msg instanceof WebSocketFrame frame) {
            session.toClient(frame, false, ctx::read);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.providerGone();
        } else {
            fail(UpstreamFailure.Kind.RESET, "the provider closed the connection before answering the WebSocket "
                    + "upgrade");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
        } else if (session != null) {
            session.idle();
        } else {
            ctx.close();
            fail(UpstreamFailure.Kind.IDLE, "the provider did not answer the WebSocket upgrade within "
                    + "timeouts.upstreamIdle");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (session != null) {
            // A frame the provider sent that Airlock will not relay: the client hears why in a close frame.
            boolean tooBig = cause instanceof CorruptedWebSocketFrameException c
                    && WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(c.closeStatus());
            session.end(tooBig ? "a provider frame is larger than Airlock relays" : "the provider broke the protocol",
                    tooBig ? WebSocketCloseStatus.MESSAGE_TOO_BIG : WebSocketCloseStatus.INTERNAL_SERVER_ERROR,
                    WebSocketCloseStatus.PROTOCOL_ERROR);
            return;
        }
        ctx.close();
        fail(UpstreamFailure.Kind.PROTOCOL, "the provider's answer to the WebSocket upgrade is not valid HTTP/1.1: "
                + Failures.describe(cause));
    }

    private void fail(UpstreamFailure.Kind kind, String message) {
        Handshake h = handshake;
        handshake = null;
        if (h != null) {
            h.failed(new UpstreamFailure(kind, message));
        }
    }
}
