package dev.airlock.proxy.upstream;

import java.net.InetSocketAddress;

/**
 * A provider endpoint as the pool knows it: connections are shared only between requests to the same origin.
 *
 * @param host the name TLS verifies and the {@code Host} header carries
 * @param dial where to connect: the origin itself, or its {@code upstream.connectTo} replacement (unresolved;
 *             resolution happens on the event loop without blocking)
 */
public record Origin(boolean tls, String host, int port, InetSocketAddress dial) {

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
