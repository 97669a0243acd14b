package dev.airlock.proxy.server;

import dev.airlock.config.HostPort;
import dev.airlock.proxy.upstream.Failures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Blind tunnels for the hosts Airlock does not open: a TCP connection to the target (through {@code upstream.proxy}
 * when one is set), then bytes relayed both ways untouched until either side closes or both stay idle for
 * {@code timeouts.upstreamIdle}.
 */
final class Tunnels {

    private final Transport transport;
    private final InetSocketAddress parentProxy;
    private final AddressResolverGroup<? extends SocketAddress> resolver;
    private final long connectMillis;
    private final long idleMillis;

    Tunnels(Transport transport, InetSocketAddress parentProxy, AddressResolverGroup<? extends SocketAddress> resolver,
            Duration connectTimeout, Duration idleTimeout) {
        this.transport = transport;
        this.parentProxy = parentProxy;
        this.resolver = parentProxy != null ? NoopAddressResolverGroup.INSTANCE : resolver;
        this.connectMillis = connectTimeout.toMillis();
        this.idleMillis = idleTimeout.toMillis();
    }

    /**
     * Connects to {@code dial} on {@code loop}; the promise fails with a message naming the target and the cause.
     * Nothing is read from the new channel until {@link #splice} joins it to its client.
     */
    Future<Channel> open(EventLoop loop, HostPort target, InetSocketAddress dial) {
        Promise<Channel> result = loop.newPromise();
        ChannelFuture connect = transport.outbound(loop, connectMillis, resolver)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (parentProxy != null) {
                            HttpProxyHandler proxy = new HttpProxyHandler(parentProxy);
                            proxy.setConnectTimeoutMillis(connectMillis);
                            ch.pipeline().addLast(PipelineNames.PARENT_PROXY, proxy);
                        }
                    }
                })
                .connect(dial);
        String via = parentProxy == null ? "" : " through upstream.proxy " + parentProxy.getHostString() + ":"
                + parentProxy.getPort();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.tryFailure(new java.io.IOException("cannot connect to " + target + via + ": "
                        + Failures.describe(f.cause()), null));
                return;
            }
            Channel ch = connect.channel();
            HttpProxyHandler proxy = ch.pipeline().get(HttpProxyHandler.class);
            if (proxy == null) {
                result.trySuccess(ch);
                return;
            }
            proxy.connectFuture().addListener(p -> {
                if (p.isSuccess()) {
                    result.trySuccess(ch);
                } else {
                    ch.close();
                    result.tryFailure(new java.io.IOException("cannot connect to " + target + via + ": "
                            + Failures.describe(p.cause()), null));
                }
            });
        });
        return result;
    }

    /**
     * Turns the client connection into one end of the tunnel: every HTTP handler goes, {@code early} (bytes the
     * client sent behind its CONNECT, or null) goes first to the target, then both sides read.
     */
    void splice(ChannelPipeline client, Channel target, ByteBuf early) {
        for (String name : PipelineNames.CLIENT_HTTP) {
            if (client.get(name) != null) {
                client.remove(name);
            }
        }
        client.addLast(PipelineNames.TUNNEL_IDLE, new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        client.addLast(PipelineNames.TUNNEL_RELAY, new TunnelRelay(target));
        target.pipeline().addLast(PipelineNames.TUNNEL_IDLE, new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        target.pipeline().addLast(PipelineNames.TUNNEL_RELAY, new TunnelRelay(client.channel()));
        if (early != null && early.isReadable()) {
            target.writeAndFlush(early);
        } else if (early != null) {
            early.release();
        }
        client.channel().read();
        target.read();
    }
}
