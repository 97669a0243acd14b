package dev.airlock.proxy.inspect;

import java.util.List;

/**
 * A complete request as the proxy received it, routed but not yet scanned.
 *
 * @param target  the request target to send upstream (path and query as the client wrote them)
 * @param headers the end-to-end headers, hop-by-hop and framing headers already removed
 * @param body    the body as received (possibly content-encoded); empty for none
 */
public record InboundRequest(String method, String target, List<Header> headers, byte[] body) {

    public InboundRequest {
        headers = List.copyOf(headers);
    }

    /** Every value of a header, in order, with case-insensitive name matching. */
    List<String> values(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    String first(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
