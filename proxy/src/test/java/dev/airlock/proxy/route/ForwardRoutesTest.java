package dev.airlock.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Dialect;
import dev.airlock.config.RouteConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Forward mode lends a route's name and dialect to the host the client named, and sends the request there as is. */
class ForwardRoutesTest {

    private static final ForwardRoutes BUILT_IN = new ForwardRoutes(Routes.of(List.of()));

    @ParameterizedTest
    @CsvSource({
        "api.openai.com, openai, OPENAI",
        "api.anthropic.com, anthropic, ANTHROPIC",
        "generativelanguage.googleapis.com, gemini, GEMINI",
        "myres.openai.azure.com, azure, OPENAI",
        "api.mistral.ai, mistral, OPENAI",
        "api.cohere.com, cohere, COHERE",
        "api.cohere.ai, forward, COHERE",
        "api.githubcopilot.com, forward, OPENAI",
        "copilot-proxy.githubusercontent.com, forward, OPENAI",
        "us-central1-aiplatform.googleapis.com, forward, GEMINI",
        "console.anthropic.com, forward, ANTHROPIC",
        "anthropic.com, forward, ANTHROPIC",
        "evilanthropic.com, forward, OPENAI",
        "anthropic.com.evil.example, forward, OPENAI",
        "googleapis.com.evil.example, forward, OPENAI",
        "a.b.openai.azure.com, forward, OPENAI",
        "openai.azure.com, forward, OPENAI",
        "api.openai.com.evil.example, forward, OPENAI",
        "127.0.0.1, ollama, OLLAMA",
    })
    void routeAndDialectByHost(String host, String route, Dialect dialect) {
        RouteMatch match = BUILT_IN.match(true, host, 443, "/v1/x");

        assertThat(match.route().name()).as(host).isEqualTo(route);
        assertThat(match.route().dialect()).as(host).isEqualTo(dialect);
    }

    @Test
    void anHttpsRequestGoesToTheNamedOriginWithItsTargetUntouched() {
        String target = "/v1/chat/completions?stream=true&x=%2F%20a";

        RouteMatch match = BUILT_IN.match(true, "api.openai.com", 443, target);

        assertThat(match.upstream()).isEqualTo(URI.create("https://api.openai.com:443"));
        assertThat(match.target()).isSameAs(target);
        assertThat(match.tls()).isTrue();
        assertThat(match.host()).isEqualTo("api.openai.com");
        assertThat(match.port()).isEqualTo(443);
        assertThat(match.hostHeader()).isEqualTo("api.openai.com");
    }

    @Test
    void aPlainHttpRequestKeepsItsSchemeAndPort() {
        RouteMatch match = BUILT_IN.match(false, "api.githubcopilot.com", 8080, "/x");

        assertThat(match.upstream()).isEqualTo(URI.create("http://api.githubcopilot.com:8080"));
        assertThat(match.tls()).isFalse();
        assertThat(match.port()).isEqualTo(8080);
        assertThat(match.hostHeader()).isEqualTo("api.githubcopilot.com:8080");
        assertThat(match.route().name()).isEqualTo(ForwardRoutes.FORWARD);
    }

    @Test
    void anEmptyTargetBecomesTheRootPath() {
        assertThat(BUILT_IN.match(false, "api.openai.com", 80, "").target()).isEqualTo("/");
        assertThat(BUILT_IN.match(false, "api.openai.com", 80, "").upstream())
                .isEqualTo(URI.create("http://api.openai.com:80"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "*", "/a//b/../c", "/v1?", "/%00%0d%0a"})
    void anyOtherTargetIsPassedOnAsWritten(String target) {
        assertThat(BUILT_IN.match(true, "api.anthropic.com", 443, target).target()).isEqualTo(target);
    }

    @Test
    void anIpv6LiteralIsBracketedInTheUriAndTheHostHeaderOnly() {
        RouteMatch match = BUILT_IN.match(false, "2001:db8::1", 8080, "/v1");

        assertThat(match.upstream()).isEqualTo(URI.create("http://[2001:db8::1]:8080"));
        assertThat(match.host()).as("the address, as HostPort and the resolver take it").isEqualTo("2001:db8::1");
        assertThat(match.port()).isEqualTo(8080);
        assertThat(match.hostHeader()).isEqualTo("[2001:db8::1]:8080");
        assertThat(BUILT_IN.match(true, "::1", 443, "/").hostHeader()).isEqualTo("[::1]");
    }

    @Test
    void configuredRoutesLendTheirNameAndDialectAndReplaceBuiltInOnes() {
        ForwardRoutes routes = new ForwardRoutes(Routes.of(List.of(
                new RouteConfig("corp", "https://llm.corp.example/v1", Dialect.ANTHROPIC),
                new RouteConfig("openai", "https://openai-proxy.corp.example", Dialect.OPENAI),
                new RouteConfig("regional", "https://" + RouteConfig.RESOURCE + ".llm.corp.example", Dialect.GEMINI))));

        RouteMatch corp = routes.match(true, "llm.corp.example", 443, "/messages");
        assertThat(corp.route().name()).isEqualTo("corp");
        assertThat(corp.route().dialect()).isEqualTo(Dialect.ANTHROPIC);
        assertThat(corp.upstream()).as("the client's origin, not the route's base path")
                .isEqualTo(URI.create("https://llm.corp.example:443"));
        assertThat(corp.target()).isEqualTo("/messages");

        assertThat(routes.match(true, "eu.llm.corp.example", 443, "/").route().name()).isEqualTo("regional");
        assertThat(routes.match(true, "api.openai.com", 443, "/").route().name())
                .as("the built-in openai route was replaced").isEqualTo(ForwardRoutes.FORWARD);
        assertThat(routes.match(true, "openai-proxy.corp.example", 443, "/").route().name()).isEqualTo("openai");
    }
}
