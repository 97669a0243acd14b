package dev.airlock.proxy.server;

import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.answer.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a {@code CONNECT}: refused (port not allowed, host denied, target private or Airlock itself), opened
 * (an intercepted host: TLS with a minted leaf, then the same request pipeline as base-URL mode, for that host
 * only), or tunnelled byte for byte. A tunnel's target is resolved, checked and connected before the answer;
 * an opened host is resolved and checked per request, and the checked address is the one dialled.
 */
final class ConnectRequests {

    private static final Logger log = LoggerFactory.getLogger(ConnectRequests.class);
    private static final HttpResponseStatus ESTABLISHED = new HttpResponseStatus(200, "Connection established");

    private ConnectRequests() {
    }

    static void start(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime, Exchange x) {
        HostPort target = authority(x.head.uri());
        if (target == null) {
            refuse(handler, runtime, x, ErrorKind.BAD_REQUEST, "the CONNECT target is not host:port "
                    + "(expected: e.g. api.openai.com:443)");
            return;
        }
        InterceptConfig intercept = runtime.intercept();
        if (!intercept.portAllowed(target.port())) {
            refuse(handler, runtime, x, ErrorKind.FORBIDDEN, "CONNECT to port " + target.port() + " is refused "
                    + "(expected: one of intercept.ports " + intercept.ports() + ")");
            return;
        }
        String pattern = runtime.interceptHosts().match(target.host());
        if (pattern == null && intercept.others() == InterceptConfig.Others.DENY) {
            refuse(handler, runtime, x, ErrorKind.FORBIDDEN, target.host() + " is not an AI API host Airlock opens, "
                    + "and intercept.others is deny");
            return;
        }
        if (pattern != null) {
            // Opened at once: each request inside resolves and checks the host when it is forwarded, so a provider
            // that cannot be reached is reported as a provider-shaped 502 the client shows, not a failed CONNECT.
            intercept(handler, ctx, runtime, x, new InterceptedHost(target.host(), target.port(),
                    runtime.access().knownUser(x.head.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION))));
            return;
        }
        runtime.guard().dial(ctx.channel().eventLoop(), target).addListener(f -> {
            if (!handler.isCurrent(x)) {
                return;
            }
            if (!f.isSuccess()) {
                TargetGuard.Refused r = (TargetGuard.Refused) f.cause();
                refuse(handler, runtime, x, r.forbidden() ? ErrorKind.FORBIDDEN : ErrorKind.BAD_GATEWAY, r.getMessage());
                return;
            }
            tunnel(handler, ctx, runtime, x, target, (InetSocketAddress) f.getNow());
        });
    }

    /**
     * Opens an intercepted host with its leaf: at once when the leaf is cached, else after minting it on the scan
     * threads (milliseconds of CPU per new name, which the event loop must not spend: a client could name many).
     */
    private static void intercept(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime,
                                  Exchange x, InterceptedHost host) {
        SslContext cached = runtime.ca().cachedServerContext(host.host());
        if (cached != null) {
            open(handler, ctx, runtime, x, host, cached);
            return;
        }
        try {
            runtime.scanExecutor().execute(() -> {
                SslContext minted;
                try {
                    minted = runtime.ca().serverContext(host.host());
                } catch (RuntimeException e) {
                    log.error("[{}] cannot mint a certificate for {}: {}", id(ctx), host.host(), e.getMessage());
                    ctx.executor().execute(() -> {
                        if (handler.isCurrent(x)) {
                            refuse(handler, runtime, x, ErrorKind.INTERNAL, "Airlock cannot mint a certificate for "
                                    + host.host() + " (see its log)");
                        }
                    });
                    return;
                }
                ctx.executor().execute(() -> {
                    if (handler.isCurrent(x)) {
                        open(handler, ctx, runtime, x, host, minted);
                    }
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            refuse(handler, runtime, x, ErrorKind.OVERLOADED, "Airlock is too busy to open " + host.host()
                    + "; retry shortly");
        }
    }

    private static void open(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime,
                             Exchange x, InterceptedHost host, SslContext tls) {
        ByteBuf early = established(handler, ctx, runtime, x, "intercepted");
        ChannelPipeline p = ctx.pipeline();
        for (String name : PipelineNames.CLIENT_HTTP) {
            if (!name.equals(PipelineNames.CLIENT_TIMEOUTS) && !name.equals(PipelineNames.READ_GATE)
                    && p.get(name) != null) {
                p.remove(name);
            }
        }
        SslHandler ssl = tls.newHandler(ctx.alloc());
        ssl.setHandshakeTimeoutMillis(runtime.timeouts().clientHeader().toMillis());
        p.addAfter(PipelineNames.READ_GATE, PipelineNames.TLS, ssl);
        ClientInitializer.addHttp(p, PipelineNames.TLS, handler.runtimes(), host);
        log.debug("[{}] CONNECT {}:{} intercepted", id(ctx), host.host(), host.port());
        if (early.isReadable()) {
            p.context(PipelineNames.READ_GATE).fireChannelRead(early);
        } else {
            early.release();
        }
        p.get(ClientTimeouts.class).responseComplete();
        p.get(ReadGate.class).open();
        ctx.channel().read();
    }

    private static void tunnel(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime,
                               Exchange x, HostPort target, InetSocketAddress dial) {
        runtime.tunnels().open(ctx.channel().eventLoop(), target, dial).addListener(f -> {
            if (!handler.isCurrent(x)) {
                if (f.isSuccess()) {
                    ((Channel) f.getNow()).close();
                }
                return;
            }
            if (!f.isSuccess()) {
                refuse(handler, runtime, x, ErrorKind.BAD_GATEWAY, f.cause().getMessage());
                return;
            }
            ByteBuf early = established(handler, ctx, runtime, x, "tunnelled");
            log.debug("[{}] CONNECT {} tunnelled", id(ctx), target);
            runtime.tunnels().splice(ctx.pipeline(), (Channel) f.getNow(), early);
        });
    }

    /** Answers 200 and hands over the bytes that came behind the CONNECT; HTTP on this connection ends here. */
    private static ByteBuf established(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime,
                                       Exchange x, String outcome) {
        runtime.metrics().connect(outcome);
        ByteBuf early = handler.leaveHttp(x);
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, ESTABLISHED));
        return early != null ? early : ctx.alloc().buffer(0);
    }

    private static void refuse(ClientExchangeHandler handler, ProxyRuntime runtime, Exchange x, ErrorKind kind,
                               String message) {
        runtime.metrics().connect("refused");
        handler.refuseConnect(x, kind, message);
    }

    /** {@code host:port} or {@code [v6]:port}, host lowercased without a trailing dot; null when malformed. */
    static HostPort authority(String uri) {
        int colon = uri.lastIndexOf(':');
        if (colon <= 0 || colon == uri.length() - 1) {
            return null;
        }
        String host = uri.substring(0, colon);
        String port = uri.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                return null;
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        // One trailing dot is the root (an FQDN); a second is an empty label, which no name has.
        if (host.isEmpty() || host.endsWith(".") || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || !host.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                        || c == ':' || c == '_')) {
            return null;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535 ? new HostPort(host, p) : null;
    }

    private static String id(ChannelHandlerContext ctx) {
        return ctx.channel().id().asShortText();
    }
}
