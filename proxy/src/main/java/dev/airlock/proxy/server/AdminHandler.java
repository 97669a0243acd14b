package dev.airlock.proxy.server;

import dev.airlock.proxy.metrics.MicrometerMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The admin port: {@code /metrics} for Prometheus, {@code /healthz} (alive), {@code /readyz} (taking traffic),
 * {@code /ca.pem} (the install CA certificate clients trust) and {@code /proxy.pac} (sends only intercepted hosts
 * through Airlock). The dashboard ({@code /} and {@code /api/*}) is answered before it, by
 * {@link dev.airlock.proxy.dashboard.DashboardHandler}.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final String PAC_TYPE = "application/x-ns-proxy-autoconfig";

    private final MicrometerMetrics metrics;
    private final BooleanSupplier ready;
    private final String caPem;
    private final Function<String, String> pac;

    /** @param pac the PAC for a request that named this host in its Host header */
    AdminHandler(MicrometerMetrics metrics, BooleanSupplier ready, String caPem, Function<String, String> pac) {
        this.metrics = metrics;
        this.ready = ready;
        this.caPem = caPem;
        this.pac = pac;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "malformed request\n");
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            send(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    "the admin port answers GET only\n");
            return;
        }
        String path = req.uri();
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        switch (path) {
            case "/metrics" -> send(ctx, req, HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape());
            case "/healthz" -> send(ctx, req, HttpResponseStatus.OK, "text/plain; charset=utf-8", "ok\n");
            case "/readyz" -> {
                boolean ok = ready.getAsBoolean();
                send(ctx, req, ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain; charset=utf-8", ok ? "ready\n" : "draining\n");
            }
            case "/ca.pem" -> send(ctx, req, HttpResponseStatus.OK, "application/x-pem-file", caPem);
            case "/proxy.pac" -> send(ctx, req, HttpResponseStatus.OK, PAC_TYPE,
                    pac.apply(req.headers().get(HttpHeaderNames.HOST)));
            default -> send(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "not found (expected: / (the dashboard), /metrics, /healthz, /readyz, /ca.pem or /proxy.pac)\n");
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type,
                             String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
