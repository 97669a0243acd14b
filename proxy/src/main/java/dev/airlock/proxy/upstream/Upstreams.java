package dev.airlock.proxy.upstream;

import dev.airlock.config.HostPort;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.proxy.route.RouteMatch;
import dev.airlock.proxy.server.PipelineNames;
import dev.airlock.proxy.server.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests to providers over pooled HTTP/1.1 connections opened on the caller's event loop: verified TLS,
 * {@code upstream.connectTo} and {@code upstream.proxy} honoured, one deadline for connect plus handshake, and
 * never a retry — once a request was handed to a connection it is not sent again, whatever happens.
 */
public final class Upstreams implements AutoCloseable {

    private final Transport transport;
    private final SslContext tls;
    private final Map<HostPort, HostPort> connectTo;
    private final InetSocketAddress parentProxy;
    private final long connectMillis;
    private final long idleMillis;
    private final AddressResolverGroup<? extends SocketAddress> resolver;
    private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();

    /**
     * @param parentProxy the {@code upstream.proxy} address, already resolved (it is resolved once, at start), or
     *                    null to connect directly
     */
    public Upstreams(Transport transport, SslContext tls, UpstreamConfig config, InetSocketAddress parentProxy,
                     Duration connectTimeout, Duration idleTimeout) {
        this.transport = transport;
        this.tls = tls;
        this.connectTo = config.connectTo();
        this.parentProxy = parentProxy;
        this.connectMillis = connectTimeout.toMillis();
        this.idleMillis = idleTimeout.toMillis();
        // Through a parent proxy the proxy resolves the name; directly, names resolve without blocking the loop.
        this.resolver = parentProxy != null ? NoopAddressResolverGroup.INSTANCE
                : new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                        .datagramChannelType(transport.datagramChannel())
                        .socketChannelType(transport.socketChannel()));
    }

    /** The origin a route match goes to, with {@code upstream.connectTo} applied to where it is dialled. */
    public Origin origin(RouteMatch match) {
        HostPort target = new HostPort(match.host(), match.port());
        HostPort dial = connectTo.getOrDefault(target, target);
        return new Origin(match.tls(), match.host(), match.port(),
                InetSocketAddress.createUnresolved(dial.host(), dial.port()));
    }

    /**
     * Sends one request; the listener hears about the response on {@code loop}. Takes ownership of {@code request}.
     * Must be called on {@code loop}.
     */
    public UpstreamCall send(EventLoop loop, Origin origin, FullHttpRequest request, UpstreamListener listener) {
        UpstreamPool pool = pools.computeIfAbsent(loop, UpstreamPool::new);
        Channel pooled = pool.acquire(origin);
        if (pooled != null) {
            UpstreamResponseRelay relay = pooled.pipeline().get(UpstreamResponseRelay.class);
            UpstreamCall call = new UpstreamCall(relay);
            relay.begin(call, listener);
            call.attach(pooled);
            write(pooled, relay, call, request, listener);
            return call;
        }
        UpstreamResponseRelay relay = new UpstreamResponseRelay(origin, pool);
        UpstreamCall call = new UpstreamCall(relay);
        relay.begin(call, listener);
        ChannelFuture connect = transport.outbound(loop, connectMillis, resolver)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline(ch.pipeline(), origin, relay);
                    }
                })
                .connect(dialAddress(origin));
        Channel ch = connect.channel();
        call.attach(ch);
        ch.closeFuture().addListener(f -> pool.forget(origin, ch));
        whenReady(loop, origin, connect, new Attempt(ch, relay, call, request, listener));
        return call;
    }

    /**
     * A connection of its own to {@code origin}, never pooled, for a protocol that takes the connection over (a
     * WebSocket): connected (through {@code upstream.proxy} when set) and its TLS verified within
     * {@code timeouts.upstreamConnect}. The caller adds its handlers last and reads when it is ready. The future fails
     * with an {@link UpstreamFailure.Failed}. Must be called on {@code loop}.
     */
    public Future<Channel> connect(EventLoop loop, Origin origin) {
        Promise<Channel> result = loop.newPromise();
        ChannelFuture connect = transport.outbound(loop, connectMillis, resolver)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        secure(ch.pipeline(), origin);
                    }
                })
                .connect(dialAddress(origin));
        Channel ch = connect.channel();
        whenReady(loop, origin, connect, new Ready() {
            @Override
            public void ready() {
                if (!result.trySuccess(ch)) {
                    ch.close(); // the deadline passed first
                }
            }

            @Override
            public void failed(UpstreamFailure.Kind kind, String message) {
                ch.close();
                result.tryFailure(new UpstreamFailure.Failed(new UpstreamFailure(kind, message)));
            }
        });
        return result;
    }

    /** Through a parent proxy, the CONNECT names where to dial (connectTo applied) and the parent resolves it. */
    private SocketAddress dialAddress(Origin origin) {
        return parentProxy != null
                ? InetSocketAddress.createUnresolved(origin.dial().getHostString(), origin.dial().getPort())
                : origin.dial();
    }

    /** Hears once whether a new connection is ready for use (connected, and TLS verified) or why not. */
    private interface Ready {
        void ready();

        void failed(UpstreamFailure.Kind kind, String message);
    }

    /**
     * Tells {@code ready} when {@code connect} has connected and, for TLS, completed its verified handshake, or why
     * it did not within {@code timeouts.upstreamConnect}. A failure may be told after readiness (the deadline racing
     * the handshake); the listener ignores what comes late.
     */
    private void whenReady(EventLoop loop, Origin origin, ChannelFuture connect, Ready ready) {
        Channel ch = connect.channel();
        ScheduledFuture<?> deadline = loop.schedule(() -> ready.failed(UpstreamFailure.Kind.CONNECT_TIMEOUT,
                origin + " did not accept a connection" + (origin.tls() ? " and complete a TLS handshake" : "")
                        + " within " + connectMillis + " ms (timeouts.upstreamConnect)"), connectMillis, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                deadline.cancel(false);
                ready.failed(UpstreamFailure.Kind.CONNECT,
                        "cannot connect to " + origin + via() + ": " + Failures.describe(f.cause()));
                return;
            }
            Future<?> handshake = origin.tls() ? ch.pipeline().get(SslHandler.class).handshakeFuture()
                    : ch.newSucceededFuture();
            handshake.addListener(h -> {
                deadline.cancel(false);
                if (h.isSuccess()) {
                    ready.ready();
                } else {
                    ready.failed(UpstreamFailure.Kind.TLS,
                            "TLS handshake with " + origin + " failed: " + Failures.describe(h.cause()));
                }
            });
        });
    }

    /** One new connection's way to its first request; every path either sends the request or releases it once. */
    private static final class Attempt implements Ready {
        private final Channel ch;
        private final UpstreamResponseRelay relay;
        private final UpstreamCall call;
        private final UpstreamListener listener;
        private FullHttpRequest request;

        Attempt(Channel ch, UpstreamResponseRelay relay, UpstreamCall call, FullHttpRequest request,
                UpstreamListener listener) {
            this.ch = ch;
            this.relay = relay;
            this.call = call;
            this.request = request;
            this.listener = listener;
        }

        @Override
        public void ready() {
            FullHttpRequest r = request;
            request = null;
            if (r == null) {
                return;
            }
            if (!relay.isActiveFor(call)) {
                r.release();
                ch.close();
                return;
            }
            write(ch, relay, call, r, listener);
        }

        @Override
        public void failed(UpstreamFailure.Kind kind, String message) {
            if (request == null) {
                return; // already sent (failures from here on are the relay's) or already failed
            }
            request.release();
            request = null;
            ch.close();
            if (relay.isActiveFor(call)) {
                relay.detach(call);
                listener.onFailure(new UpstreamFailure(kind, message), false);
            }
        }
    }

    private void pipeline(ChannelPipeline p, Origin origin, UpstreamResponseRelay relay) {
        secure(p, origin);
        p.addLast(PipelineNames.UPSTREAM_CODEC, new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
        p.addLast(PipelineNames.UPSTREAM_IDLE, new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(PipelineNames.UPSTREAM_RELAY, relay);
    }

    /** The parent-proxy tunnel and the verified TLS every provider connection starts with. */
    private void secure(ChannelPipeline p, Origin origin) {
        if (parentProxy != null) {
            HttpProxyHandler proxy = new HttpProxyHandler(parentProxy);
            proxy.setConnectTimeoutMillis(connectMillis);
            p.addLast(PipelineNames.PARENT_PROXY, proxy);
        }
        if (origin.tls()) {
            SslHandler ssl = tls.newHandler(p.channel().alloc(), origin.host(), origin.port());
            ssl.setHandshakeTimeoutMillis(connectMillis);
            p.addLast(PipelineNames.TLS, ssl);
        }
    }

    private static void write(Channel ch, UpstreamResponseRelay relay, UpstreamCall call, FullHttpRequest request,
                              UpstreamListener listener) {
        ch.writeAndFlush(request).addListener(w -> {
            if (!w.isSuccess()) {
                if (relay.isActiveFor(call)) {
                    relay.detach(call);
                    ch.close();
                    listener.onFailure(new UpstreamFailure(UpstreamFailure.Kind.RESET,
                            "sending the request failed: " + Failures.describe(w.cause())), false);
                }
                return;
            }
            call.read();
        });
    }

    private String via() {
        return parentProxy == null ? "" : " through upstream.proxy " + parentProxy.getHostString() + ":" + parentProxy.getPort();
    }

    @Override
    public void close() {
        pools.forEach((loop, pool) -> {
            if (!loop.isShutdown()) {
                loop.execute(pool::closeAll);
            }
        });
        resolver.close();
    }
}
