package dev.airlock.proxy.route;

import dev.airlock.config.Dialect;
import dev.airlock.config.RouteConfig;
import java.util.List;

/**
 * The routes that work with no configuration. Each upstream is the provider's origin; clients add the version
 * path themselves ({@code OPENAI_BASE_URL=http://127.0.0.1:8080/openai/v1}).
 */
final class BuiltInRoutes {

    static final List<RouteConfig> ALL = List.of(
            new RouteConfig("openai", "https://api.openai.com", Dialect.OPENAI),
            new RouteConfig("anthropic", "https://api.anthropic.com", Dialect.ANTHROPIC),
            new RouteConfig("gemini", "https://generativelanguage.googleapis.com", Dialect.GEMINI),
            new RouteConfig("azure", "https://" + RouteConfig.RESOURCE + ".openai.azure.com", Dialect.OPENAI),
            new RouteConfig("mistral", "https://api.mistral.ai", Dialect.OPENAI),
            new RouteConfig("groq", "https://api.groq.com", Dialect.OPENAI),
            new RouteConfig("deepseek", "https://api.deepseek.com", Dialect.OPENAI),
            new RouteConfig("openrouter", "https://openrouter.ai", Dialect.OPENAI),
            new RouteConfig("xai", "https://api.x.ai", Dialect.OPENAI),
            new RouteConfig("together", "https://api.together.xyz", Dialect.OPENAI),
            new RouteConfig("fireworks", "https://api.fireworks.ai", Dialect.OPENAI),
            new RouteConfig("perplexity", "https://api.perplexity.ai", Dialect.OPENAI),
            new RouteConfig("cerebras", "https://api.cerebras.ai", Dialect.OPENAI),
            new RouteConfig("cohere", "https://api.cohere.com", Dialect.COHERE),
            new RouteConfig("vercel", "https://ai-gateway.vercel.sh", Dialect.OPENAI),
            new RouteConfig("ollama", "http://127.0.0.1:11434", Dialect.OLLAMA));

    private BuiltInRoutes() {
    }
}
