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
    OLLAMA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
