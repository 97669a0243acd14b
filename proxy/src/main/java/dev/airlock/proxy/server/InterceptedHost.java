package dev.airlock.proxy.server;

import java.net.InetSocketAddress;

/**
 * The host an intercepted tunnel was opened for: every request on it must be for this host, and goes to it.
 *
 * @param dial the checked address the CONNECT resolved to (or its {@code upstream.connectTo} replacement)
 */
record InterceptedHost(String host, int port, InetSocketAddress dial) {
}
