package dev.airlock.proxy.testing;

import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How {@link FakeProvider} answers a request: a script run on the connection's event loop against
 * an {@link Exchange}. The static factories cover what real providers do (JSON, SSE, NDJSON) and
 * what they do when things go wrong (hang, close, reset mid-stream).
 */
@FunctionalInterface
public interface Responder {

    /** Answers (or deliberately does not answer) one request. Runs on {@code exchange.executor()}. */
    void respond(Exchange exchange);

    /** This responder with an extra response header, e.g. {@code x-should-retry: false}. */
    default Responder withHeader(String name, String value) {
        return exchange -> {
            exchange.addHeader(name, value);
            respond(exchange);
        };
    }

    /** {@code status} with a {@code Content-Length} framed {@code application/json} body. */
    static Responder json(int status, String body) {
        return fixed(status, "application/json", body);
    }

    /** {@code status} with a {@code Content-Length} framed body of the given type. */
    static Responder fixed(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange -> exchange.sendFull(status, contentType, bytes);
    }

    /**
     * A 200 {@code text/event-stream} response, chunked, each event its own chunk written and
     * flushed at once. An event is the raw block ({@code "event: x\ndata: {...}"}); the blank line
     * ending it is added unless present (see {@link Sse#frame}).
     */
    static Responder sse(List<String> events) {
        return chunked("text/event-stream", events.stream().map(Sse::frame).toList());
    }

    /** Like {@link #sse} but event {@code i} is written only after the {@code i}-th {@link Gate#release()}. */
    static Responder sseGated(List<String> events, Gate gate) {
        return chunkedGated("text/event-stream", events.stream().map(Sse::frame).toList(), gate);
    }

    /**
     * Like {@link #sseGated}, with events made from the request as the fake received it, e.g. a tool call that
     * repeats a placeholder the proxy wrote into the prompt.
     */
    static Responder sseGatedFrom(Function<Recorded, List<String>> events, Gate gate) {
        return exchange -> {
            List<String> framed = events.apply(exchange.request()).stream().map(Sse::frame).toList();
            exchange.startStream(200, "text/event-stream");
            new GatedPump(exchange, framed, gate, false).start();
        };
    }

    /**
     * Like {@link #sseGatedFrom}, as an {@code application/x-ndjson} stream (Ollama style): each line made from the
     * request, plus {@code \n}, its own chunk.
     */
    static Responder ndjsonGatedFrom(Function<Recorded, List<String>> lines, Gate gate) {
        return exchange -> {
            List<String> framed = lines.apply(exchange.request()).stream().map(l -> l + "\n").toList();
            exchange.startStream(200, "application/x-ndjson");
            new GatedPump(exchange, framed, gate, false).start();
        };
    }

    /** A 200 {@code application/x-ndjson} stream (Ollama style): each line plus {@code \n} its own chunk. */
    static Responder ndjson(List<String> lines) {
        return chunked("application/x-ndjson", lines.stream().map(l -> l + "\n").toList());
    }

    /** A 200 chunked response writing exactly these chunks (no framing added), e.g. an event split in two. */
    static Responder chunked(String contentType, List<String> chunks) {
        List<String> copy = List.copyOf(chunks);
        return exchange -> {
            exchange.startStream(200, contentType);
            for (String chunk : copy) {
                exchange.writeChunk(chunk);
            }
            exchange.endStream();
        };
    }

    /** Like {@link #chunked} but chunk {@code i} is written only after the {@code i}-th release of {@code gate}. */
    static Responder chunkedGated(String contentType, List<String> chunks, Gate gate) {
        List<String> copy = List.copyOf(chunks);
        return exchange -> {
            exchange.startStream(200, contentType);
            new GatedPump(exchange, copy, gate, false).start();
        };
    }

    /**
     * Writes these SSE events, then at once resets the TCP connection (RST, no terminating chunk, no
     * close_notify). The peer always sees the reset, but Linux discards data still unread when the
     * RST lands, so it may not see the events; use {@link #resetAfterGated} when it must.
     */
    static Responder resetAfter(List<String> events) {
        List<String> framed = events.stream().map(Sse::frame).toList();
        return exchange -> {
            ChannelFuture last = exchange.startStream(200, "text/event-stream");
            for (String event : framed) {
                last = exchange.writeChunk(event);
            }
            last.addListener(f -> exchange.reset());
        };
    }

    /**
     * Sends event {@code i} on the {@code i}-th release of {@code gate}, and resets the connection
     * (as {@link #resetAfter}) on the release after the last event, so a test can first confirm the
     * events arrived.
     */
    static Responder resetAfterGated(List<String> events, Gate gate) {
        List<String> framed = events.stream().map(Sse::frame).toList();
        return exchange -> {
            exchange.startStream(200, "text/event-stream");
            new GatedPump(exchange, framed, gate, true).start();
        };
    }

    /** Reads the request and never answers. */
    static Responder hang() {
        return exchange -> { };
    }

    /** Closes the connection without writing a byte of response. */
    static Responder closeWithoutResponse() {
        return Exchange::close;
    }

    /** Streams {@code event} every {@code interval} until the client goes away; see {@link Streamer}. */
    static Streamer streamUntilClosed(String event, Duration interval) {
        return new Streamer(event, interval);
    }

    /** The n-th request gets the n-th responder; the last one answers every request after that. */
    static Responder sequence(Responder... responders) {
        if (responders.length == 0) {
            throw new IllegalArgumentException("no responders");
        }
        List<Responder> list = List.of(responders);
        AtomicInteger next = new AtomicInteger();
        return exchange -> list.get(Math.min(next.getAndIncrement(), list.size() - 1)).respond(exchange);
    }
}
