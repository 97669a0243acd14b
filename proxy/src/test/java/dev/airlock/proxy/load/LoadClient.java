package dev.airlock.proxy.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A keep-alive HTTP/1.1 client for the load harness: connections are reused from an idle queue and opened on
 * demand, so an open-loop schedule is never throttled by the client itself.
 */
final class LoadClient implements AutoCloseable {

    /** When the response head's first body byte and the end arrived (nanoTime), and the status. */
    record Timing(long firstByte, long end, int status) {
    }

    private final EventLoopGroup group;
    private final String host;
    private final int port;
    private final SslContext tls;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();

    LoadClient(EventLoopGroup group, int port, SslContext tls) {
        this.group = group;
        this.host = "127.0.0.1";
        this.port = port;
        this.tls = tls;
    }

    CompletableFuture<Timing> post(String path, byte[] body) {
        CompletableFuture<Timing> done = new CompletableFuture<>();
        // Most recently used first, as a client's pool does: after a burst opened many connections, the ones left
        // idle longest are those the server may be closing for idleness.
        Channel ch = idle.pollLast();
        while (ch != null && !ch.isActive()) {
            ch = idle.pollLast();
        }
        if (ch != null) {
            send(ch, path, body, done, true);
        } else {
            connect(path, body, done);
        }
        return done;
    }

    private void connect(String path, byte[] body, CompletableFuture<Timing> done) {
        new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        if (tls != null) {
                            c.pipeline().addLast(tls.newHandler(c.alloc(), host, port));
                        }
                        c.pipeline().addLast(new HttpClientCodec(), new ResponseHandler());
                    }
                }).connect(host, port).addListener(f -> {
                    if (f.isSuccess()) {
                        send(((io.netty.channel.ChannelFuture) f).channel(), path, body, done, false);
                    } else {
                        done.completeExceptionally(f.cause());
                    }
                });
    }

    /**
     * @param pooled the connection waited in the pool: the server may have closed it meanwhile (its idle timeout), so
     *               a request that could not be written on it, or that it closed before answering, is sent once more
     *               on a new connection, as a client's pool does
     */
    private void send(Channel ch, String path, byte[] body, CompletableFuture<Timing> done, boolean pooled) {
        AtomicBoolean retried = new AtomicBoolean();
        Runnable retry = () -> {
            if (!retried.getAndSet(true)) {
                connect(path, body, done);
            }
        };
        ch.pipeline().get(ResponseHandler.class).begin(done, ch, idle, pooled ? retry : null);
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, host + ":" + port);
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer load-test");
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ch.writeAndFlush(req).addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            if (pooled && f.cause() instanceof java.nio.channels.ClosedChannelException && !done.isDone()) {
                retry.run();
            } else {
                done.completeExceptionally(f.cause());
            }
        });
    }

    @Override
    public void close() {
        idle.forEach(Channel::close);
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
        private CompletableFuture<Timing> done;
        private Channel channel;
        private ConcurrentLinkedDeque<Channel> idle;
        private long firstByte;
        private int status;

        /** What to do if the connection closes before the response begins, or null. */
        private Runnable retry;
        private boolean answered;

        void begin(CompletableFuture<Timing> d, Channel ch, ConcurrentLinkedDeque<Channel> pool, Runnable retry) {
            this.done = d;
            this.channel = ch;
            this.idle = pool;
            this.retry = retry;
            this.answered = false;
            this.firstByte = 0;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                answered = true;
            }
            if (msg instanceof HttpContent c) {
                ByteBuf b = c.content();
                if (firstByte == 0 && b.isReadable()) {
                    firstByte = System.nanoTime();
                }
                if (msg instanceof LastHttpContent) {
                    long end = System.nanoTime();
                    CompletableFuture<Timing> d = done;
                    done = null;
                    idle.add(channel);
                    d.complete(new Timing(firstByte == 0 ? end : firstByte, end, status));
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (done != null && !answered && retry != null) {
                done = null;
                retry.run();
            } else if (done != null) {
                done.completeExceptionally(new IllegalStateException("connection closed before the response ended"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (done != null) {
                done.completeExceptionally(cause);
                done = null;
            }
            ctx.close();
        }
    }
}
