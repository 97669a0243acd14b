package dev.airlock.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Forward-proxy mode: which {@code CONNECT} targets are opened and scanned.
 *
 * @param hosts  host names whose TLS is opened; {@code *.} matches one or more leading labels
 * @param others what happens to every other host
 * @param ports  TCP ports a {@code CONNECT} may target, whether intercepted or tunnelled; every other port is refused,
 *               so the proxy cannot be used to reach SSH, SMTP or databases. An empty list refuses every
 *               {@code CONNECT}.
 */
public record InterceptConfig(List<String> hosts, Others others, List<Integer> ports) {

    /** The AI API hosts clients talk to; log-in and telemetry hosts are left out on purpose. */
    public static final List<String> DEFAULT_HOSTS = List.of(
            "api.openai.com", "chatgpt.com", "api.anthropic.com", "generativelanguage.googleapis.com",
            "*-aiplatform.googleapis.com", "*.openai.azure.com", "*.cognitiveservices.azure.com",
            "*.services.ai.azure.com", "bedrock-runtime.*.amazonaws.com", "api.mistral.ai", "codestral.mistral.ai",
            "api.groq.com", "api.deepseek.com", "openrouter.ai", "api.x.ai", "api.cohere.com", "api.cohere.ai",
            "api.together.xyz", "api.fireworks.ai", "api.perplexity.ai", "api.cerebras.ai",
            "api.githubcopilot.com", "*.githubcopilot.com", "copilot-proxy.githubusercontent.com",
            "models.github.ai", "models.inference.ai.azure.com", "ai-gateway.vercel.sh", "api.moonshot.ai",
            "api.moonshot.cn", "api.kimi.com", "api.z.ai", "open.bigmodel.cn", "dashscope.aliyuncs.com",
            "dashscope-intl.aliyuncs.com", "api.minimax.io", "api.minimaxi.com", "router.huggingface.co",
            "api-inference.huggingface.co", "api.deepinfra.com", "api.sambanova.ai", "api.novita.ai",
            "api.hyperbolic.xyz", "api.ai21.com", "api.voyageai.com");

    public static final List<Integer> DEFAULT_PORTS = List.of(443);

    public static final InterceptConfig DEFAULT = new InterceptConfig(DEFAULT_HOSTS, Others.TUNNEL, DEFAULT_PORTS);

    public enum Others {
        /** Relay the encrypted bytes untouched. */
        TUNNEL,
        /** Refuse the {@code CONNECT}. */
        DENY
    }

    public InterceptConfig {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(others, "others");
        ports = List.copyOf(ports);
        Set<Integer> seen = new HashSet<>();
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("ports " + port + " (expected: a port from 1 to 65535)");
            }
            if (!seen.add(port)) {
                throw new IllegalArgumentException("ports " + port + " is listed twice (expected: each port once)");
            }
        }
    }

    /** Whether a {@code CONNECT} to this port is allowed at all (interception is decided by host). */
    public boolean portAllowed(int port) {
        return ports.contains(port);
    }
}
