package dev.airlock.proxy.server;

/** The host an intercepted tunnel was opened for: every request on it must be for this host, and goes to it. */
record InterceptedHost(String host, int port) {
}
