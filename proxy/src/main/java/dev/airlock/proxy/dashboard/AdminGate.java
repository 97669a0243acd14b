package dev.airlock.proxy.dashboard;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Who may see the dashboard and its API. With a token (the admin port is reachable from elsewhere) a request must
 * carry it: {@code Authorization: Bearer <token>}, or on the page itself a {@code token} query parameter, which the
 * page then sends as that header on its API calls. Without one (loopback) the request must name a loopback host: a
 * web page elsewhere could otherwise point a name of its own at 127.0.0.1 (DNS rebinding) and read the API as
 * same-origin.
 */
final class AdminGate {

    enum Verdict { PASS, NEEDS_TOKEN, FOREIGN_HOST }

    private final AdminToken token;

    /** @param token the token every request must carry, or null on a loopback-only admin port */
    AdminGate(AdminToken token) {
        this.token = token;
    }

    boolean tokenRequired() {
        return token != null;
    }

    /** @param page whether this is the page itself, where the token may come as a query parameter */
    Verdict check(HttpRequest req, boolean page) {
        if (token == null) {
            return loopbackHost(req.headers().get(HttpHeaderNames.HOST)) ? Verdict.PASS : Verdict.FOREIGN_HOST;
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.length() > 7 && auth.substring(0, 7).equalsIgnoreCase("Bearer ")
                && token.matches(auth.substring(7).strip())) {
            return Verdict.PASS;
        }
        if (page) {
            List<String> given = new QueryStringDecoder(req.uri()).parameters().get("token");
            if (given != null && given.size() == 1 && token.matches(given.get(0))) {
                return Verdict.PASS;
            }
        }
        return Verdict.NEEDS_TOKEN;
    }

    /** Absent (HTTP/1.0), {@code localhost}, or a loopback literal, with or without a port. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return true;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 && h.substring(1, close).equals("::1")
                    && (close == h.length() - 1 || h.charAt(close + 1) == ':');
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
