package dev.airlock.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One request/response exchange on a {@link FakeProvider} connection, handed to a {@link Responder}.
 * It writes a response either whole ({@link #sendFull}) or streamed ({@link #startStream},
 * {@link #writeChunk}, {@link #endStream}), or ends the connection ({@link #close}, {@link #reset}).
 * Keep-alive follows the request: the connection stays open for the next request unless the client
 * asked for {@code Connection: close}.
 *
 * <p>Every method must be called on {@link #executor()} (the connection's event loop); responders
 * are invoked there, and anything asynchronous should hop back with {@link #schedule} or
 * {@code executor().execute}.
 */
public final class Exchange {

    private final ChannelHandlerContext ctx;
    private final Recorded request;
    private final boolean keepAlive;
    private final Runnable onDone;
    private final HttpHeaders extraHeaders = new DefaultHttpHeaders();
    private boolean started;
    private boolean finished;

    Exchange(ChannelHandlerContext ctx, Recorded request, boolean keepAlive, Runnable onDone) {
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = keepAlive;
        this.onDone = onDone;
    }

    /** The request being answered. */
    public Recorded request() {
        return request;
    }

    /** The connection's channel. */
    public Channel channel() {
        return ctx.channel();
    }

    /** The connection's event loop; all calls on this exchange must run on it. */
    public EventExecutor executor() {
        return ctx.executor();
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    /** Whether the response head has already been written. */
    public boolean started() {
        return started;
    }

    /** Adds a header to the response head that this exchange will write. */
    public Exchange addHeader(String name, String value) {
        checkNotStarted();
        extraHeaders.add(name, value);
        return this;
    }

    /** Writes a complete {@code Content-Length} framed response and finishes the exchange. */
    public ChannelFuture sendFull(int status, String contentType, byte[] body) {
        checkNotStarted();
        started = true;
        ByteBuf content = Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, body.length);
        return finish(ctx.writeAndFlush(head(response)));
    }

    /** Writes and flushes a chunked response head; follow with {@link #writeChunk} and {@link #endStream}. */
    public ChannelFuture startStream(int status, String contentType) {
        checkNotStarted();
        started = true;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(response, true);
        return ctx.writeAndFlush(head(response));
    }

    /** Writes {@code text} (UTF-8) as exactly one HTTP chunk and flushes it. */
    public ChannelFuture writeChunk(String text) {
        checkStreaming();
        return ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }

    /** Writes {@code bytes} as exactly one HTTP chunk and flushes it (a compressed stream's next block). */
    public ChannelFuture writeChunk(byte[] bytes) {
        checkStreaming();
        return ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(bytes)));
    }

    /** Writes the terminating zero-length chunk and finishes the exchange. */
    public ChannelFuture endStream() {
        checkStreaming();
        return finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** Closes the connection politely (TLS close_notify, then FIN), whatever was written so far. */
    public ChannelFuture close() {
        checkLoop();
        finished = true;
        return ctx.close();
    }

    /**
     * Closes the connection abruptly: SO_LINGER 0 makes the kernel send RST, and the close skips the
     * TLS handler so no close_notify is sent first.
     */
    public ChannelFuture reset() {
        checkLoop();
        finished = true;
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        return ctx.pipeline().firstContext().close();
    }

    /** Runs {@code task} on this connection's event loop after {@code delay}. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private HttpResponse head(HttpResponse response) {
        response.headers().add(extraHeaders);
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    private ChannelFuture finish(ChannelFuture last) {
        finished = true;
        if (keepAlive) {
            onDone.run();
        } else {
            last.addListener(ChannelFutureListener.CLOSE);
        }
        return last;
    }

    private void checkNotStarted() {
        checkLoop();
        if (started || finished) {
            throw new IllegalStateException("response already started");
        }
    }

    private void checkStreaming() {
        checkLoop();
        if (!started || finished) {
            throw new IllegalStateException(started ? "response already finished" : "call startStream first");
        }
    }

    private void checkLoop() {
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("Exchange used off its event loop");
        }
    }
}
