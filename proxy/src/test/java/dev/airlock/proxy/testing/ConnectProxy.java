package dev.airlock.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1:0, standing in for a corporate parent proxy: it records each
 * {@code CONNECT host:port} and relays bytes both ways; anything else gets 405.
 */
public final class ConnectProxy implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final List<String> targets = new CopyOnWriteArrayList<>();

    public ConnectProxy() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("codec", new HttpServerCodec());
                        ch.pipeline().addLast("aggregate", new HttpObjectAggregator(8192));
                        ch.pipeline().addLast("connect", new ConnectHandler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Every CONNECT target received, in order ({@code host:port}). */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class ConnectHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest req) || !req.method().equals(HttpMethod.CONNECT)) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.METHOD_NOT_ALLOWED,
                        Unpooled.EMPTY_BUFFER)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String target = req.uri();
            ReferenceCountUtil.release(msg);
            targets.add(target);
            int colon = target.lastIndexOf(':');
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .handler(new Relay(client))
                    .connect(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                    HttpResponseStatus.BAD_GATEWAY, Unpooled.EMPTY_BUFFER))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                new HttpResponseStatus(200, "Connection Established"), Unpooled.EMPTY_BUFFER))
                                .addListener(w -> {
                                    client.pipeline().remove("aggregate");
                                    client.pipeline().remove("codec");
                                    client.pipeline().replace("connect", "relay", new Relay(f.channel()));
                                });
                    });
        }
    }

    /** Copies everything read on one channel to the other; closing either closes both. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.writeAndFlush(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
