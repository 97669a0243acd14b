package dev.airlock.proxy.route;

import dev.airlock.config.RouteConfig;
import java.net.URI;

/**
 * Where one request goes.
 *
 * @param route    the matched route
 * @param upstream the origin to dial (scheme, host, port), with the route's base path
 * @param target   the request target to send upstream: the route's base path, the rest of the client's path, and
 *                 the client's query, all as the client wrote them (never re-encoded)
 */
public record RouteMatch(RouteConfig route, URI upstream, String target) {

    public boolean tls() {
        return upstream.getScheme().equalsIgnoreCase("https");
    }

    public int port() {
        return upstream.getPort() > 0 ? upstream.getPort() : tls() ? 443 : 80;
    }

    /** The host name or IP address, an IPv6 literal without brackets (as {@code HostPort} and the resolver take it). */
    public String host() {
        String host = upstream.getHost();
        // URI.getHost() keeps an IPv6 literal in its brackets.
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The {@code Host} header value: the port only when it is not the scheme's default. */
    public String hostHeader() {
        String host = host().indexOf(':') >= 0 ? "[" + host() + "]" : host();
        return upstream.getPort() > 0 && upstream.getPort() != (tls() ? 443 : 80) ? host + ":" + upstream.getPort() : host;
    }
}
