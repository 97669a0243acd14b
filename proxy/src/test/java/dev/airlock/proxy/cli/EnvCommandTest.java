package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code airlock env}, run in-process through picocli; its output checked by a real POSIX shell. */
@Timeout(120)
class EnvCommandTest {

    private static final String BASE = "http://127.0.0.1:18080";

    @TempDir
    Path dir;

    private Path home;
    private Path ca;
    private Path bundle;
    private Path config;
    private List<Path> roots;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        // A space and a quote in the path: every value must survive the shell as one word.
        home = dir.resolve("my home's airlock");
        ca = home.resolve("ca").resolve("airlock-ca.pem");
        bundle = home.resolve("ca").resolve("bundle.pem");
        config = Files.writeString(dir.resolve("airlock.yaml"), "listen: 127.0.0.1:18080\nadmin: 127.0.0.1:18081\n");
        roots = List.of(dir.resolve("no-such-roots.pem"), Files.writeString(dir.resolve("roots.pem"), pem("SYSTEMROOTS")));
    }

    private Run run(String... args) {
        EnvCommand command = new EnvCommand();
        command.rootCandidates = roots;
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run env(String client) {
        return run("--config", config.toString(), "--home", home.toString(), client);
    }

    @Test
    void eachClientGetsItsVariablesForTheConfiguredAddress() {
        assertThat(env("claude-code").out()).contains(
                "export ANTHROPIC_BASE_URL=" + BASE + "/anthropic\n",
                "export HTTPS_PROXY=" + BASE + "\n", "export https_proxy=" + BASE + "\n",
                "export HTTP_PROXY=" + BASE + "\n", "export http_proxy=" + BASE + "\n",
                "export NO_PROXY=localhost,127.0.0.1,::1\n", "export no_proxy=localhost,127.0.0.1,::1\n",
                "export NODE_EXTRA_CA_CERTS=" + sh(ca) + "\n", "NODE_USE_SYSTEM_CA=1", "# --- Claude Code ---");
        assertThat(env("codex").out()).contains("#   openai_base_url = \"" + BASE + "/openai/v1\"\n",
                "export OPENAI_BASE_URL=" + BASE + "/openai/v1\n",
                "#   [model_providers.airlock]", "#   base_url = \"" + BASE + "/openai/v1\"", "#   wire_api = \"responses\"",
                "export HTTPS_PROXY=" + BASE + "\n", "export CODEX_CA_CERTIFICATE=" + sh(bundle) + "\n",
                "export SSL_CERT_FILE=" + sh(bundle) + "\n");
        assertThat(env("gemini").out()).contains("# --- Gemini CLI ---",
                "export GOOGLE_GEMINI_BASE_URL=" + BASE + "/gemini\n", "export HTTPS_PROXY=" + BASE + "\n",
                "export NODE_EXTRA_CA_CERTS=" + sh(ca) + "\n").doesNotContain("SSL_CERT_FILE");
        assertThat(env("opencode").out()).contains("# --- OpenCode ---",
                "export ANTHROPIC_BASE_URL=" + BASE + "/anthropic\n", "export OPENAI_BASE_URL=" + BASE + "/openai/v1\n",
                "{\"baseURL\": \"" + BASE + "/gemini/v1beta\"}", "export HTTPS_PROXY=" + BASE + "\n",
                "export NODE_EXTRA_CA_CERTS=" + sh(ca) + "\n").doesNotContain("SSL_CERT_FILE");
        assertThat(env("copilot").out()).contains("#   \"http.proxy\": \"" + BASE + "\"", "no base-URL option",
                "export HTTPS_PROXY=" + BASE + "\n", "export NODE_EXTRA_CA_CERTS=" + sh(ca) + "\n")
                .doesNotContain("_BASE_URL");
        assertThat(env("node").out()).contains("export NODE_USE_ENV_PROXY=1\n", "export HTTPS_PROXY=" + BASE + "\n",
                "export NODE_EXTRA_CA_CERTS=" + sh(ca) + "\n", "ProxyAgent(\"" + BASE + "\")", "baseURL");
        assertThat(env("python").out()).contains("export OPENAI_BASE_URL=" + BASE + "/openai/v1\n",
                "export ANTHROPIC_BASE_URL=" + BASE + "/anthropic\n", "export HTTPS_PROXY=" + BASE + "\n",
                "export SSL_CERT_FILE=" + sh(bundle) + "\n", "export REQUESTS_CA_BUNDLE=" + sh(bundle) + "\n");
        assertThat(env("curl").out()).contains("export https_proxy=" + BASE + "\n", "export http_proxy=" + BASE + "\n",
                "export CURL_CA_BUNDLE=" + sh(bundle) + "\n", "curl -x " + BASE + " --cacert " + sh(ca));
        assertThat(env("java").out()).contains("-Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=18080",
                "-Djavax.net.ssl.trustStore=" + sh(ca.resolveSibling("airlock-ca.p12")),
                "-Djavax.net.ssl.trustStorePassword=changeit",
                "airlock ca export --format p12 --out " + sh(ca.resolveSibling("airlock-ca.p12")),
                "ignore the proxy environment variables");
        for (String client : List.of("claude-code", "codex", "opencode", "copilot", "node", "python", "curl", "java")) {
            Run r = env(client);
            assertThat(r.exit()).as(client).isZero();
            assertThat(r.out()).as(client).doesNotContain(":8080").contains("PAC file http://127.0.0.1:18081/proxy.pac");
        }
    }

    @Test
    void allIsTheDefaultAndPrintsEveryClient() {
        Run all = run("--config", config.toString(), "--home", home.toString());
        assertThat(all.exit()).isZero();
        assertThat(all.out()).contains("# --- Claude Code ---", "# --- Codex CLI ---", "# --- GitHub Copilot",
                "# --- Node.js", "# --- Python", "# --- curl ---", "# --- Java");
        assertThat(env("all").out()).isEqualTo(all.out());
    }

    @Test
    void theOutputIsValidShellAndSetsTheValuesItShows() throws Exception {
        Path script = Files.writeString(dir.resolve("all.sh"), env("all").out());
        assertThat(shell("-n", script.toString())).isEmpty();
        Path codex = Files.writeString(dir.resolve("codex.sh"), env("codex").out());
        String values = shell("-c", ". ./codex.sh && printf '%s\\n' \"$HTTPS_PROXY\" \"$https_proxy\" \"$NO_PROXY\" "
                + "\"$OPENAI_BASE_URL\" \"$CODEX_CA_CERTIFICATE\" \"$SSL_CERT_FILE\"");
        assertThat(values).isEqualTo(String.join("\n", BASE, BASE, "localhost,127.0.0.1,::1", BASE + "/openai/v1",
                bundle.toString(), bundle.toString()) + "\n");
        assertThat(codex).exists();
        Files.writeString(dir.resolve("claude.sh"), env("claude-code").out());
        assertThat(shell("-c", ". ./claude.sh && printf %s \"$NODE_EXTRA_CA_CERTS\"")).isEqualTo(ca.toString());
    }

    @Test
    void aMissingCaIsNamedWithHowItGetsCreated() {
        String out = env("node").out();
        assertThat(out).contains("does not exist yet: it is created on the first `airlock serve` or by `airlock ca init`.");
    }

    @Test
    void bundleWritesSystemRootsPlusTheCaOnlyOnceTheCaExists() throws IOException {
        Run early = run("--config", config.toString(), "--home", home.toString(), "--bundle", "python");
        assertThat(early.exit()).isZero();
        assertThat(early.err()).contains("not written: the CA certificate").contains("does not exist yet");
        assertThat(bundle).doesNotExist();
        assertThat(early.out()).contains("It does not exist yet.", "`airlock env --bundle`",
                "#   cat " + roots.get(1) + " " + sh(ca) + " > " + sh(bundle));

        Files.createDirectories(ca.getParent());
        Files.writeString(ca, pem("AIRLOCKCA"));
        Run later = run("--config", config.toString(), "--home", home.toString(), "--bundle", "python");
        assertThat(later.exit()).isZero();
        assertThat(later.err()).contains("wrote " + bundle);
        assertThat(Files.readString(bundle, StandardCharsets.US_ASCII)).startsWith(pem("SYSTEMROOTS")).endsWith(pem("AIRLOCKCA"));
        assertThat(later.out()).contains("export SSL_CERT_FILE=" + sh(bundle) + "\n")
                .doesNotContain("does not exist").doesNotContain("cat ");

        Files.writeString(ca, pem("NEWAIRLOCKCA"));
        assertThat(env("curl").out()).contains("It does not hold the current CA.");
        assertThat(env("node").out()).doesNotContain("bundle.pem");
    }

    @Test
    void bundleWithoutSystemRootsSaysSoAndWritesNothing() throws IOException {
        roots = List.of(dir.resolve("no-such-roots.pem"));
        Files.createDirectories(ca.getParent());
        Files.writeString(ca, pem("AIRLOCKCA"));
        Run r = run("--config", config.toString(), "--home", home.toString(), "--bundle", "curl");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("not written: no system bundle of roots in " + roots.get(0));
        assertThat(bundle).doesNotExist();
    }

    @Test
    void anUnknownClientExits2NamingTheValidOnes() {
        Run r = env("cursor");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unknown client \"cursor\"")
                .contains("claude-code, codex, gemini, opencode, copilot, node, python, curl, java, all");
        assertThat(run("--no-such-option").exit()).isEqualTo(2);
    }

    @Test
    void wildcardListenAddressesArePrintedAsLoopback() throws IOException {
        Files.writeString(config, "listen: 0.0.0.0:18080\n");
        String out = env("claude-code").out();
        assertThat(out).contains("export ANTHROPIC_BASE_URL=" + BASE + "/anthropic\n", "export HTTPS_PROXY=" + BASE + "\n")
                .doesNotContain("0.0.0.0");
        Files.writeString(config, "listen: '[::]:18080'\n");
        assertThat(env("curl").out()).contains("export HTTPS_PROXY='http://[::1]:18080'\n")
                .contains("export NO_PROXY=localhost,127.0.0.1,::1\n");
    }

    @Test
    void aBadConfigExits2WithTheProblem() throws IOException {
        Files.writeString(config, "listen: 127.0.0.1:99999\n");
        Run r = env("codex");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("listen");
        assertThat(r.out()).isEmpty();
    }

    private String shell(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh"));
        command.addAll(List.of(args));
        Path output = dir.resolve("sh-out.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sh did not finish in 30 s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    /** How the output spells a path: single-quoted, since the test home has a space and a quote in it. */
    private static String sh(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    private static String pem(String body) {
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
