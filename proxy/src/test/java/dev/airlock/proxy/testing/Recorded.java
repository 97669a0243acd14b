package dev.airlock.proxy.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One request as {@link FakeProvider} received it: the request line, every header exactly as sent
 * (order, repeats and framing headers such as {@code Transfer-Encoding} kept; snapshotted before
 * aggregation), the de-chunked body, and which accepted connection carried it.
 *
 * @param method     request method, e.g. {@code POST}
 * @param uri        request target as sent, e.g. {@code /v1/chat/completions?x=1}
 * @param headers    all header lines in wire order
 * @param body       the body bytes (chunked bodies already joined)
 * @param connection 1-based number of the connection in accept order; equal numbers mean a reused connection
 */
public record Recorded(String method, String uri, List<Header> headers, byte[] body, int connection) {

    /** One header line. */
    public record Header(String name, String value) {
    }

    public Recorded {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** Every value of header {@code name} (case-insensitive), in wire order. */
    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The path part of {@link #uri()}, without the query. */
    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public String toString() {
        return "Recorded[" + method + " " + uri + " conn=" + connection + " headers=" + headers.size()
                + " body=" + body.length + "B]";
    }
}
