package dev.airlock.proxy.server;

/**
 * The host an intercepted tunnel was opened for: every request on it must be for this host, and goes to it.
 *
 * @param user the proxy user whose CONNECT opened it, or null
 */
record InterceptedHost(String host, int port, String user) {
}
