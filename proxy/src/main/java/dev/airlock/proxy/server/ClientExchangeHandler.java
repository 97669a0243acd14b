package dev.airlock.proxy.server;

import dev.airlock.config.Dialect;
import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.inspect.InboundRequest;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.upstream.Failures;
import dev.airlock.proxy.upstream.Origin;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's requests, one at a time: route, buffer the body within the limits, scan and apply the
 * policy, then answer or forward and relay the response. The connection reads only while a request is arriving
 * (auto-read is off); requests pipelined behind the current one wait until it is answered.
 */
final class ClientExchangeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientExchangeHandler.class);
    /**
     * Pipelined bytes held while a request is in flight. The read gate keeps this to what the decoder had already
     * read; more means a client that does not wait for answers.
     */
    private static final int MAX_PIPELINED_BYTES = 1 << 20;

    private enum State { IDLE, COLLECTING, BUSY, CLOSING }

    private final Supplier<ProxyRuntime> runtimes;
    /**
     * The configuration snapshot of the request in progress (or the last one): taken afresh at each request head,
     * so a reload reaches the next request on a kept-alive connection while a request in flight keeps its own.
     */
    private ProxyRuntime runtime;
    /** The host of the intercepted tunnel this connection is, or null on a plain connection. */
    private final InterceptedHost tunnel;
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
    private long pipelinedBytes;
    /** Request heads received on this connection: the same count the head guard keeps. */
    private long heads;
    private ChannelHandlerContext ctx;
    private ClientTimeouts timeouts;
    private ReadGate gate;
    private HeadGuard guard;
    private State state = State.IDLE;
    private Exchange current;

    ClientExchangeHandler(Supplier<ProxyRuntime> runtimes, InterceptedHost tunnel) {
        this.runtimes = runtimes;
        this.runtime = runtimes.get();
        this.tunnel = tunnel;
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    Supplier<ProxyRuntime> runtimes() {
        return runtimes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // The initializer adds this handler last, so its neighbours are there; looked up once, not per request.
        this.timeouts = ctx.pipeline().get(ClientTimeouts.class);
        this.gate = ctx.pipeline().get(ReadGate.class);
        this.guard = ctx.pipeline().get(HeadGuard.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        if (current != null) {
            if (current.call != null) {
                current.call.abort(); // the client is gone: stop the provider (and its billing) now
            }
            if (current.body != null) {
                current.body.release();
                current.body = null;
            }
            end(current);
        }
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
        } else if (state == State.BUSY || (state == State.IDLE && !pipelined.isEmpty())) {
            pipelined.add(msg);
            pipelinedBytes += msg instanceof HttpContent c ? c.content().readableBytes() + 64 : 1024;
            if (pipelinedBytes > MAX_PIPELINED_BYTES) {
                log.info("[{}] closing: more than {} bytes pipelined behind a request in flight", id(),
                        MAX_PIPELINED_BYTES);
                ctx.close();
            }
        } else {
            dispatch(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.IDLE || state == State.COLLECTING) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ClientTimeouts.Expired expired) {
            Exchange x = current != null ? current : new Exchange(null);
            String what = expired == ClientTimeouts.Expired.HEAD
                    ? "the request head did not arrive within timeouts.clientHeader"
                    : "the request body stalled for longer than timeouts.clientBodyIdle";
            refuse(x, ErrorKind.CLIENT_TIMEOUT, "Airlock closed the connection: " + what + ".", true);
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && tunnel != null) {
            // The usual cause is a client that does not trust the install CA: say so where the operator looks.
            log.info("[{}] TLS handshake with the client for {} failed ({}); does it trust the Airlock CA? "
                    + "(airlock env prints the set-up)", id(), tunnel.host(), Failures.describe(done.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how clients leave; nothing to answer, the connection is done.
        log.debug("[{}] connection error: {}", ctx.channel().id().asShortText(), cause.getClass().getSimpleName());
        ctx.close();
    }

    private void dispatch(Object msg) {
        if (msg instanceof ClientAccessHandler.Refusal refusal) {
            runtime.metrics().request("none", Dialect.OPENAI.label(), "error", refusal.kind().status());
            refuse(new Exchange(null), refusal.kind(), refusal.message(), true);
            return;
        }
        if (msg instanceof HttpRequest head) {
            if (state != State.IDLE) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            onHead(head);
        }
        if (msg instanceof HttpContent content) {
            if (state != State.COLLECTING) {
                content.release(); // the rest of a request that was already answered
                return;
            }
            onBody(content);
        }
    }

    private void onHead(HttpRequest head) {
        runtime = runtimes.get();
        Exchange x = new Exchange(head);
        current = x;
        state = State.COLLECTING;
        runtime.drain().begin();
        timeouts.headReceived();
        // HTTP/1.0 gets no persistent connection, whatever it asks for: its framing is too weak to trust twice.
        x.ordinal = ++heads;
        x.keepAlive = head.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(head)
                && !runtime.drain().draining() && nextHeadLocated(x);
        if (head.method().equals(HttpMethod.CONNECT)) {
            if (tunnel != null) {
                refuse(x, ErrorKind.BAD_REQUEST, "CONNECT inside a tunnel to " + tunnel.host() + " (expected: "
                        + "requests for that host)", true);
                return;
            }
            x.connect = true; // answered once its end arrives: a CONNECT has no body
            return;
        }
        RequestRouting.Refusal unrouted = RequestRouting.route(runtime, tunnel, x);
        if (unrouted != null) {
            refuse(x, unrouted.kind(), unrouted.message(), hasBody(head));
            return;
        }
        if (WebSocketUpgrade.requested(head)) {
            RequestRouting.Refusal refused = WebSocketUpgrade.refusal(runtime, x);
            if (refused != null) {
                refuse(x, refused.kind(), refused.message(), hasBody(head));
                return;
            }
            x.upgrade = true; // scanned and opened once its (empty) end arrives
            return;
        }
        long length = HttpUtil.getContentLength(head, -1L);
        if (length > runtime.limits().maxBodyBytes()) {
            refuse(x, ErrorKind.TOO_LARGE, tooLarge(), true);
            return;
        }
        // A declared length is reserved whole, before a byte of it is read: two uploads racing for the last of the
        // budget then shed one, not both, and the shed one is told before it sends its body.
        if (length > 0) {
            if (!runtime.budget().tryReserve(length)) {
                refuse(x, ErrorKind.OVERLOADED, overloaded(), true);
                return;
            }
            x.reserved = length;
            x.prepaid = true;
        }
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        } else if (head.headers().contains(HttpHeaderNames.EXPECT)) {
            refuse(x, ErrorKind.EXPECTATION_FAILED, "unsupported Expect header (expected: 100-continue or none)",
                    true);
            return;
        }
        x.body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }

    private void onBody(HttpContent content) {
        Exchange x = current;
        if (x.connect || x.upgrade) {
            content.release();
            if (content instanceof LastHttpContent) {
                state = State.BUSY;
                gate.close();
                timeouts.requestComplete();
                if (x.connect) {
                    ConnectRequests.start(this, ctx, runtime, x);
                } else {
                    inspect(x);
                }
            }
            return;
        }
        int n = content.content().readableBytes();
        if (x.body.readableBytes() + (long) n > runtime.limits().maxBodyBytes()) {
            content.release();
            refuse(x, ErrorKind.TOO_LARGE, tooLarge(), true);
            return;
        }
        if (!x.prepaid && n > 0) {
            if (!runtime.budget().tryReserve(n)) {
                content.release();
                refuse(x, ErrorKind.OVERLOADED, overloaded(), true);
                return;
            }
            x.reserved += n;
        }
        if (n > 0) {
            x.body.addComponent(true, content.content().retain());
        }
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last) {
            state = State.BUSY;
            gate.close();
            timeouts.requestComplete();
            inspect(x);
        }
    }

    private void inspect(Exchange x) {
        byte[] body = new byte[0];
        if (x.body != null) {
            body = ByteBufUtil.getBytes(x.body);
            x.body.release();
            x.body = null;
        }
        InboundRequest request = new InboundRequest(x.head.method().name(), x.match.target(),
                x.upgrade ? WebSocketUpgrade.handshakeHeaders(x.head.headers()) : HopByHop.endToEnd(x.head.headers()),
                body);
        BodyInspection.start(runtime, ctx, x, request, result -> onInspected(x, result));
    }

    private void onInspected(Exchange x, Inspection result) {
        if (state == State.CLOSING || current != x) {
            return;
        }
        Verdicts.record(runtime, x, result, ctx.channel().remoteAddress(), user(x));
        if (result instanceof Inspection.Refuse r) {
            if (r.kind() == ErrorKind.BLOCKED) {
                x.action = "block";
                log.info("[{}] blocked {} {} rules={} event={}", id(), x.head.method(), x.routeName(),
                        Verdicts.rules(r.hits()), x.eventId);
            }
            refuse(x, r.kind(), r.message(), false);
            return;
        }
        Inspection.Forward f = (Inspection.Forward) result;
        x.action = f.action().label();
        x.redactions = f.redactions();
        if (!f.hits().isEmpty()) {
            log.info("[{}] {} {} {} rules={} redactions={} event={}", id(), x.action, x.head.method(), x.routeName(),
                    Verdicts.rules(f.hits()), f.redactions(), x.eventId);
        }
        forward(x, f);
    }

    private void forward(Exchange x, Inspection.Forward f) {
        if (x.dialTarget == null) {
            send(x, f, runtime.upstreams().origin(x.match));
            return;
        }
        // A client-chosen host: resolved and checked first, then that very address is dialled.
        runtime.guard().dial(ctx.channel().eventLoop(), x.dialTarget).addListener(d -> {
            if (!isCurrent(x)) {
                return;
            }
            if (!d.isSuccess()) {
                TargetGuard.Refused r = (TargetGuard.Refused) d.cause();
                refuse(x, r.forbidden() ? ErrorKind.FORBIDDEN : ErrorKind.BAD_GATEWAY, r.getMessage(), false);
                return;
            }
            send(x, f, new Origin(x.match.tls(), x.match.host(), x.match.port(), (InetSocketAddress) d.getNow()));
        });
    }

    private void send(Exchange x, Inspection.Forward f, Origin origin) {
        if (x.upgrade) {
            WebSocketUpgrade.open(this, ctx, runtime, x, f, origin);
            return;
        }
        FullHttpRequest req = UpstreamRequests.build(ctx.alloc(), x.head, x.match.hostHeader(), f,
                x.scan && runtime.mayRewriteAnswer(x.placeholders));
        x.sentNanos = System.nanoTime();
        x.call = runtime.upstreams().send(ctx.channel().eventLoop(), origin, req, new ClientResponseRelay(ctx, x, this));
    }

    /**
     * Credentials the model sent back: counted, logged by rule and audited; those of action redact were replaced
     * before the client saw them, the others went through untouched.
     */
    void responseFindings(Exchange x, List<Hit> hits, Set<String> redacted) {
        Verdicts.recordResponse(runtime, x, hits, redacted, ctx.channel().remoteAddress(), user(x));
        log.info("[{}] the response on route {} holds credentials rules={} event={}", id(), x.routeName(),
                Verdicts.rules(hits), x.eventId);
    }

    /** The authenticated proxy user: the access handler let this request (or the tunnel's CONNECT) through. */
    String user(Exchange x) {
        return tunnel != null ? tunnel.user()
                : runtime.access().knownUser(x.head.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION));
    }

    boolean isCurrent(Exchange x) {
        return state != State.CLOSING && current == x;
    }

    /** Whether the client sent more behind the request in progress without waiting for its answer. */
    boolean sentAhead() {
        return !pipelined.isEmpty();
    }

    /** A CONNECT refused: answered, and the connection closes (the client expected a tunnel, not a reply). */
    void refuseConnect(Exchange x, ErrorKind kind, String message) {
        refuse(x, kind, message, true);
    }

    /**
     * The CONNECT succeeded: this handler is done with the connection, which becomes a tunnel. Returns the bytes
     * the client sent behind its CONNECT (null when none), for the tunnel.
     */
    ByteBuf leaveHttp(Exchange x) {
        end(x);
        state = State.CLOSING;
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        return guard.takeHeld();
    }

    /** Answers with Airlock's own error; closes the connection when the rest of the request cannot be trusted. */
    void answer(Exchange x, ErrorKind kind, String message) {
        refuse(x, kind, message, false);
    }

    private void refuse(Exchange x, ErrorKind kind, String message, boolean close) {
        if (state == State.CLOSING) {
            return;
        }
        boolean closing = close || !x.keepAlive;
        if (x.body != null) {
            x.body.release();
            x.body = null;
        }
        ErrorAnswer answer = new ErrorAnswer(kind, message + " (event " + x.eventId + ")", x.eventId);
        if (kind != ErrorKind.BLOCKED) {
            log.info("[{}] answered {} on route {}: {} event={}", id(), kind.status(), x.routeName(), message, x.eventId);
        }
        if (closing) {
            state = State.CLOSING;
            ctx.channel().config().setAutoRead(false);
        }
        if (x.head != null) {
            // Counted before the answer goes out: whoever reads it may read the metrics next.
            runtime.metrics().request(x.routeName(), x.dialect().label(), kind == ErrorKind.BLOCKED ? "block" : "error",
                    kind.status());
        }
        Answers.write(ctx, answer, x.dialect(), closing);
        if (x.head != null) {
            end(x);
        }
        if (!closing) {
            next();
        }
    }

    /** The response went out whole. */
    void finish(Exchange x, int status) {
        runtime.metrics().request(x.routeName(), x.dialect().label(), x.action, status);
        end(x);
        if (!x.keepAlive || state == State.CLOSING) {
            state = State.CLOSING;
            ctx.close();
            return;
        }
        next();
    }

    /**
     * Whether the head guard checked the request after this one, so the connection may serve it. Known once this
     * head is dispatched: the guard reads every byte before the decoder, and a later head it cannot follow leaves
     * this one located.
     */
    private boolean nextHeadLocated(Exchange x) {
        return guard == null || guard.locatesHeadAfter(x.ordinal);
    }

    /** The provider failed after the response began: the client must see a broken response, not a clean end. */
    void abort(Exchange x, int status, UpstreamFailure failure) {
        log.info("[{}] provider failed mid-response on route {}: {} event={}", id(), x.routeName(), failure.kind().label(),
                x.eventId);
        runtime.metrics().request(x.routeName(), x.dialect().label(), x.action, status);
        end(x);
        state = State.CLOSING;
        ctx.close();
    }

    private void end(Exchange x) {
        if (x.reserved > 0) {
            runtime.budget().release(x.reserved);
            x.reserved = 0;
        }
        if (current == x) {
            current = null;
            runtime.drain().end();
        }
    }

    /** Ready for the next request: replay what was pipelined, or read. */
    private void next() {
        state = State.IDLE;
        pipelinedBytes = 0;
        timeouts.responseComplete();
        gate.open();
        while (!pipelined.isEmpty() && state == State.IDLE) {
            dispatch(pipelined.poll());
        }
        while (!pipelined.isEmpty() && state == State.COLLECTING) {
            dispatch(pipelined.poll());
        }
        if (state == State.IDLE || state == State.COLLECTING) {
            ctx.read();
        }
    }

    private String tooLarge() {
        return "the request body is larger than " + runtime.limits().maxBodyBytes()
                + " bytes (limits.maxBodyBytes), so Airlock cannot scan it whole";
    }

    private static String overloaded() {
        return "Airlock is holding too many request bodies right now (limits.maxBufferedBytes); retry shortly.";
    }

    private static boolean hasBody(HttpRequest head) {
        return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
    }

    private String id() {
        return ctx.channel().id().asShortText();
    }
}
