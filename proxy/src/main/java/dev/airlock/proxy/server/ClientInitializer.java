package dev.airlock.proxy.server;

import dev.airlock.config.Dialect;
import dev.airlock.config.LimitsConfig;
import dev.airlock.proxy.route.RouteMatch;
import dev.airlock.proxy.route.Routes;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.Supplier;

/** Assembles a client connection's pipeline in the order {@link PipelineNames} draws. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<ProxyRuntime> runtimes;

    ClientInitializer(Supplier<ProxyRuntime> runtimes) {
        this.runtimes = runtimes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // A connection's limits, timers and access checks are those of the configuration it was accepted under.
        ProxyRuntime runtime = runtimes.get();
        p.addLast(PipelineNames.CLIENT_TIMEOUTS, new ClientTimeouts(runtime.timeouts()));
        p.addLast(PipelineNames.READ_GATE, new ReadGate());
        addHttp(p, PipelineNames.READ_GATE, runtimes, null);
    }

    /**
     * The HTTP handlers, from the head guard to the exchange, after {@code after}: on a new connection, or inside
     * an intercepted tunnel ({@code tunnel} names its host), behind the TLS handler.
     */
    static void addHttp(ChannelPipeline p, String after, Supplier<ProxyRuntime> runtimes, InterceptedHost tunnel) {
        ProxyRuntime runtime = runtimes.get();
        LimitsConfig limits = runtime.limits();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false);
        String previous = after;
        previous = add(p, previous, PipelineNames.HEAD_GUARD,
                new HeadGuard(limits.maxRequestLineBytes() + limits.maxHeaderBytes() + 4));
        previous = add(p, previous, PipelineNames.HTTP_CODEC, new HttpServerCodec(decoder));
        previous = add(p, previous, PipelineNames.FRAMING, new ClientRequestValidator(limits.maxHeaderCount(),
                target -> dialectOf(runtimes.get(), tunnel, target)));
        if (tunnel == null && runtime.access().guards()) {
            previous = add(p, previous, PipelineNames.ACCESS, new ClientAccessHandler(runtimes));
        }
        add(p, previous, PipelineNames.EXCHANGE, new ClientExchangeHandler(runtimes, tunnel));
    }

    /**
     * The error shape of the route a request target names (a tunnel's host, or the base-URL route in its path), so
     * a framing refusal reads as its provider's; OpenAI's when the target names none.
     */
    static Dialect dialectOf(ProxyRuntime runtime, InterceptedHost tunnel, String target) {
        try {
            RouteMatch match = tunnel != null
                    ? runtime.forwardRoutes().match(true, tunnel.host(), tunnel.port(), target)
                    : target.startsWith("/") ? runtime.routes().match(target) : null;
            return match == null ? Dialect.OPENAI : match.route().dialect().at(match.target());
        } catch (Routes.NoRouteException | RuntimeException e) {
            return Dialect.OPENAI;
        }
    }

    private static String add(ChannelPipeline p, String after, String name, ChannelHandler handler) {
        p.addAfter(after, name, handler);
        return name;
    }
}
