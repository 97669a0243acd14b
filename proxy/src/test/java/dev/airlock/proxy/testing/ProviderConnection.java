package dev.airlock.proxy.testing;

import dev.airlock.proxy.testing.Recorded.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection of {@link FakeProvider}: joins each request's chunks into a body (instead
 * of HttpObjectAggregator, so the recorded headers are the ones on the wire, framing included),
 * records it, and runs the responder. Requests that arrive while a response is still being written
 * wait their turn, as on any HTTP/1.1 server. All state is touched on the connection's event loop only.
 */
final class ProviderConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderConnection.class);

    private record Pending(Recorded request, boolean keepAlive) {
    }

    private final FakeProvider provider;
    private final int connection;
    private final int maxBody;
    private final Queue<Pending> pending = new ArrayDeque<>();
    private HttpRequest current;
    private List<Header> currentHeaders;
    private ByteArrayOutputStream body;
    private boolean discarding;
    private boolean busy;

    ProviderConnection(FakeProvider provider, int connection, int maxBody) {
        this.provider = provider;
        this.connection = connection;
        this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                startRequest(ctx, request);
            }
            if (msg instanceof HttpContent content && current != null && !discarding) {
                appendContent(ctx, content);
            }
            if (msg instanceof LastHttpContent && current != null && !discarding) {
                completeRequest(ctx);
            }
        } finally {
            // This handler owns every inbound message; the body is copied out above.
            ReferenceCountUtil.release(msg);
        }
    }

    private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            discarding = true;
            reject(ctx, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        current = request;
        currentHeaders = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            currentHeaders.add(new Header(header.getKey(), header.getValue()));
        }
        body = new ByteArrayOutputStream();
    }

    private void appendContent(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        if (content.decoderResult().isFailure()) {
            discarding = true;
            reject(ctx, HttpResponseStatus.BAD_REQUEST);
        } else if ((long) body.size() + data.readableBytes() > maxBody) {
            discarding = true;
            reject(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        } else {
            body.writeBytes(ByteBufUtil.getBytes(data));
        }
    }

    private void completeRequest(ChannelHandlerContext ctx) {
        Recorded recorded = new Recorded(current.method().name(), current.uri(), currentHeaders,
                body.toByteArray(), connection);
        boolean keepAlive = HttpUtil.isKeepAlive(current);
        current = null;
        currentHeaders = null;
        body = null;
        provider.record(recorded);
        pending.add(new Pending(recorded, keepAlive));
        if (!busy) {
            dispatchNext(ctx);
        }
    }

    private void dispatchNext(ChannelHandlerContext ctx) {
        Pending next = pending.poll();
        if (next == null || !ctx.channel().isActive()) {
            busy = false;
            return;
        }
        busy = true;
        Exchange exchange = new Exchange(ctx, next.request(), next.keepAlive(), () -> dispatchNext(ctx));
        try {
            provider.responder().respond(exchange);
        } catch (RuntimeException | Error e) {
            LOG.warn("[{}] responder failed for {}", ctx.channel().id(), next.request(), e);
            if (exchange.started()) {
                ctx.close();
            } else {
                exchange.sendFull(500, "text/plain", ("responder failed: " + e).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void reject(ChannelHandlerContext ctx, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and failed handshakes are part of what the fake is for; just drop the connection.
        LOG.debug("[{}] connection error: {}", ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
