package dev.airlock.proxy.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for a provider's WebSocket endpoint (the Responses API over WebSocket): a real Netty server on
 * {@code 127.0.0.1:0} over TLS with a leaf from a {@link TestCa}, accepting an upgrade on any path, with
 * permessage-deflate when the client offers it. It records each handshake and every message and close frame it
 * receives, answers pings (Netty's protocol handler does), and sends the text frames a test tells it to, so a test
 * decides when each provider event leaves (or, for load, answers every message at once).
 */
public final class FakeWebSocketProvider implements AutoCloseable {

    /** A handshake the fake accepted: the target and the headers (names lowercased). */
    public record Handshake(String uri, Map<String, String> headers) {
    }

    /** A message as received, whole. */
    public record Message(boolean binary, byte[] payload) {
        public String text() {
            return new String(payload, UTF_8);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closeReasons = new LinkedBlockingQueue<>();
    private volatile int refuseWith;
    private volatile List<String> reply;
    private volatile Function<String, List<String>> answer;
    private final Channel server;

    private FakeWebSocketProvider(SslContext tls) {
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(tls.newHandler(ch.alloc()));
                            p.addLast(new HttpServerCodec());
                            p.addLast(new HttpObjectAggregator(64 * 1024));
                            p.addLast(new Recorder());
                            p.addLast(new WebSocketServerCompressionHandler(0));
                            p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath("/").checkStartsWith(true).allowExtensions(true)
                                    .subprotocols("realtime")
                                    .maxFramePayloadLength(64 << 20).handleCloseFrames(false).sendCloseFrame(null)
                                    .build()));
                            p.addLast(new Socket());
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** An endpoint whose leaf (for {@code sans}, e.g. "127.0.0.1" or "api.openai.com") is signed by {@code ca}. */
    public static FakeWebSocketProvider start(TestCa ca, String... sans) {
        return new FakeWebSocketProvider(ca.serverContext(sans));
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code https://127.0.0.1:PORT}: what a route's upstream names (Airlock upgrades it to {@code wss}). */
    public String baseUrl() {
        return "https://127.0.0.1:" + port();
    }

    /** From now on, upgrades are answered with this status and a JSON error instead of a 101; 0 accepts them again. */
    public void refuseUpgrades(int status) {
        this.refuseWith = status;
    }

    /** From now on every message is answered at once with {@code event} (for load tests; null stops it). */
    public void replyWith(String event) {
        this.reply = event == null ? null : List.of(event);
    }

    /** From now on every message is answered at once with these events, a text message each, in one flush. */
    public void replyWith(List<String> events) {
        this.reply = List.copyOf(events);
    }

    /**
     * From now on every message is recorded and answered with the events {@code answer} makes of its text, a text
     * message each, in one flush: a model's turn that depends on what the client sent.
     */
    public void answerWith(Function<String, List<String>> answer) {
        this.answer = answer;
    }

    /** Handshakes accepted and not yet taken. */
    public int pendingHandshakes() {
        return handshakes.size();
    }

    public Handshake takeHandshake(Duration timeout) {
        return take(handshakes, timeout, "handshake");
    }

    /** The next message not yet taken. */
    public Message takeMessage(Duration timeout) {
        return take(messages, timeout, "message");
    }

    /** Messages received and not yet taken. */
    public int pendingMessages() {
        return messages.size();
    }

    /** The reason of the next close frame received ("" for none); taken apart from {@link #takeClose}. */
    public String takeCloseReason(Duration timeout) {
        return take(closeReasons, timeout, "close reason");
    }

    /** The status code of the next close frame received (-1 for one without a status). */
    public int takeClose(Duration timeout) {
        return take(closes, timeout, "close frame");
    }

    /** Sends a text frame on every open socket. */
    public void send(String text) {
        sockets.writeAndFlush(new TextWebSocketFrame(text)).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Sends one text message in fragments, {@code parts} in order (a text frame, then continuation frames). */
    public void sendFragments(String... parts) {
        for (Channel ch : sockets) {
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                WebSocketFrame frame = i == 0 ? new TextWebSocketFrame(last, 0, parts[i])
                        : new ContinuationWebSocketFrame(last, 0, parts[i]);
                ch.writeAndFlush(frame).awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends a binary frame on every open socket. */
    public void sendBinary(byte[] payload) {
        sockets.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)))
                .awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Starts the close handshake on every open socket. */
    public void close(int status, String reason) {
        sockets.writeAndFlush(new CloseWebSocketFrame(status, reason)).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Drops every socket with a TCP reset, no close frame. */
    public void reset() {
        for (Channel ch : sockets) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** Sockets open now. */
    public int openSockets() {
        return sockets.size();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        sockets.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
        try {
            T next = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " reached the fake provider within " + timeout);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a " + what, e);
        }
    }

    /** Refuses the upgrade request when the test says so. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                int status = refuseWith;
                if (status != 0) {
                    ReferenceCountUtil.release(req);
                    DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(status),
                            Unpooled.copiedBuffer("{\"error\":{\"message\":\"no WebSocket here\"}}", UTF_8));
                    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
                    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** An open socket: records what arrives. */
    private final class Socket extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                // Recorded once the 101 is out, so a test that saw the handshake can act on the socket at once.
                sockets.add(ctx.channel());
                Map<String, String> headers = new LinkedHashMap<>();
                done.requestHeaders().forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(),
                        (a, b) -> a + ", " + b));
                handshakes.add(new Handshake(done.requestUri(), headers));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof CloseWebSocketFrame close) {
                    closes.add(close.statusCode());
                    closeReasons.add(close.reasonText() == null ? "" : close.reasonText());
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                            .addListener(ChannelFutureListener.CLOSE);
                } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                    WebSocketFrame frame = (WebSocketFrame) msg;
                    List<String> fixed = reply;
                    if (fixed != null) {
                        fixed.forEach(event -> ctx.write(new TextWebSocketFrame(event)));
                        ctx.flush();
                        return;
                    }
                    Message message = new Message(msg instanceof BinaryWebSocketFrame,
                            ByteBufUtil.getBytes(frame.content()));
                    messages.add(message);
                    Function<String, List<String>> turn = answer;
                    if (turn != null) {
                        turn.apply(message.text()).forEach(event -> ctx.write(new TextWebSocketFrame(event)));
                        ctx.flush();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
