package dev.airlock.config;

import java.util.Objects;

/**
 * WebSocket upgrades on AI routes.
 *
 * @param responses what happens to a WebSocket upgrade to an OpenAI Responses endpoint (a path ending in
 *                  {@code /responses}, which Codex tries before HTTP): {@link Responses#REFUSE} (the default)
 *                  answers 426, on which Codex falls back to HTTP at once; {@link Responses#SCAN} opens the socket
 *                  to the provider and scans every message the client sends on it before it is forwarded
 */
public record WebSocketConfig(Responses responses) {

    public static final WebSocketConfig DEFAULT = new WebSocketConfig(Responses.REFUSE);

    public enum Responses {
        /** Answer 426: the client falls back to plain HTTP, where every request is scanned. */
        REFUSE,
        /** Proxy the socket and scan every client message (a {@code response.create} event) as a request body. */
        SCAN
    }

    public WebSocketConfig {
        Objects.requireNonNull(responses, "responses");
    }
}
