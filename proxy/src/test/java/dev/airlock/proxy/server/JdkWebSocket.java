package dev.airlock.proxy.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's WebSocket client (no permessage-deflate) with what it receives kept in order: whole text and binary
 * messages, pongs, the close status, errors. Each callback asks for the next message, so the client reads as fast as
 * frames come.
 */
final class JdkWebSocket implements WebSocket.Listener {

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    WebSocket socket;

    /** Opens a socket to {@code uri} through {@code client}, with {@code headers} on the handshake. */
    static JdkWebSocket open(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        return open(client, uri, headers, List.of());
    }

    /** {@link #open(HttpClient, URI, Map)} offering {@code subprotocols}. */
    static JdkWebSocket open(HttpClient client, URI uri, Map<String, String> headers, List<String> subprotocols)
            throws Exception {
        JdkWebSocket listener = new JdkWebSocket();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(LiveTraffic.WAIT);
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        listener.socket = builder.buildAsync(uri, listener).get(LiveTraffic.WAIT.toSeconds(), TimeUnit.SECONDS);
        return listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partialBinary.writeBytes(bytes);
        if (last) {
            binaries.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.add(message);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closes.add(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closes.add(-1);
    }

    String takeText(Duration timeout) throws InterruptedException {
        return take(texts, timeout, "text message");
    }

    /** Text messages received and not yet taken. */
    int pendingTexts() {
        return texts.size();
    }

    byte[] takeBinary(Duration timeout) throws InterruptedException {
        return take(binaries, timeout, "binary message");
    }

    int pendingCloses() {
        return closes.size();
    }

    int takeClose(Duration timeout) throws InterruptedException {
        return take(closes, timeout, "close");
    }

    ByteBuffer takePong(Duration timeout) throws InterruptedException {
        return take(pongs, timeout, "pong");
    }

    private static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) throws InterruptedException {
        T next = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no " + what + " reached the client within " + timeout);
        }
        return next;
    }
}
