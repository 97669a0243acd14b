package dev.airlock.proxy.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The provider side of the load harness: a lean TLS server that answers every POST with a short completion, or,
 * for paths ending in {@code /sse}, with a short SSE stream whose first event leaves at once. It records nothing,
 * so it can take hours of traffic.
 */
final class LoadProvider implements AutoCloseable {

    private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-load\",\"object\":\"chat.completion\",\"choices\":[{"
            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    static final int SSE_EVENTS = 5;

    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    private final EventLoopGroup group;
    private final Channel server;

    LoadProvider(SslContext tls, int threads) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpObjectAggregator(64 << 20), new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Connections accepted so far: how well the proxies in front reuse theirs. */
    int accepted() {
        return accepted.get();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.uri().endsWith("/sse")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.write(head);
                sendEvent(ctx, 0);
                return;
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(COMPLETION));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, COMPLETION.length);
            HttpUtil.setKeepAlive(res, keepAlive);
            ctx.writeAndFlush(res);
        }

        /** Event 0 now, the others 2 ms apart: what matters is when the first one arrives. */
        private static void sendEvent(ChannelHandlerContext ctx, int i) {
            if (i == SSE_EVENTS) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            ByteBuf event = Unpooled.copiedBuffer("data: {\"i\":" + i + ",\"delta\":\"token\"}\n\n", StandardCharsets.UTF_8);
            ctx.writeAndFlush(new DefaultHttpContent(event));
            ctx.executor().schedule(() -> sendEvent(ctx, i + 1), 2, TimeUnit.MILLISECONDS);
        }
    }
}
