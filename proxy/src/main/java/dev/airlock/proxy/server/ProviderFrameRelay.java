package dev.airlock.proxy.server;

import dev.airlock.proxy.upstream.Failures;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The provider's side of a proxied WebSocket. First its answer to the upgrade goes to the {@link Handshake}; once
 * the client has its socket too, every frame goes to the client as it arrives, and the next is read only once that
 * write is done (a slow client slows the provider, nothing piles up here).
 *
 * <p>Each text message is one Responses event: {@link WebSocketAnswers} rewrites and scans it, so a fragmented one is
 * joined first (at most {@link WebSocketUpgrade#PROVIDER_MAX_FRAME} bytes) and goes on as one frame; a message nothing
 * changed goes on as the very frame that came. Endings held back go out as messages of their own, before the event
 * that does not continue them or before the provider's close. Binary messages, their fragments and control frames
 * pass as they are.
 */
final class ProviderFrameRelay extends ChannelInboundHandlerAdapter {

    private static final Runnable NOTHING = () -> { };

    /** Hears how the provider answered the upgrade; called once, on the event loop. */
    interface Handshake {
        /** The provider's answer; released by the caller after this returns. */
        void answered(FullHttpResponse response);

        void failed(UpstreamFailure failure);
    }

    private Handshake handshake;
    private WebSocketSession session;
    private ChannelHandlerContext ctx;
    /** The fragments so far of a text message that came in pieces; null between messages. */
    private ByteArrayOutputStream joining;

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
            joining = null; // a message cut short by the close is no message
            send(session.answers.end(), NOTHING);
            session.closeFromProvider(close);
        } else if (msg instanceof TextWebSocketFrame text && text.isFinalFragment()) {
            byte[] json = ByteBufUtil.getBytes(text.content());
            relay(json, text);
        } else if (msg instanceof TextWebSocketFrame text) {
            joining = new ByteArrayOutputStream();
            join(text);
        } else if (msg instanceof ContinuationWebSocketFrame more && joining != null) {
            join(more);
        } else if (msg instanceof WebSocketFrame frame) {
            session.toClient(frame, false, ctx::read); // binary messages and their fragments, ping and pong
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void join(WebSocketFrame fragment) {
        boolean last = fragment.isFinalFragment();
        int size = fragment.content().readableBytes();
        if (joining.size() + (long) size > WebSocketUpgrade.PROVIDER_MAX_FRAME) {
            fragment.release();
            joining = null;
            session.end("a provider message is larger than Airlock relays", WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    WebSocketCloseStatus.MESSAGE_TOO_BIG);
            return;
        }
        joining.writeBytes(ByteBufUtil.getBytes(fragment.content()));
        fragment.release();
        if (!last) {
            ctx.read();
            return;
        }
        byte[] json = joining.toByteArray();
        joining = null;
        relay(json, null);
    }

    /**
     * One whole text message to the client, as {@link WebSocketAnswers} has it: {@code frame} itself when it came whole
     * and nothing changed, else new frames (and {@code frame}, when there is one, is released).
     */
    private void relay(byte[] json, TextWebSocketFrame frame) {
        List<byte[]> out = session.answers.message(json);
        if (frame != null && out.size() == 1 && out.get(0) == json) {
            session.toClient(frame, false, ctx::read);
        } else {
            if (frame != null) {
                frame.release();
            }
            send(out, ctx::read);
        }
        session.eventSent(); // after the writes are on their way: the scan never holds the stream back
    }

    /** Text messages to the client in order; {@code then} runs once the last was written (at once when none). */
    private void send(List<byte[]> messages, Runnable then) {
        if (messages.isEmpty()) {
            then.run();
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            session.toClient(new TextWebSocketFrame(Unpooled.wrappedBuffer(messages.get(i))), false,
                    i == messages.size() - 1 ? then : NOTHING);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            joining = null;
            send(session.answers.end(), NOTHING); // dropped by the session when it has ended already
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
