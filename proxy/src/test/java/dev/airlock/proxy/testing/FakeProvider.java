package dev.airlock.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an AI provider: a real Netty HTTP/1.1 server on {@code 127.0.0.1:0}, over TLS with
 * a leaf from a {@link TestCa} (for "127.0.0.1" and "localhost") or plain. It records every request
 * it receives (headers as on the wire, body, connection number) and answers with whatever
 * {@link Responder} the test set, by default {@code 200 {"ok":true}}. Connections are persistent
 * unless the client sends {@code Connection: close}. Safe to use from any thread.
 *
 * <pre>{@code
 * try (FakeProvider upstream = FakeProvider.start(ca)) {
 *     upstream.respond(Responder.sse(List.of("data: {\"x\":1}", "data: [DONE]")));
 *     ... drive the proxy ...
 *     Recorded seen = upstream.takeRequest(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class FakeProvider implements AutoCloseable {

    /** Largest request body accepted (64 MiB); bigger ones get 413. */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    private static final Responder DEFAULT = Responder.json(200, "{\"ok\":true}");

    private final boolean tls;
    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Recorded> requests = new ArrayList<>();
    private final BlockingQueue<Recorded> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Responder responder = DEFAULT;
    private Channel server;

    private FakeProvider(SslContext sslContext) {
        this.tls = sslContext != null;
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            channels.add(ch);
                            ChannelPipeline p = ch.pipeline();
                            if (sslContext != null) {
                                p.addLast("tls", sslContext.newHandler(ch.alloc()));
                            }
                            p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                    .setMaxInitialLineLength(64 * 1024)
                                    .setMaxHeaderSize(256 * 1024)));
                            p.addLast("continue", new HttpServerExpectContinueHandler());
                            p.addLast("provider", new ProviderConnection(
                                    FakeProvider.this, accepted.incrementAndGet(), MAX_BODY));
                        }
                    })
                    .bind("127.0.0.1", 0)
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Starts an HTTPS fake whose leaf (for "127.0.0.1" and "localhost") is signed by {@code ca}. */
    public static FakeProvider start(TestCa ca) {
        return new FakeProvider(ca.serverContext("127.0.0.1", "localhost"));
    }

    /** Starts an HTTPS fake presenting whatever {@code serverContext} holds (e.g. a leaf from another CA). */
    public static FakeProvider start(SslContext serverContext) {
        return new FakeProvider(Objects.requireNonNull(serverContext));
    }

    /** Starts a plain-HTTP fake. */
    public static FakeProvider startPlain() {
        return new FakeProvider(null);
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code https://127.0.0.1:PORT} (or {@code http://} for a plain fake), without a trailing slash. */
    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** {@link #baseUrl()} followed by {@code pathAndQuery}, e.g. {@code url("/v1/messages")}. */
    public String url(String pathAndQuery) {
        return baseUrl() + pathAndQuery;
    }

    /** Sets how the following requests are answered. */
    public void respond(Responder next) {
        this.responder = Objects.requireNonNull(next);
    }

    Responder responder() {
        return responder;
    }

    /** Every request received so far, in arrival order. */
    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * The next request not yet taken, waiting up to {@code timeout}.
     *
     * @throws AssertionError if none arrives in time
     */
    public Recorded takeRequest(Duration timeout) {
        try {
            Recorded next = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no request reached the fake provider within " + timeout);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a request", e);
        }
    }

    /** How many TCP connections were accepted so far (including ones whose TLS handshake failed). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** How many accepted connections are still open. */
    public int openConnections() {
        return channels.size();
    }

    void record(Recorded request) {
        synchronized (requests) {
            requests.add(request);
        }
        queue.add(request);
    }

    /** Closes the listener and every connection, and waits for the event loops to stop. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
