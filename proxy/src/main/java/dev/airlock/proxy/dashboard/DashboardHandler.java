package dev.airlock.proxy.dashboard;

import dev.airlock.config.HostPort;
import dev.airlock.detector.RuleInfo;
import dev.airlock.proxy.onboard.ClientSetup;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard on the admin port: the page ({@code /}, {@code /dashboard.js}, {@code /dashboard.css}, all from the
 * classpath, so it works offline) and its JSON API ({@code /api/events}, {@code /api/summary}, {@code /api/setup}).
 * Every other request passes on to the admin handler behind it. Sits after the aggregator, so requests are whole;
 * it releases those it answers. Answers are built on the event loop: the largest, a day's summary, merges 1,440
 * small minute counters.
 */
@ChannelHandler.Sharable
public final class DashboardHandler extends ChannelInboundHandlerAdapter {

    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'";
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private static final byte[] PAGE = resource("index.html");
    private static final byte[] SCRIPT = resource("dashboard.js");
    private static final byte[] STYLE = resource("dashboard.css");

    private final RecentEvents events;
    private final Map<String, String> previews;
    private final AdminGate gate;
    private final HostPort proxy;

    /**
     * @param rules the detector's rules, for the feed's masked previews
     * @param token what every dashboard request must carry, or null when the admin port is loopback only
     * @param proxy the proxy's bound address, for the set-up panel
     */
    public DashboardHandler(RecentEvents events, List<RuleInfo> rules, AdminToken token, HostPort proxy) {
        this.events = events;
        this.previews = MaskedPreview.forRules(rules);
        this.gate = new AdminGate(token);
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()
                || !(req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
            ctx.fireChannelRead(msg);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (!(path.equals("/") || path.equals("/dashboard.js") || path.equals("/dashboard.css")
                || path.startsWith("/api/"))) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            answer(ctx, req, path);
        } finally {
            req.release();
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        // The script and style hold no data, and a <script src> cannot carry the token: they need no pass.
        if (path.equals("/dashboard.js")) {
            send(ctx, req, HttpResponseStatus.OK, "text/javascript; charset=utf-8", SCRIPT);
            return;
        }
        if (path.equals("/dashboard.css")) {
            send(ctx, req, HttpResponseStatus.OK, "text/css; charset=utf-8", STYLE);
            return;
        }
        switch (gate.check(req, path.equals("/"))) {
            case NEEDS_TOKEN -> {
                send(ctx, req, HttpResponseStatus.UNAUTHORIZED, TEXT, ("the dashboard needs the admin token, because "
                        + "this admin port is reachable from other machines: open the dashboard URL `airlock serve` "
                        + "printed (it ends in ?token=...), or send Authorization: Bearer <token> (the token is in "
                        + "admin.token in Airlock's home directory)\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            case FOREIGN_HOST -> {
                send(ctx, req, HttpResponseStatus.FORBIDDEN, TEXT, ("the dashboard answers only to a loopback host "
                        + "name (127.0.0.1, localhost, [::1]) while the admin port is loopback only\n")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            case PASS -> {
            }
        }
        switch (path) {
            case "/" -> send(ctx, req, HttpResponseStatus.OK, "text/html; charset=utf-8", PAGE);
            case "/api/events" -> {
                Long after = after(req.uri());
                if (after == null) {
                    send(ctx, req, HttpResponseStatus.BAD_REQUEST, JSON,
                            "{\"error\":\"after: expected a number from 0\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                long latest = events.latest();
                send(ctx, req, HttpResponseStatus.OK, JSON, DashboardJson.events(latest, events.after(after), previews));
            }
            case "/api/summary" -> send(ctx, req, HttpResponseStatus.OK, JSON,
                    DashboardJson.summary(events.now(), events.window(60, 1), events.window(24, 60)));
            case "/api/setup" -> {
                HostPort reach = proxyFor(req.headers().get(HttpHeaderNames.HOST));
                send(ctx, req, HttpResponseStatus.OK, JSON, DashboardJson.setup(ClientSetup.proxyUrl(reach),
                        ClientSetup.baseUrlLines(reach), ClientSetup.forwardLines(reach), ClientSetup.Client.ids(),
                        gate.tokenRequired()));
            }
            default -> send(ctx, req, HttpResponseStatus.NOT_FOUND, JSON,
                    "{\"error\":\"not found (expected: /api/events, /api/summary or /api/setup)\"}"
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The {@code after} parameter: 0 when absent, null when not a number from 0. */
    static Long after(String uri) {
        List<String> v = new QueryStringDecoder(uri).parameters().get("after");
        if (v == null || v.isEmpty()) {
            return 0L;
        }
        try {
            long n = Long.parseLong(v.get(0));
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Where a client reaches the proxy: its bound host, or, when that is a wildcard, the host the browser used for
     * the admin port (the same machine) when it is a plain name or address; else loopback, as {@code airlock env}.
     */
    HostPort proxyFor(String hostHeader) {
        String host = proxy.host();
        boolean wildcard = host.equals("0.0.0.0") || host.replace(":", "").replace("0", "").isEmpty();
        if (wildcard && hostHeader != null) {
            String h = hostHeader.strip();
            int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.indexOf(':');
            String name = colon > 0 ? h.substring(0, colon) : h;
            if (HOST_NAME.matcher(name).matches()) {
                return new HostPort(name.startsWith("[") ? name.substring(1, name.length() - 1) : name, proxy.port());
            }
        }
        return ClientSetup.reachable(proxy);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type,
                             byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, type);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            h.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"airlock-admin\"");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, "close");
        }
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the dashboard resource " + name, e);
        }
    }
}
