package dev.airlock.proxy.server;

/**
 * Handler names, and the order they are assembled in, written down once.
 *
 * <pre>
 * client socket
 *   ─▶ CLIENT_TIMEOUTS   header / body / keep-alive timers on raw bytes          (ClientTimeouts)
 *   ─▶ READ_GATE         no socket read while a request is scanned or answered  (ReadGate)
 *   ─▶ HEAD_GUARD        rejects obs-fold, bare CR, NUL in request heads        (HeadGuard)
 *   ─▶ HTTP_CODEC        HTTP/1.1 decoder and encoder with line/header limits    (HttpServerCodec)
 *   ─▶ FRAMING           strict framing rules Netty leaves open, 414/431/400     (ClientRequestValidator)
 *   ─▶ [ACCESS]          access.clients and proxy credentials, 403/407           (ClientAccessHandler)
 *   ─▶ EXCHANGE          route, buffer, scan, policy, forward, relay             (ClientExchangeHandler)
 *
 * after CONNECT to an intercepted host, in place of HEAD_GUARD..EXCHANGE above
 *   ─▶ TLS               TLS with a leaf minted for the host by the install CA   (SslHandler)
 *   ─▶ HEAD_GUARD ─▶ HTTP_CODEC ─▶ FRAMING ─▶ EXCHANGE, as above, for that host only
 *
 * after CONNECT to any other host, both sockets become a blind tunnel
 *   ─▶ TUNNEL_IDLE       closes when neither side sent a byte for timeouts.upstreamIdle  (IdleStateHandler)
 *   ─▶ TUNNEL_RELAY      bytes to the other side, read after write                 (TunnelRelay)
 *
 * after a scanned WebSocket upgrade (websocket.responses: scan), in place of everything but READ_GATE and TLS
 *   ─▶ WS_IDLE           closes both sockets when this one was idle for timeouts.upstreamIdle (IdleStateHandler)
 *   ─▶ [TLS]
 *   ─▶ wsencoder, WS_DECODER  RFC 6455 frames, frame size limits.maxBodyBytes      (Netty, from the handshaker)
 *   ─▶ [WS_INFLATE, WS_DEFLATE] permessage-deflate, decompressed size bounded      (PerMessageDeflateDecoder/Encoder)
 *   ─▶ WS_AGGREGATOR     continuation frames joined, 1009 over limits.maxBodyBytes (WebSocketFrameAggregator)
 *   ─▶ WS_SCANNER        each message scanned, then forwarded or answered        (ClientFrameScanner)
 *
 * upstream socket (same event loop as its client)
 *   ─▶ [PARENT_PROXY]    CONNECT through upstream.proxy                          (HttpProxyHandler)
 *   ─▶ [TLS]             verified TLS to the provider                            (SslHandler)
 *   ─▶ UPSTREAM_CODEC    HTTP/1.1 client codec                                   (HttpClientCodec)
 *   ─▶ UPSTREAM_IDLE     no byte for timeouts.upstreamIdle while reading          (IdleStateHandler)
 *   ─▶ UPSTREAM_RELAY    response head and chunks back to the client             (UpstreamResponseRelay)
 *
 * upstream WebSocket (a connection of its own, never pooled)
 *   ─▶ UPSTREAM_IDLE ─▶ [PARENT_PROXY] ─▶ [TLS] ─▶ UPSTREAM_CODEC, UPSTREAM_HANDSHAKE (the 101, then Netty's
 *      ws-decoder and ws-encoder in their place) ─▶ UPSTREAM_EXTENSIONS (permessage-deflate offered)
 *   ─▶ UPSTREAM_RELAY    the handshake answer, then frames back to the client     (ProviderFrameRelay)
 * </pre>
 */
public final class PipelineNames {

    public static final String CLIENT_TIMEOUTS = "client-timeouts";
    public static final String READ_GATE = "read-gate";
    public static final String HEAD_GUARD = "head-guard";
    public static final String HTTP_CODEC = "http-codec";
    public static final String FRAMING = "framing";
    public static final String ACCESS = "access";
    public static final String EXCHANGE = "exchange";

    /** Every handler of a plain client connection, in order: what a tunnel removes. */
    static final java.util.List<String> CLIENT_HTTP = java.util.List.of(CLIENT_TIMEOUTS, READ_GATE, HEAD_GUARD,
            HTTP_CODEC, FRAMING, ACCESS, EXCHANGE);

    public static final String TUNNEL_IDLE = "tunnel-idle";
    public static final String TUNNEL_RELAY = "tunnel-relay";

    public static final String WS_IDLE = "ws-idle";
    /** The name Netty's server handshaker gives the frame decoder it adds. */
    public static final String WS_DECODER = "wsdecoder";
    public static final String WS_INFLATE = "ws-inflate";
    public static final String WS_DEFLATE = "ws-deflate";
    public static final String WS_AGGREGATOR = "ws-aggregator";
    public static final String WS_SCANNER = "ws-scanner";

    public static final String PARENT_PROXY = "parent-proxy";
    public static final String TLS = "tls";
    public static final String UPSTREAM_CODEC = "upstream-codec";
    public static final String UPSTREAM_IDLE = "upstream-idle";
    public static final String UPSTREAM_RELAY = "upstream-relay";
    public static final String UPSTREAM_HANDSHAKE = "upstream-handshake";
    public static final String UPSTREAM_EXTENSIONS = "upstream-extensions";

    private PipelineNames() {
    }
}
