package dev.airlock.proxy.onboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.route.InterceptHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The PAC file run by a real JavaScript engine (Node), checked against a table and against InterceptHosts. */
@Timeout(120)
class ProxyPacTest {

    private static final String PROXY = "PROXY 127.0.0.1:8080";
    private static final String DIRECT = "DIRECT";

    /** Runs the PAC in a fresh V8 context, the way a PAC engine does: no require, no process. */
    private static final String DRIVER = """
            const fs = require('fs');
            const vm = require('vm');
            const [pacFile, ...hosts] = process.argv.slice(2);
            const pac = {};
            vm.runInNewContext(fs.readFileSync(pacFile, 'utf8'), pac, {filename: pacFile});
            for (const h of hosts) {
              process.stdout.write(h + '\\t' + pac.FindProxyForURL('https://' + h + '/v1/models', h) + '\\n');
            }
            """;

    @TempDir
    Path dir;

    @Test
    void defaultHostsGoThroughAirlockAndEverythingElseDirect() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String h : List.of("api.openai.com", "API.OpenAI.com.", "myres.openai.azure.com", "a.b.openai.azure.com",
                "us-central1-aiplatform.googleapis.com", "bedrock-runtime.us-east-1.amazonaws.com", "chatgpt.com",
                "api.anthropic.com", "api.githubcopilot.com")) {
            expected.put(h, PROXY);
        }
        for (String h : List.of("openai.azure.com", "auth.openai.com", "claude.ai", "github.com",
                "api.openai.com.evil.com", "evilapi.openai.com", "xapi.openai.com", "bedrock-runtime.amazonaws.com",
                "apixopenai.com", "api.openai.comx", "-aiplatform.googleapis.com", ".openai.azure.com",
                "api.openai.com..", "127.0.0.1", "")) {
            expected.put(h, DIRECT);
        }
        Map<String, String> pac = runPac(InterceptConfig.DEFAULT_HOSTS, "127.0.0.1:8080", expected.keySet());
        assertThat(pac).containsExactlyInAnyOrderEntriesOf(expected);
        assertAgreesWithJava(InterceptConfig.DEFAULT_HOSTS, pac);
    }

    @Test
    void agreesWithInterceptHostsOnHostsBuiltFromEveryPattern() throws Exception {
        List<String> hosts = new ArrayList<>();
        for (String p : InterceptConfig.DEFAULT_HOSTS) {
            for (String fill : List.of("x", "a.b", "", "a_b", "Q")) {
                String h = p.replace("*", fill);
                hosts.addAll(List.of(h, h + ".", "x" + h, h + ".evil.com", "www." + h, h.replace('.', '-')));
            }
        }
        Map<String, String> pac = runPac(InterceptConfig.DEFAULT_HOSTS, "127.0.0.1:8080", hosts);
        assertThat(pac).hasSize(new java.util.HashSet<>(hosts).size()).containsValues(PROXY, DIRECT);
        assertAgreesWithJava(InterceptConfig.DEFAULT_HOSTS, pac);
    }

    @Test
    void oddCharactersInPatternsStayLiteral() throws Exception {
        List<String> patterns = List.of("a_b.example", "x*y*z.example", "*.dot.example");
        Map<String, String> pac = runPac(patterns, "[::1]:18080", List.of("a_b.example", "aXb.example",
                "xqqy*z.example", "xqqyqz.example", "a.dot.example", "dot.example", "a.dotxexample"));
        assertThat(pac).containsEntry("a_b.example", "PROXY [::1]:18080").containsEntry("aXb.example", DIRECT)
                .containsEntry("xqqy*z.example", "PROXY [::1]:18080").containsEntry("xqqyqz.example", DIRECT)
                .containsEntry("a.dot.example", "PROXY [::1]:18080").containsEntry("dot.example", DIRECT)
                .containsEntry("a.dotxexample", DIRECT);
        assertAgreesWithJava(patterns, pac);
    }

    @Test
    void saysWhatItIsAndListsThePatterns() {
        String pac = ProxyPac.render(List.of("api.openai.com", "*.openai.azure.com"), "127.0.0.1:8080");
        assertThat(pac).startsWith("// Airlock proxy auto-config (PAC) file.\n")
                .contains("// Only AI API hosts go through Airlock (127.0.0.1:8080)")
                .contains("//   *.openai.azure.com\n")
                .contains("function FindProxyForURL(url, host)")
                .doesNotContain("shExpMatch");
        assertThat(ProxyPac.render(List.of(), "127.0.0.1:8080")).contains("var AIRLOCK_HOSTS = [\n];");
    }

    @Test
    void refusesAddressesAndPatternsThatWouldBreakTheScript() {
        for (String bad : List.of("127.0.0.1", "\"; alert(1); \":80", "127.0.0.1:8080 ", "::1:8080", "")) {
            assertThatThrownBy(() -> ProxyPac.render(List.of(), bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected: host:port");
        }
        assertThatThrownBy(() -> ProxyPac.render(List.of("a.example\nalert(1)"), "127.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    }

    private static void assertAgreesWithJava(List<String> patterns, Map<String, String> pac) {
        InterceptHosts java = InterceptHosts.of(patterns);
        pac.forEach((host, decision) -> assertThat(java.match(host) != null)
                .as("InterceptHosts and the PAC file on \"%s\" (PAC: %s)", host, decision)
                .isEqualTo(!decision.equals(DIRECT)));
    }

    private Map<String, String> runPac(List<String> patterns, String proxy, Iterable<String> hosts)
            throws IOException, InterruptedException {
        Path node = Path.of("/usr/bin/node");
        assumeThat(Files.isExecutable(node)).as("Node.js at /usr/bin/node").isTrue();
        Path pacFile = Files.writeString(dir.resolve("proxy.pac"), ProxyPac.render(patterns, proxy));
        Path driver = Files.writeString(dir.resolve("driver.js"), DRIVER);
        List<String> command = new ArrayList<>(List.of(node.toString(), driver.toString(), pacFile.toString()));
        List<String> unique = new ArrayList<>();
        hosts.forEach(h -> {
            if (!unique.contains(h)) {
                unique.add(h);
            }
        });
        command.addAll(unique);
        Path output = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("node did not finish in 60 s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        Map<String, String> decisions = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int tab = line.lastIndexOf('\t');
            decisions.put(line.substring(0, tab), line.substring(tab + 1));
        }
        assertThat(decisions.keySet()).as(text).containsExactlyElementsOf(unique);
        return decisions;
    }
}
