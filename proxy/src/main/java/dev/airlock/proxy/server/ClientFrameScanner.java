package dev.airlock.proxy.server;

import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.Unscanned;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of a proxied WebSocket: every whole message (fragments already joined, deflate undone) is
 * scanned as a request body of its own and forwarded, rewritten if redacted, or answered with the Responses error
 * event and not forwarded. One frame at a time and in order: while a message is scanned and written to the
 * provider, the socket is not read, and frames decoded from what was already read wait here.
 */
final class ClientFrameScanner extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientFrameScanner.class);

    private final WebSocketSession session;
    /** Frames decoded behind the one in hand wait at most this many bytes (a client that does not wait for answers). */
    private final long maxWaitingBytes;
    private final ArrayDeque<WebSocketFrame> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean busy;
    private ChannelHandlerContext ctx;
    private ReadGate gate;

    ClientFrameScanner(WebSocketSession session, long maxWaitingBytes) {
        this.session = session;
        this.maxWaitingBytes = maxWaitingBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = ctx.pipeline().get(ReadGate.class);
        session.clientWriter(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || session.ended()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!busy) {
            handle(frame);
            return;
        }
        waiting.add(frame);
        waitingBytes += frame.content().readableBytes();
        if (waitingBytes > maxWaitingBytes) {
            session.end("more than limits.maxBodyBytes sent ahead of the answers", WebSocketCloseStatus.POLICY_VIOLATION,
                    WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!busy) {
            ctx.read();
        }
    }

    private void handle(WebSocketFrame frame) {
        busy = true;
        gate.close();
        if (frame instanceof CloseWebSocketFrame close) {
            session.closeFromClient((CloseWebSocketFrame) withoutCredential(close)); // nothing after it is read
        } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            scan(frame);
        } else {
            session.toProvider(withoutCredential(frame), false, this::next); // ping and pong
        }
    }

    /**
     * A control frame as it goes on: its payload (a ping's data, a close reason, up to 125 bytes the client chose)
     * is dropped when it holds a credential, the frame kept, so the handshake of pings and closes still works.
     */
    private WebSocketFrame withoutCredential(WebSocketFrame frame) {
        if (!frame.content().isReadable() || !session.runtimes.get().inspector()
                .holdsCredential(ByteBufUtil.getBytes(frame.content()))) {
            return frame;
        }
        log.info("[{}] dropped a credential from a WebSocket {} frame's payload", ctx.channel().id().asShortText(),
                frame instanceof CloseWebSocketFrame ? "close" : frame instanceof PingWebSocketFrame ? "ping" : "pong");
        WebSocketFrame empty = frame instanceof CloseWebSocketFrame close
                ? new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), null)
                : frame instanceof PingWebSocketFrame ? new PingWebSocketFrame() : new PongWebSocketFrame();
        frame.release();
        return empty;
    }

    /** The frame in hand is done with: on to those that waited, then read again. */
    private void next() {
        busy = false;
        while (!busy && !waiting.isEmpty()) {
            WebSocketFrame frame = waiting.poll();
            waitingBytes -= frame.content().readableBytes();
            handle(frame);
        }
        if (!busy) {
            gate.open();
            ctx.read();
        }
    }

    private void scan(WebSocketFrame frame) {
        boolean text = frame instanceof TextWebSocketFrame;
        byte[] payload = ByteBufUtil.getBytes(frame.content());
        frame.release();
        ProxyRuntime runtime = session.runtimes.get();
        Exchange x = session.message();
        BufferBudget budget = runtime.budget();
        if (!budget.tryReserve(payload.length)) {
            onInspected(runtime, x, text, new Inspection.Refuse(ErrorKind.OVERLOADED, "Airlock is holding too many "
                    + "request bodies right now (limits.maxBufferedBytes); retry shortly.", List.of(),
                    Unscanned.OVERLOADED, 0));
            return;
        }
        BodyInspection.start(runtime, ctx, x, payload.length,
                inspector -> inspector.inspectMessage(payload, text, session.partition),
                result -> {
                    budget.release(payload.length);
                    onInspected(runtime, x, text, result);
                });
    }

    private void onInspected(ProxyRuntime runtime, Exchange x, boolean text, Inspection result) {
        if (session.ended()) {
            return;
        }
        Verdicts.record(runtime, x, result, ctx.channel().remoteAddress(), session.user);
        String route = x.routeName();
        if (result instanceof Inspection.Refuse r) {
            runtime.metrics().webSocketMessage(route, r.kind() == ErrorKind.BLOCKED ? "block" : "error");
            if (r.kind() == ErrorKind.BLOCKED) {
                log.info("[{}] blocked a WebSocket message on route {} rules={} event={}", session.id(), route,
                        Verdicts.rules(r.hits()), x.eventId);
            } else {
                log.info("[{}] answered a WebSocket message on route {} with {}: {} event={}", session.id(), route,
                        r.kind().status(), r.message(), x.eventId);
            }
            ErrorAnswer answer = new ErrorAnswer(r.kind(), r.message() + " (event " + x.eventId + ")", x.eventId);
            session.toClient(new TextWebSocketFrame(Unpooled.wrappedBuffer(answer.responsesEvent())), true, this::next);
            return;
        }
        Inspection.Forward f = (Inspection.Forward) result;
        runtime.metrics().webSocketMessage(route, f.action().label());
        if (!f.hits().isEmpty() || f.unscanned() != null) {
            log.info("[{}] {} a WebSocket message on route {} rules={} redactions={}{} event={}", session.id(),
                    f.action().label(), route, Verdicts.rules(f.hits()), f.redactions(),
                    f.unscanned() == null ? "" : " unscanned=" + f.unscanned().label(), x.eventId);
        }
        ByteBuf payload = UpstreamRequests.buffer(ctx.alloc(), f.body());
        WebSocketFrame out = text ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload);
        session.answers.forwarded(runtime, x);
        session.toProvider(out, true, this::next);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            session.idle();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A frame decoder that found a broken frame has sent the client its close frame already, and closes it.
        WebSocketCloseStatus told = cause instanceof CorruptedWebSocketFrameException c ? c.closeStatus() : null;
        boolean tooBig = cause instanceof TooLongFrameException || WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(told)
                || cause instanceof DecompressionException
                && String.valueOf(cause.getMessage()).startsWith("Decompression buffer has reached maximum size");
        WebSocketCloseStatus provider = WebSocketCloseStatus.ENDPOINT_UNAVAILABLE;
        if (tooBig) {
            session.end("a message is larger than limits.maxBodyBytes",
                    told == null ? WebSocketCloseStatus.MESSAGE_TOO_BIG : null, provider);
        } else if (told != null) {
            session.end("the client broke the protocol (" + told.code() + ")", null, provider);
        } else if (cause instanceof DecompressionException) {
            session.end("a message does not inflate", WebSocketCloseStatus.INVALID_PAYLOAD_DATA, provider);
        } else {
            session.end("connection error", WebSocketCloseStatus.INTERNAL_SERVER_ERROR, provider);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        session.clientGone();
    }
}
