package dev.airlock.config;

import java.util.Locale;

/** The API family a route speaks, which fixes how its errors look to the client. */
public enum Dialect {
    /** OpenAI and every OpenAI-compatible API: {@code {"error":{"message","type","param","code"}}}. */
    OPENAI,
    /** Anthropic Messages: {@code {"type":"error","error":{"type","message"}}}. */
    ANTHROPIC,
    /** Google Gemini: {@code {"error":{"code","message","status"}}}. */
    GEMINI,
    /** Ollama's native API: {@code {"error":"message"}}. */
    OLLAMA,
    /**
     * Cohere's own API ({@code /v1}, {@code /v2}): {@code {"id","message"}}; its OpenAI-compatible endpoints under
     * {@code /compatibility/} answer as {@link #OPENAI} (see {@link #at}).
     */
    COHERE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The error shape for a request to {@code path} upstream on a route of this dialect: the same, but for a provider
     * that also serves OpenAI-compatible endpoints, whose clients are OpenAI's.
     */
    public Dialect at(String path) {
        return this == COHERE && path.startsWith("/compatibility/") ? OPENAI : this;
    }
}
