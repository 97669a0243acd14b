package dev.airlock.proxy.server;

import dev.airlock.config.WebSocketConfig;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.Header;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.upstream.Origin;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket upgrade on an AI route. Refused with 426 (Codex then falls back to HTTP at once) unless
 * {@code websocket.responses: scan} is set and the path is an OpenAI Responses endpoint. Then the handshake request
 * is scanned like any request (target and headers), a connection of its own is opened to the provider and the
 * provider's handshake done first: the client gets its 101 only once the provider accepted, so a provider that does
 * not speak WebSocket still sends the client to HTTP with a 426. From then on {@link ClientFrameScanner} and
 * {@link ProviderFrameRelay} carry the frames, joined by a {@link WebSocketSession}; {@link WebSocketAnswers} rewrites
 * and scans the provider's events as an HTTP answer's.
 */
final class WebSocketUpgrade {

    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);
    /**
     * Frames from the provider are relayed one by one, but each is decoded whole: this bounds one (a
     * {@code response.completed} event holds the whole answer).
     */
    static final int PROVIDER_MAX_FRAME = 16 << 20;
    private static final int HANDSHAKE_ANSWER_BYTES = 64 * 1024;
    private static final long FORCE_CLOSE_MILLIS = 10_000;

    private WebSocketUpgrade() {
    }

    static boolean requested(HttpRequest head) {
        String upgrade = head.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /** Why this upgrade is answered instead of proxied; null when it is proxied. */
    static RequestRouting.Refusal refusal(ProxyRuntime runtime, Exchange x) {
        if (runtime.websocket().responses() != WebSocketConfig.Responses.SCAN) {
            return upgradeRequired("Airlock scans requests over plain HTTP only; WebSocket upgrades are refused "
                    + "(clients such as Codex fall back to HTTP).");
        }
        if (!x.scan || !isResponses(x.match.target())) {
            return upgradeRequired("Airlock scans WebSockets to OpenAI Responses endpoints only (websocket.responses); "
                    + "this upgrade is refused (clients such as Codex fall back to HTTP).");
        }
        HttpRequest head = x.head;
        if (!head.method().equals(HttpMethod.GET) || !head.protocolVersion().equals(HttpVersion.HTTP_1_1)
                || HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0) {
            return upgradeRequired("a WebSocket upgrade is an HTTP/1.1 GET without a body (RFC 6455); this one is "
                    + "refused (clients such as Codex fall back to HTTP).");
        }
        if (!"13".equals(head.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "").strip())) {
            return upgradeRequired("Airlock speaks WebSocket version 13 only (Sec-WebSocket-Version); this upgrade is "
                    + "refused (clients fall back to HTTP).");
        }
        if (head.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY, "").isBlank()) {
            return new RequestRouting.Refusal(ErrorKind.BAD_REQUEST, "the WebSocket upgrade has no Sec-WebSocket-Key "
                    + "(expected: an RFC 6455 handshake)");
        }
        return null;
    }

    private static RequestRouting.Refusal upgradeRequired(String message) {
        return new RequestRouting.Refusal(ErrorKind.UPGRADE_REQUIRED, message);
    }

    /** {@code /v1/responses}, {@code /backend-api/codex/responses}: where Codex opens its socket. */
    private static boolean isResponses(String target) {
        int q = target.indexOf('?');
        return (q < 0 ? target : target.substring(0, q)).endsWith("/responses");
    }

    /**
     * The handshake's headers as they are scanned and sent on: end-to-end headers without the {@code Sec-WebSocket-*}
     * fields each hop negotiates for itself (the key is random, the extensions are Airlock's own offer). The
     * subprotocols the client offers go on to the provider, so they are scanned like any header.
     */
    static List<Header> handshakeHeaders(HttpHeaders headers) {
        return HopByHop.endToEnd(headers).stream()
                .filter(h -> !h.name().regionMatches(true, 0, "sec-websocket-", 0, 14)
                        || h.name().equalsIgnoreCase("sec-websocket-protocol"))
                .toList();
    }

    /** The handshake was scanned and may go on: opens the provider's socket, then the client's. */
    static void open(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime, Exchange x,
                     Inspection.Forward f, Origin origin) {
        WebSocketClientHandshaker handshaker;
        try {
            handshaker = handshaker(x, f, origin);
        } catch (URISyntaxException e) {
            handler.answer(x, ErrorKind.BAD_REQUEST, "the request target cannot be sent on as a WebSocket URL "
                    + "(expected: a path and query of URL characters)");
            return;
        }
        runtime.upstreams().connect(ctx.channel().eventLoop(), origin).addListener(c -> {
            if (!c.isSuccess()) {
                if (handler.isCurrent(x) && c.cause() instanceof UpstreamFailure.Failed failed) {
                    failed(handler, runtime, x, failed.failure());
                }
                return;
            }
            Channel provider = (Channel) c.getNow();
            if (!handler.isCurrent(x)) {
                provider.close();
                return;
            }
            ProviderFrameRelay relay = new ProviderFrameRelay(new ProviderHandshake(handler, ctx, runtime, x,
                    handshaker, provider));
            // Until both sockets are open the client leaving ends the attempt; after that the session tells the
            // provider first.
            ctx.channel().closeFuture().addListener(closed -> {
                if (!relay.opened()) {
                    provider.close();
                }
            });
            ChannelPipeline p = provider.pipeline();
            p.addFirst(PipelineNames.UPSTREAM_IDLE, new IdleStateHandler(0, 0,
                    runtime.timeouts().upstreamIdle().toMillis(), TimeUnit.MILLISECONDS));
            p.addLast(PipelineNames.UPSTREAM_CODEC, new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
            p.addLast(PipelineNames.UPSTREAM_HANDSHAKE, new HttpObjectAggregator(HANDSHAKE_ANSWER_BYTES));
            p.addLast(PipelineNames.UPSTREAM_EXTENSIONS, new WebSocketClientExtensionHandler(
                    new PerMessageDeflateClientExtensionHandshaker(PROVIDER_MAX_FRAME)));
            p.addLast(PipelineNames.UPSTREAM_RELAY, relay);
            handshaker.handshake(provider).addListener(w -> {
                if (w.isSuccess()) {
                    provider.read();
                } else {
                    provider.close(); // the relay reports the closed connection as the failure
                }
            });
        });
    }

    private static WebSocketClientHandshaker handshaker(Exchange x, Inspection.Forward f, Origin origin)
            throws URISyntaxException {
        String host = origin.host().indexOf(':') >= 0 ? "[" + origin.host() + "]" : origin.host();
        URI uri = new URI((origin.tls() ? "wss://" : "ws://") + host + ":" + origin.port() + f.target());
        HttpHeaders headers = new DefaultHttpHeaders();
        for (Header h : f.headers()) {
            headers.add(h.name(), h.value());
        }
        headers.set(HttpHeaderNames.HOST, x.match.hostHeader());
        String subprotocols = headers.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL); // as scanned, redacted if need be
        return WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, subprotocols, true, headers,
                PROVIDER_MAX_FRAME, true, false, FORCE_CLOSE_MILLIS, false, false);
    }

    private static void failed(ClientExchangeHandler handler, ProxyRuntime runtime, Exchange x, UpstreamFailure failure) {
        runtime.metrics().upstreamError(x.routeName(), failure.kind().label());
        ErrorKind kind = failure.kind() == UpstreamFailure.Kind.IDLE ? ErrorKind.GATEWAY_TIMEOUT : ErrorKind.BAD_GATEWAY;
        handler.answer(x, kind, "Airlock could not get an answer from the provider: " + failure.message() + ".");
    }

    /** The provider's answer to the upgrade: a 101 opens the client's socket, anything else sends it to HTTP. */
    private record ProviderHandshake(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime,
                                     Exchange x, WebSocketClientHandshaker handshaker, Channel provider)
            implements ProviderFrameRelay.Handshake {

        @Override
        public void answered(FullHttpResponse response) {
            if (!handler.isCurrent(x)) {
                provider.close();
                return;
            }
            if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                provider.close();
                handler.answer(x, ErrorKind.UPGRADE_REQUIRED, "the provider answered the WebSocket upgrade with HTTP "
                        + response.status().code() + "; clients such as Codex fall back to HTTP");
                return;
            }
            try {
                handshaker.finishHandshake(provider, response);
            } catch (WebSocketHandshakeException e) {
                provider.close();
                handler.answer(x, ErrorKind.BAD_GATEWAY, "Airlock could not get an answer from the provider: its "
                        + "WebSocket handshake is not valid (accept key or subprotocol).");
                return;
            }
            accept(handler, ctx, runtime, x, handshaker.actualSubprotocol(), provider);
        }

        @Override
        public void failed(UpstreamFailure failure) {
            provider.close();
            if (handler.isCurrent(x)) {
                WebSocketUpgrade.failed(handler, runtime, x, failure);
            }
        }
    }

    /**
     * The provider accepted: the client gets its 101 and its connection leaves HTTP. Every HTTP handler goes; Netty's
     * handshaker puts the frame codec in the HTTP codec's place, and the scanner comes after it.
     */
    private static void accept(ClientExchangeHandler handler, ChannelHandlerContext ctx, ProxyRuntime runtime, Exchange x,
                               String subprotocol, Channel provider) {
        Channel client = ctx.channel();
        if (handler.sentAhead()) {
            // Frames sent before the 101 were read as HTTP; nothing safe can be made of them.
            log.info("[{}] closing: the client sent data before its WebSocket upgrade was answered", id(client));
            provider.close();
            client.close();
            return;
        }
        int maxBody = (int) Math.min(Integer.MAX_VALUE, runtime.limits().maxBodyBytes());
        ClientDeflate deflate = ClientDeflate.negotiate(x.head.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS),
                maxBody);
        HttpHeaders answer = new DefaultHttpHeaders();
        if (deflate != null) {
            answer.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, deflate.header());
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshaker13(x.head.uri(), subprotocol,
                WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxBody).expectMaskedFrames(true)
                        .allowExtensions(deflate != null).closeOnProtocolViolation(true).build());
        String user = handler.user(x);
        runtime.metrics().request(x.routeName(), x.dialect().label(), x.action, 101);
        log.info("[{}] WebSocket opened on route {} (permessage-deflate with the client: {}) event={}", id(client),
                x.routeName(), deflate != null ? "yes" : "no", x.eventId);
        ByteBuf held = handler.leaveHttp(x);
        if (held != null) {
            held.release();
        }
        WebSocketSession session = new WebSocketSession(handler.runtimes(), x.head, x.match, user, client, provider,
                new WebSocketAnswers(runtime, x, WebSocketSession.partitionOf(x.head), client.remoteAddress(), user,
                        id(client)));
        ChannelPipeline p = client.pipeline();
        for (String name : PipelineNames.CLIENT_HTTP) {
            if (!name.equals(PipelineNames.READ_GATE) && !name.equals(PipelineNames.HTTP_CODEC) && p.get(name) != null) {
                p.remove(name);
            }
        }
        p.addAfter(PipelineNames.READ_GATE, PipelineNames.WS_IDLE, new IdleStateHandler(0, 0,
                runtime.timeouts().upstreamIdle().toMillis(), TimeUnit.MILLISECONDS));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, x.head.uri(),
                Unpooled.EMPTY_BUFFER, x.head.headers(), EmptyHttpHeaders.INSTANCE);
        var opened = client.newPromise();
        try {
            handshaker.handshake(client, request, answer, opened);
        } finally {
            request.release();
        }
        String previous = PipelineNames.WS_DECODER;
        if (deflate != null) {
            p.addAfter(previous, PipelineNames.WS_INFLATE, deflate.decoder());
            p.addAfter(PipelineNames.WS_INFLATE, PipelineNames.WS_DEFLATE, deflate.encoder());
            previous = PipelineNames.WS_DEFLATE;
        }
        p.addAfter(previous, PipelineNames.WS_AGGREGATOR, new WebSocketFrameAggregator(maxBody));
        p.addAfter(PipelineNames.WS_AGGREGATOR, PipelineNames.WS_SCANNER, new ClientFrameScanner(session, maxBody));
        provider.pipeline().get(ProviderFrameRelay.class).open(session);
        runtime.drain().opened(session); // the scanner's channelInactive tells it the socket closed
        opened.addListener(h -> {
            if (!h.isSuccess()) {
                client.close(); // the client's end is the session's: the provider is told and closed with it
                return;
            }
            p.get(ReadGate.class).open();
            client.read();
            provider.read();
        });
    }

    private static String id(Channel ch) {
        return ch.id().asShortText();
    }
}
