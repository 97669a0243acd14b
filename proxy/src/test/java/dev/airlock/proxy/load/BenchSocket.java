package dev.airlock.proxy.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One JDK client WebSocket for the WebSocket benchmarks, one message in flight at a time: a round trip ends with the
 * first whole text message that {@code ends} accepts (the provider's answer, or the event that closes a stream).
 */
final class BenchSocket implements WebSocket.Listener {

    private final String name;
    private final Predicate<CharSequence> ends;
    private final BlockingQueue<Boolean> ended = new ArrayBlockingQueue<>(1);
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private BenchSocket(String name, Predicate<CharSequence> ends) {
        this.name = name;
        this.ends = ends;
    }

    static BenchSocket open(String name, HttpClient client, URI uri, Predicate<CharSequence> ends) throws Exception {
        BenchSocket s = new BenchSocket(name, ends);
        s.socket = client.newWebSocketBuilder().buildAsync(uri, s).get(10, TimeUnit.SECONDS);
        return s;
    }

    String name() {
        return name;
    }

    /** Nanoseconds from sending {@code message} to the message that ends its answer. */
    long roundTrip(String message) throws Exception {
        long start = System.nanoTime();
        socket.sendText(message, true).get(10, TimeUnit.SECONDS);
        if (ended.poll(10, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("no end of the answer within 10 s on " + name);
        }
        return System.nanoTime() - start;
    }

    void abort() {
        socket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            if (ends.test(partial)) {
                ended.add(Boolean.TRUE);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }
}
