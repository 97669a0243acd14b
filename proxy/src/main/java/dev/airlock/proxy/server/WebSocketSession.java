package dev.airlock.proxy.server;

import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.route.RouteMatch;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied WebSocket: the client's connection and the provider's, and how each one's end ends the other. A close
 * frame from either side is passed on and the sockets close once both sides sent theirs (or after a grace period);
 * a socket that drops without one, an idle timeout or a broken frame ends both, each side told with a close frame.
 * The provider connection was opened on the client's event loop, so everything here runs on that one thread.
 */
final class WebSocketSession {

    private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);
    /** How long a side gets to answer a close frame before its socket is closed anyway. */
    private static final long CLOSE_GRACE_MILLIS = 10_000;

    /** The configuration each message is scanned under: the current one, as for each HTTP request. */
    final Supplier<ProxyRuntime> runtimes;
    /** The upgrade request, for the route and path of each message's audit event. */
    final HttpRequest head;
    /**
     * The client's credentials from the handshake (headers, subprotocols, {@code ?key=}), as the scanner partitions
     * what it remembers (never logged).
     */
    final String partition;
    final RouteMatch match;
    /** The authenticated proxy user, or null. */
    final String user;
    /** The provider's events: rewritten and scanned as answers to the messages before them. */
    final WebSocketAnswers answers;
    private final Channel client;
    private final Channel provider;
    private ChannelHandlerContext toClient;
    private ChannelHandlerContext toProvider;
    private boolean clientSentClose;
    private boolean providerSentClose;
    private boolean ended;
    /** Shutdown began: the socket closes with 1001 as soon as no response is under way. */
    private boolean closing;
    private int forwarded;
    private int answered;

    WebSocketSession(Supplier<ProxyRuntime> runtimes, HttpRequest head, RouteMatch match, String user, Channel client,
                     Channel provider, WebSocketAnswers answers) {
        this.runtimes = runtimes;
        this.head = head;
        this.partition = partitionOf(head);
        this.match = match;
        this.user = user;
        this.answers = answers;
        this.client = client;
        this.provider = provider;
    }

    /** The client's credentials from the upgrade request, as the scanner partitions what it remembers. */
    static String partitionOf(HttpRequest head) {
        return RequestInspector.partition(HopByHop.endToEnd(head.headers()), head.uri());
    }

    /** Frames for the client are written from the scanner's place in its pipeline (past the HTTP codec). */
    void clientWriter(ChannelHandlerContext ctx) {
        this.toClient = ctx;
    }

    void providerWriter(ChannelHandlerContext ctx) {
        this.toProvider = ctx;
    }

    boolean ended() {
        return ended;
    }

    /** A new exchange per message: its own event id, audited under the socket's route and path. */
    Exchange message() {
        Exchange x = new Exchange(head);
        x.match = match;
        return x;
    }

    /** Shutdown began (any thread): the socket ends with 1001 Going Away once the response under way, if any, ended. */
    void goingAway() {
        client.eventLoop().execute(() -> {
            closing = true;
            closeIfQuiet();
        });
    }

    /** A provider event went on to the client (see {@link WebSocketAnswers#sent}). */
    void eventSent() {
        answers.sent();
        closeIfQuiet();
    }

    private void closeIfQuiet() {
        if (closing && answers.quiet()) {
            end("Airlock is shutting down", WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                    WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        }
    }

    /** A client frame (scanned if it is a message) to the provider; {@code then} runs once it was written. */
    void toProvider(WebSocketFrame frame, boolean message, Runnable then) {
        if (ended) {
            frame.release();
            return;
        }
        if (message) {
            forwarded++;
        }
        toProvider.writeAndFlush(frame).addListener(w -> written(w.isSuccess(), then));
    }

    /** A provider frame, or Airlock's own answer to a message, to the client. */
    void toClient(WebSocketFrame frame, boolean answer, Runnable then) {
        if (ended) {
            frame.release();
            return;
        }
        if (answer) {
            answered++;
        }
        toClient.writeAndFlush(frame).addListener(w -> written(w.isSuccess(), then));
    }

    private void written(boolean ok, Runnable then) {
        if (ok) {
            then.run();
        } else {
            end("a write failed", WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        }
    }

    void closeFromClient(CloseWebSocketFrame close) {
        clientSentClose = true;
        passClose(close, toProvider, provider, providerSentClose);
    }

    void closeFromProvider(CloseWebSocketFrame close) {
        providerSentClose = true;
        passClose(close, toClient, client, clientSentClose);
    }

    /** The close handshake: passed on as it is; the second close frame ends both sockets once written. */
    private void passClose(CloseWebSocketFrame close, ChannelHandlerContext to, Channel peer, boolean peerSentClose) {
        if (ended) {
            close.release();
            return;
        }
        if (peerSentClose) {
            ended = true;
            to.writeAndFlush(close).addListener(f -> closeBoth());
            return;
        }
        to.writeAndFlush(close);
        client.eventLoop().schedule(() -> {
            if (!ended) {
                ended = true;
                closeBoth();
            }
        }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        if (!peer.isActive()) {
            ended = true;
            closeBoth();
        }
    }

    /** The client's connection is gone: the provider is told the client went away. */
    void clientGone() {
        runtimes.get().drain().closed(this);
        if (!ended) {
            ended = true;
            sayClose(toProvider, provider, providerSentClose || clientSentClose, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                    "the client went away");
        }
        logEnd();
    }

    /** The provider's connection dropped without a close handshake. */
    void providerGone() {
        if (!ended) {
            ended = true;
            log.info("[{}] the provider closed the WebSocket on route {} without a close frame", id(), match.route().name());
            sayClose(toClient, client, clientSentClose || providerSentClose, WebSocketCloseStatus.INTERNAL_SERVER_ERROR,
                    "the provider's connection ended");
        }
    }

    /** Neither side sent or received a byte for {@code timeouts.upstreamIdle}. */
    void idle() {
        end("idle for timeouts.upstreamIdle", WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
    }

    /**
     * Ends the socket on Airlock's side: each side that has not closed yet is sent a close frame (the client with
     * {@code toClientStatus}, which says why; null when the frame decoder has told it already and closes it), then
     * both connections close.
     */
    void end(String why, WebSocketCloseStatus toClientStatus, WebSocketCloseStatus toProviderStatus) {
        if (ended) {
            return;
        }
        ended = true;
        log.info("[{}] closing the WebSocket on route {}: {}", id(), match.route().name(), why);
        if (toClientStatus != null) {
            sayClose(toClient, client, clientSentClose || providerSentClose, toClientStatus, why);
        }
        sayClose(toProvider, provider, providerSentClose || clientSentClose, toProviderStatus, "");
    }

    /** A close frame where the close handshake has not begun, then the connection closes. */
    private static void sayClose(ChannelHandlerContext to, Channel ch, boolean handshakeBegun, WebSocketCloseStatus status,
                                 String reason) {
        if (!ch.isActive()) {
            return;
        }
        if (handshakeBegun || to == null) {
            ch.close();
            return;
        }
        to.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeBoth() {
        client.close();
        provider.close();
    }

    private void logEnd() {
        log.info("[{}] WebSocket on route {} ended: {} messages forwarded, {} answered by Airlock", id(),
                match.route().name(), forwarded, answered);
    }

    String id() {
        return client.id().asShortText();
    }
}
