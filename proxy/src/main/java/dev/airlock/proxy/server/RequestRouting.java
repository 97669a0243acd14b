package dev.airlock.proxy.server;

import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.route.Routes;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a request goes, from its head: a base-URL path names a route; an absolute-form target ({@code GET
 * http://host/...}, plain-HTTP forward proxying) names its host; inside an intercepted tunnel every request goes to
 * the tunnel's host. Intercepted hosts are scanned, others (plain HTTP only) are relayed unscanned or refused by
 * {@code intercept.others}.
 */
final class RequestRouting {

    /** Why a request cannot be routed: the answer, and whether the connection must close after it. */
    record Refusal(ErrorKind kind, String message) {
    }

    private RequestRouting() {
    }

    /**
     * Sets the exchange's match (and, for forward requests, where it is dialled); null when routed.
     *
     * @param tunnel the intercepted tunnel the request came through, or null on a plain connection
     */
    static Refusal route(ProxyRuntime runtime, InterceptedHost tunnel, Exchange x) {
        String uri = x.head.uri();
        if (tunnel != null) {
            return inTunnel(runtime, tunnel, x);
        }
        if (uri.startsWith("/")) {
            try {
                x.match = runtime.routes().match(uri);
                return null;
            } catch (Routes.NoRouteException e) {
                return new Refusal(ErrorKind.NOT_FOUND, "Airlock has no route for this path: " + e.getMessage() + ".");
            }
        }
        return absolute(runtime, x, uri);
    }

    private static Refusal inTunnel(ProxyRuntime runtime, InterceptedHost tunnel, Exchange x) {
        if (!x.head.uri().startsWith("/")) {
            return new Refusal(ErrorKind.BAD_REQUEST, "inside a tunnel to " + tunnel.host() + " requests need a path "
                    + "target (expected: e.g. /v1/chat/completions)");
        }
        String host = x.head.headers().get(HttpHeaderNames.HOST, "");
        if (!sameHost(tunnel, host)) {
            return new Refusal(ErrorKind.MISDIRECTED, "this connection was opened for " + tunnel.host()
                    + "; a request for another host needs its own CONNECT");
        }
        x.match = runtime.forwardRoutes().match(true, tunnel.host(), tunnel.port(), x.head.uri());
        x.dialTarget = new HostPort(tunnel.host(), tunnel.port());
        return null;
    }

    private static boolean sameHost(InterceptedHost tunnel, String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String port = null;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon && (h.startsWith("[") || h.indexOf(':') == colon)) {
            port = h.substring(colon + 1);
            h = h.substring(0, colon);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals(tunnel.host()) && (port == null || port.equals(Integer.toString(tunnel.port())));
    }

    private static Refusal absolute(ProxyRuntime runtime, Exchange x, String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            return new Refusal(ErrorKind.BAD_REQUEST, "the request target is neither a path nor an absolute http URL "
                    + "(expected: /<route>/... or, as a forward proxy, http://host/path)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return new Refusal(ErrorKind.BAD_REQUEST, "an https URL as the request target (expected: CONNECT host:443 "
                    + "first, as HTTPS_PROXY clients do)");
        }
        if (!scheme.equals("http") || uri.getHost() == null) {
            return new Refusal(ErrorKind.BAD_REQUEST, "the request target is neither a path nor an absolute http URL "
                    + "(expected: /<route>/... or, as a forward proxy, http://host/path)");
        }
        if (uri.getRawUserInfo() != null) {
            return new Refusal(ErrorKind.BAD_REQUEST, "user info in the request target's URL (expected: none; "
                    + "credentials do not belong in URLs)");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".") && host.length() > 1) {
            host = host.substring(0, host.length() - 1); // the same host as CONNECT reads it: connectTo applies
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        if (port > 65535) {
            return new Refusal(ErrorKind.BAD_REQUEST, "port " + port + " in the request target (expected: 1 to 65535)");
        }
        if (port != 80 && !runtime.intercept().portAllowed(port)) {
            // As for CONNECT: a forward proxy is no way to reach mail, database or admin ports on other hosts.
            return new Refusal(ErrorKind.FORBIDDEN, "forwarding to port " + port + " is refused (expected: 80 or one "
                    + "of intercept.ports " + runtime.intercept().ports() + ")");
        }
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean intercepted = runtime.interceptHosts().match(host) != null;
        if (!intercepted && runtime.intercept().others() == InterceptConfig.Others.DENY) {
            return new Refusal(ErrorKind.FORBIDDEN, host + " is not an AI API host Airlock opens, and intercept.others "
                    + "is deny");
        }
        x.match = runtime.forwardRoutes().match(false, host, port, path);
        x.scan = intercepted;
        x.dialTarget = new HostPort(host, port);
        return null;
    }
}
