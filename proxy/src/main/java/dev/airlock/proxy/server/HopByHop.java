package dev.airlock.proxy.server;

import dev.airlock.proxy.inspect.Header;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the framing headers Airlock
 * always rebuilds itself, plus every {@code Proxy-*} field (HARDENING §2: they address this proxy, never the
 * provider). None of them is ever copied from one hop to the next.
 */
final class HopByHop {

    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "host", "expect", "http2-settings");
    private static final String PROXY_PREFIX = "proxy-";

    private HopByHop() {
    }

    /** The end-to-end request headers, in order, as the inspector and the upstream request get them. */
    static List<Header> endToEnd(HttpHeaders headers) {
        Set<String> named = connectionTokens(headers);
        List<Header> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!ALWAYS.contains(name) && !named.contains(name) && !name.startsWith(PROXY_PREFIX)) {
                out.add(new Header(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** Removes hop-by-hop and framing headers in place (response heads relayed to the client). */
    static void strip(HttpHeaders headers) {
        for (String name : connectionTokens(headers)) {
            headers.remove(name);
        }
        for (String name : ALWAYS) {
            if (!name.equals("content-length")) {
                headers.remove(name);
            }
        }
        List<String> proxyFields = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            if (e.getKey().regionMatches(true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
                proxyFields.add(e.getKey());
            }
        }
        proxyFields.forEach(headers::remove);
    }

    private static Set<String> connectionTokens(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (String v : values) {
            for (String token : v.split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
