package dev.airlock.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.InterceptConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which hosts the default {@code intercept.hosts} open. A leading {@code *} label stands for one or more labels;
 * any other {@code *} for one or more characters of its own label only.
 */
class InterceptHostsTest {

    private static final InterceptHosts DEFAULTS = InterceptHosts.of(InterceptConfig.DEFAULT_HOSTS);

    @Test
    void everyDefaultPatternMatchesASampleHostInAnyCaseAndWithATrailingDot() {
        for (String pattern : InterceptConfig.DEFAULT_HOSTS) {
            String sample = pattern.replace("*", "sample-1");

            assertThat(DEFAULTS.match(sample)).as(sample).isEqualTo(pattern);
            assertThat(DEFAULTS.match(sample.toUpperCase(Locale.ROOT))).as("upper case " + sample).isEqualTo(pattern);
            assertThat(DEFAULTS.match(sample + ".")).as(sample + ".").isEqualTo(pattern);
        }
    }

    @Test
    void noDefaultPatternMatchesItsSampleWithSomethingAppendedOrTheLastDotDoubled() {
        for (String pattern : InterceptConfig.DEFAULT_HOSTS) {
            String sample = pattern.replace("*", "sample-1");
            for (String miss : List.of(sample + ".evil.example", sample + "x", sample + "-x", sample + "..",
                    sample.replace(".", "x"), sample.replace(".", "-"), sample.replace(".", "_"))) {
                assertThat(DEFAULTS.match(miss)).as(miss).isNull();
            }
        }
    }

    @Test
    void noWildcardPatternMatchesWhatIsLeftWithoutItsWildcard() {
        for (String pattern : InterceptConfig.DEFAULT_HOSTS) {
            if (!pattern.contains("*")) {
                continue;
            }
            List<String> misses = new ArrayList<>(List.of(pattern.replace("*.", ""), pattern.replace("*", ""),
                    pattern.replace(".*.", ".")));
            if (!pattern.startsWith("*.")) {
                misses.add(pattern.replace("*", "a.b")); // only a leading '*' label spans labels
            }
            for (String miss : misses) {
                if (!miss.equals(pattern)) {
                    assertThat(DEFAULTS.match(miss)).as("%s for %s", miss, pattern).isNull();
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "api.openai.com, api.openai.com",
        "xapi.openai.com, none",
        "x.api.openai.com, none",
        "api.openai.com.evil.com, none",
        "openai.com, none",
        "api-openai.com, none",
        "apixopenai.com, none",
        "api.openai.co, none",
        "myres.openai.azure.com, *.openai.azure.com",
        "a.b.openai.azure.com, *.openai.azure.com",
        "openai.azure.com, none",
        "evilopenai.azure.com, none",
        "myres.openai.azure.com.evil.com, none",
        "myres.cognitiveservices.azure.com, *.cognitiveservices.azure.com",
        "myres.services.ai.azure.com, *.services.ai.azure.com",
        "services.ai.azure.com, none",
        "us-central1-aiplatform.googleapis.com, *-aiplatform.googleapis.com",
        "europe-west4-aiplatform.googleapis.com, *-aiplatform.googleapis.com",
        // '*' inside a label covers characters of that label only: never a dot, never nothing.
        "a.b-aiplatform.googleapis.com, none",
        "x.us-central1-aiplatform.googleapis.com, none",
        "-aiplatform.googleapis.com, none",
        "aiplatform.googleapis.com, none",
        "us-central1-aiplatformx.googleapis.com, none",
        "us-central1-aiplatform.googleapis.com.evil.com, none",
        "generativelanguage.googleapis.com, generativelanguage.googleapis.com",
        "storage.googleapis.com, none",
        "bedrock-runtime.us-east-1.amazonaws.com, bedrock-runtime.*.amazonaws.com",
        "bedrock-runtime.amazonaws.com, none",
        "bedrock-runtime..amazonaws.com, none",
        "bedrock-runtime.us-east-1.x.amazonaws.com, none",
        "xbedrock-runtime.us-east-1.amazonaws.com, none",
        "bedrock.us-east-1.amazonaws.com, none",
        "bedrock-runtime.us-east-1.amazonaws.com.evil.com, none",
        "api.githubcopilot.com, api.githubcopilot.com",
        "proxy.individual.githubcopilot.com, *.githubcopilot.com",
        "githubcopilot.com, none",
        "copilot-proxy.githubusercontent.com, copilot-proxy.githubusercontent.com",
        "raw.githubusercontent.com, none",
        "chatgpt.com, chatgpt.com",
        "www.chatgpt.com, none",
        "API.OpenAI.COM, api.openai.com",
        "api.openai.com., api.openai.com",
        "api.openai.com.., none",
        ".api.openai.com, none",
    })
    void hostsAndNearMisses(String host, String pattern) {
        assertThat(DEFAULTS.match(host)).as(host).isEqualTo(pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", " ", "api.openai.com ", " api.openai.com", "api.openai.com/",
        "api.openai.com:443", "user@api.openai.com"})
    void emptyAndMalformedNamesNeverMatch(String host) {
        assertThat(DEFAULTS.match(host)).as("\"%s\"", host).isNull();
    }

    @Test
    void namesLongerThanDnsAllowsNeverMatch() {
        String suffix = ".openai.azure.com";
        String prefix253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
                + "d".repeat(253 - suffix.length() - 3 * 64);
        String longest = prefix253 + suffix;
        assertThat(longest).hasSize(253);

        assertThat(DEFAULTS.match(longest)).isEqualTo("*.openai.azure.com");
        assertThat(DEFAULTS.match(longest + ".")).as("the root dot does not count").isEqualTo("*.openai.azure.com");
        assertThat(DEFAULTS.match("d" + longest)).as("254 characters").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "8.8.8.8", "::1", "2001:db8::1", "::ffff:10.0.0.1", "[::1]",
        "127.1", "10.0.0.1."})
    void ipLiteralsNeverMatchNotEvenAPatternThatSpellsThem(String literal) {
        // Certificates are minted for names only: whatever an operator writes, an address is never intercepted.
        InterceptHosts permissive = InterceptHosts.of(List.of("*", "*.0.0.1", "10.0.0.1", "*.*.*.*", "::1",
                "2001:db8::1", "::ffff:10.0.0.1", "[::1]", "127.1"));

        assertThat(DEFAULTS.match(literal)).as(literal).isNull();
        assertThat(permissive.match(literal)).as(literal).isNull();
        assertThat(permissive.match("example.com")).as("while a name still matches").isEqualTo("*");
    }

    @Test
    void theFirstMatchingPatternIsReportedAndPatternsAreCaseInsensitive() {
        InterceptHosts hosts = InterceptHosts.of(List.of("API.Example.COM", "*.example.com"));

        assertThat(hosts.match("api.example.com")).isEqualTo("API.Example.COM");
        assertThat(hosts.match("other.example.com")).isEqualTo("*.example.com");
        assertThat(hosts.patterns()).containsExactly("API.Example.COM", "*.example.com");
    }

    @Test
    void patternCharactersAreLiteralsNotRegularExpressions() {
        InterceptHosts hosts = InterceptHosts.of(List.of("a+b.example.com", "x.ex(a|b)mple.com"));

        assertThat(hosts.match("a+b.example.com")).isEqualTo("a+b.example.com");
        assertThat(hosts.match("aab.example.com")).isNull();
        assertThat(hosts.match("x.exampl.com")).isNull();
        assertThat(hosts.match("x.ex(a|b)mple.com")).isEqualTo("x.ex(a|b)mple.com");
    }
}
