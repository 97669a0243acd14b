package dev.airlock.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Dialect;
import dev.airlock.config.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A gateway keeps no built-in route to its own loopback; a route the operator configured stays. */
class GatewayRoutesTest {

    private static List<String> names(Routes routes) {
        return routes.all().stream().map(RouteConfig::name).toList();
    }

    @Test
    void builtInLoopbackRoutesGoOnlyWhenAskedAndConfiguredOnesStay() {
        assertThat(names(Routes.of(List.of(), true))).contains("ollama", "openai");
        assertThat(names(Routes.of(List.of(), false))).doesNotContain("ollama").contains("openai", "azure");
        RouteConfig own = new RouteConfig("ollama", "http://127.0.0.1:11434", Dialect.OLLAMA);
        assertThat(names(Routes.of(List.of(own), false))).contains("ollama");
    }
}
