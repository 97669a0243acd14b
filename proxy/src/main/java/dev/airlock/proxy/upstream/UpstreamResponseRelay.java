package dev.airlock.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLException;

/**
 * Last handler of a provider connection: hands the response head and each body piece to the exchange that owns the
 * connection now, and returns the connection to the pool once a response ended cleanly on a persistent connection.
 * A connection lives through many exchanges; between them it has no listener and any byte from the provider is a
 * protocol error that closes it.
 */
final class UpstreamResponseRelay extends ChannelInboundHandlerAdapter {

    private final Origin origin;
    private final UpstreamPool pool;
    private UpstreamCall call;
    private UpstreamListener listener;
    private boolean started;
    private boolean keepAlive;
    private boolean readPending;

    UpstreamResponseRelay(Origin origin, UpstreamPool pool) {
        this.origin = origin;
        this.pool = pool;
    }

    void begin(UpstreamCall newCall, UpstreamListener newListener) {
        this.call = newCall;
        this.listener = newListener;
        this.started = false;
        this.keepAlive = false;
    }

    boolean isActiveFor(UpstreamCall c) {
        return call == c && listener != null;
    }

    void readRequested() {
        readPending = true;
    }

    void detach(UpstreamCall c) {
        if (call == c) {
            listener = null;
            call = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        if (listener == null) {
            ReferenceCountUtil.release(msg);
            ctx.close(); // bytes nobody asked for: the connection is out of step, never reuse it
            return;
        }
        if (msg instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                fail(ctx, UpstreamFailure.Kind.PROTOCOL, origin + " sent an invalid HTTP response");
                return;
            }
            if (head.status().code() == 101) {
                // No request relayed here asks for an upgrade (WebSocket handshakes have their own relay): a switch
                // to another protocol mid-exchange leaves nothing this relay could frame for the client.
                ReferenceCountUtil.release(msg);
                fail(ctx, UpstreamFailure.Kind.PROTOCOL, origin + " switched protocols (101) on a request that asked "
                        + "for no upgrade");
                return;
            }
            if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(msg);
                readPending = true;
                ctx.read(); // 100 Continue, 103 Early Hints: the real head follows
                return;
            }
            started = true;
            keepAlive = HttpUtil.isKeepAlive(head);
            listener.onResponseHead(head);
            if (!(msg instanceof HttpContent)) {
                return;
            }
        }
        if (msg instanceof HttpContent content && !started) {
            // The codec ends every bodiless 1xx head with an empty last content: it belongs to the interim response
            // skipped above, not to the real one still to come. Anything else before a head is out of step.
            boolean interimEnd = content instanceof LastHttpContent && !content.content().isReadable()
                    && content.decoderResult().isSuccess();
            content.release();
            if (!interimEnd) {
                fail(ctx, UpstreamFailure.Kind.PROTOCOL, origin + " sent a response body before its head");
                return;
            }
            readPending = true;
            ctx.read();
            return;
        }
        if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                content.release();
                fail(ctx, UpstreamFailure.Kind.PROTOCOL, origin + " sent an invalid HTTP response body");
                return;
            }
            boolean last = content instanceof LastHttpContent;
            UpstreamListener l = listener;
            if (last) {
                listener = null;
                call = null;
                if (keepAlive) {
                    pool.release(origin, ctx.channel());
                } else {
                    ctx.close();
                }
            }
            l.onContent(content, last);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (listener != null) {
            fail(ctx, UpstreamFailure.Kind.RESET, origin + (started ? " closed the connection in the middle of the response"
                    : " closed the connection without answering"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && listener != null && readPending) {
            fail(ctx, UpstreamFailure.Kind.IDLE, origin + " sent nothing for too long (timeouts.upstreamIdle)");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (listener != null) {
            boolean tls = cause instanceof SSLException || cause.getCause() instanceof SSLException
                    || cause instanceof NotSslRecordException;
            fail(ctx, tls ? UpstreamFailure.Kind.TLS : UpstreamFailure.Kind.RESET,
                    origin + (tls ? " TLS failure: " : " connection failed: ") + Failures.describe(cause));
        } else {
            ctx.close();
        }
    }

    private void fail(ChannelHandlerContext ctx, UpstreamFailure.Kind kind, String message) {
        UpstreamListener l = listener;
        listener = null;
        call = null;
        ctx.close();
        if (l != null) {
            l.onFailure(new UpstreamFailure(kind, message), started);
        }
    }
}
