package dev.airlock.config;

import java.util.List;

/**
 * Forward-proxy mode: which {@code CONNECT} targets are opened and scanned.
 *
 * @param hosts  host names whose TLS is opened; {@code *.} matches one or more leading labels
 * @param others what happens to every other host
 */
public record InterceptConfig(List<String> hosts, Others others) {

    /** The AI API hosts clients talk to; log-in and telemetry hosts are left out on purpose. */
    public static final List<String> DEFAULT_HOSTS = List.of(
            "api.openai.com", "chatgpt.com", "api.anthropic.com", "generativelanguage.googleapis.com",
            "*-aiplatform.googleapis.com", "*.openai.azure.com", "*.cognitiveservices.azure.com",
            "*.services.ai.azure.com", "bedrock-runtime.*.amazonaws.com", "api.mistral.ai", "codestral.mistral.ai",
            "api.groq.com", "api.deepseek.com", "openrouter.ai", "api.x.ai", "api.cohere.com", "api.cohere.ai",
            "api.together.xyz", "api.fireworks.ai", "api.perplexity.ai", "api.cerebras.ai",
            "api.githubcopilot.com", "*.githubcopilot.com", "copilot-proxy.githubusercontent.com");

    public static final InterceptConfig DEFAULT = new InterceptConfig(DEFAULT_HOSTS, Others.TUNNEL);

    public enum Others {
        /** Relay the encrypted bytes untouched. */
        TUNNEL,
        /** Refuse the {@code CONNECT}. */
        DENY
    }

    public InterceptConfig {
        hosts = List.copyOf(hosts);
    }
}
