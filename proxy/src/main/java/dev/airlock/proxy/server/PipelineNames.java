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
 *   ─▶ EXCHANGE          route, buffer, scan, policy, forward, relay             (ClientExchangeHandler)
 *
 * upstream socket (same event loop as its client)
 *   ─▶ [PARENT_PROXY]    CONNECT through upstream.proxy                          (HttpProxyHandler)
 *   ─▶ [TLS]             verified TLS to the provider                            (SslHandler)
 *   ─▶ UPSTREAM_CODEC    HTTP/1.1 client codec                                   (HttpClientCodec)
 *   ─▶ UPSTREAM_IDLE     no byte for timeouts.upstreamIdle while reading          (IdleStateHandler)
 *   ─▶ UPSTREAM_RELAY    response head and chunks back to the client             (UpstreamResponseRelay)
 * </pre>
 */
public final class PipelineNames {

    public static final String CLIENT_TIMEOUTS = "client-timeouts";
    public static final String READ_GATE = "read-gate";
    public static final String HEAD_GUARD = "head-guard";
    public static final String HTTP_CODEC = "http-codec";
    public static final String FRAMING = "framing";
    public static final String EXCHANGE = "exchange";

    public static final String PARENT_PROXY = "parent-proxy";
    public static final String TLS = "tls";
    public static final String UPSTREAM_CODEC = "upstream-codec";
    public static final String UPSTREAM_IDLE = "upstream-idle";
    public static final String UPSTREAM_RELAY = "upstream-relay";

    private PipelineNames() {
    }
}
