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
     * The error shape for a request to {@code target} (path and query) upstream on a route of this dialect: the same,
     * but where the provider also serves another API whose clients expect that API's errors. The OpenAI-compatible
     * providers and gateways that also speak Anthropic's Messages API (DeepSeek, Moonshot, Z.ai, MiniMax,
     * OpenRouter…) serve it at a path ending in {@code /v1/messages}, which Claude Code and Anthropic's SDKs call;
     * Cohere's OpenAI-compatible endpoints are under {@code /compatibility/}.
     */
    public Dialect at(String target) {
        int query = target.indexOf('?');
        int pathEnd = query < 0 ? target.length() : query;
        if (this == OPENAI && (endsAt(target, pathEnd, "/v1/messages")
                || endsAt(target, pathEnd, "/v1/messages/count_tokens"))) {
            return ANTHROPIC;
        }
        return this == COHERE && target.startsWith("/compatibility/") && pathEnd >= "/compatibility/".length()
                ? OPENAI : this;
    }

    /** Whether {@code text} ends in {@code suffix} at {@code end}, without a copy: it is asked on every request. */
    private static boolean endsAt(String text, int end, String suffix) {
        return end >= suffix.length() && text.startsWith(suffix, end - suffix.length());
    }
}
