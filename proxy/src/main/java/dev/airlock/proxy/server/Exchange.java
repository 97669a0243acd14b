package dev.airlock.proxy.server;

import dev.airlock.config.Dialect;
import dev.airlock.config.HostPort;
import dev.airlock.proxy.answer.EventIds;
import dev.airlock.proxy.route.RouteMatch;
import dev.airlock.proxy.upstream.UpstreamCall;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpRequest;

/** One request and its answer on a client connection. Confined to the connection's event loop. */
final class Exchange {

    final HttpRequest head;
    final String eventId = EventIds.next();
    final long startNanos = System.nanoTime();
    RouteMatch match;
    /** The placeholders this request's secrets became, with those secrets: all its answer may restore. */
    java.util.Map<String, String> placeholders = java.util.Map.of();
    /** A CONNECT: answered with a tunnel, not forwarded. */
    boolean connect;
    /** A WebSocket upgrade Airlock proxies: its handshake is scanned, then the socket opened to the provider. */
    boolean upgrade;
    /** Scanned before forwarding; false only for plain-HTTP forward requests to hosts that are not intercepted. */
    boolean scan = true;
    /** A forward request's client-chosen target, resolved and checked before it is dialled; null otherwise. */
    HostPort dialTarget;
    CompositeByteBuf body;
    /** Bytes reserved in the global buffer budget for this body. */
    long reserved;
    /** The whole declared Content-Length was reserved at the head. */
    boolean prepaid;
    boolean keepAlive;
    /** Which request of its connection this is, counted from 1. */
    long ordinal;
    /** The action label for metrics: allow, audit, redact, block, or error. */
    String action = "error";
    int redactions;
    UpstreamCall call;
    boolean responseStarted;
    long sentNanos;

    Exchange(HttpRequest head) {
        this.head = head;
    }

    Dialect dialect() {
        return match == null ? Dialect.OPENAI : match.route().dialect().at(match.target());
    }

    String routeName() {
        return match == null ? "none" : match.route().name();
    }
}
