package dev.airlock.proxy.server;

import io.netty.handler.ssl.SslContext;

/** The server-side TLS context for an intercepted host: a leaf minted by the install CA. */
@FunctionalInterface
public interface LeafTls {

    /** @throws Exception when no leaf can be minted for this host (not intercepted, CA unusable) */
    SslContext serverContext(String host) throws Exception;
}
