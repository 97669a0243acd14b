package dev.airlock.proxy.upstream;

import java.util.Locale;

/**
 * Why a provider exchange failed, with a message for the client that names the provider endpoint and the cause,
 * never request data.
 */
public record UpstreamFailure(Kind kind, String message) {

    /** A failure as the cause of a failed future. */
    public static final class Failed extends java.io.IOException {
        private final UpstreamFailure failure;

        Failed(UpstreamFailure failure) {
            super(failure.message(), null);
            this.failure = failure;
        }

        public UpstreamFailure failure() {
            return failure;
        }
    }

    public enum Kind {
        /** Refused, unreachable, DNS failure, or the parent proxy refused the tunnel. */
        CONNECT,
        /** Connect plus TLS handshake did not finish within timeouts.upstreamConnect. */
        CONNECT_TIMEOUT,
        /** Certificate or handshake failure. */
        TLS,
        /** No byte from the provider for timeouts.upstreamIdle. */
        IDLE,
        /** The provider closed or reset the connection. */
        RESET,
        /** The provider's answer was not valid HTTP/1.1. */
        PROTOCOL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
