package dev.airlock.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Dialect;
import dev.airlock.config.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a base-URL request goes upstream. */
class RoutesTest {

    private static final Routes BUILT_IN = Routes.of(List.of());

    private static String upstream(Routes routes, String target) throws Exception {
        RouteMatch m = routes.match(target);
        return m.upstream().getScheme() + "://" + m.hostHeader() + m.target();
    }

    @Test
    void anthropicPathsArrivingWithoutTheirVersionGoToV1() throws Exception {
        // Anthropic's SDKs and Claude Code (ANTHROPIC_BASE_URL without /v1) and the Vercel AI SDK (with it, so the
        // same variable gives no /v1) reach the same endpoint.
        assertThat(upstream(BUILT_IN, "/anthropic/v1/messages?beta=true"))
                .isEqualTo("https://api.anthropic.com/v1/messages?beta=true");
        assertThat(upstream(BUILT_IN, "/anthropic/messages")).isEqualTo("https://api.anthropic.com/v1/messages");
        assertThat(upstream(BUILT_IN, "/anthropic/messages/count_tokens"))
                .isEqualTo("https://api.anthropic.com/v1/messages/count_tokens");
        assertThat(upstream(BUILT_IN, "/anthropic/models?limit=5")).isEqualTo("https://api.anthropic.com/v1/models?limit=5");
    }

    @Test
    void otherAnthropicPathsAndOtherRoutesAreForwardedAsWritten() throws Exception {
        assertThat(upstream(BUILT_IN, "/anthropic/api/claude_code/settings"))
                .isEqualTo("https://api.anthropic.com/api/claude_code/settings");
        assertThat(upstream(BUILT_IN, "/anthropic/messagesx")).isEqualTo("https://api.anthropic.com/messagesx");
        assertThat(upstream(BUILT_IN, "/openai/v1/models")).isEqualTo("https://api.openai.com/v1/models");
        assertThat(upstream(BUILT_IN, "/openrouter/api/v1/messages")).isEqualTo("https://openrouter.ai/api/v1/messages");
        // A route with a base path of its own (a gateway) has its own conventions: nothing is added.
        Routes gateway = Routes.of(List.of(new RouteConfig("anthropic", "https://gw.example.com/anthropic",
                Dialect.ANTHROPIC)));
        assertThat(upstream(gateway, "/anthropic/messages")).isEqualTo("https://gw.example.com/anthropic/messages");
    }
}
