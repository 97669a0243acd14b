package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;
import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.airlock.config.InterceptConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.testing.Gate;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.Responder;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code openai} on npm, pinned in {@code src/test/node/openai-sdk}) streams a chat
 * completion through Airlock's forward proxy: it reaches Airlock only through an undici {@code ProxyAgent}
 * dispatcher (the SDK ignores {@code HTTPS_PROXY}) and trusts the install CA only through
 * {@code NODE_EXTRA_CA_CERTS}. The prompt's secret is redacted on the way, the SDK's key reaches the provider, and
 * each delta reaches the SDK before the provider has written the next.
 *
 * <p>Skipped when {@code node} or {@code npm} is not on the PATH. The project is installed with {@code npm ci} into
 * {@code target/node-openai-sdk}, and reinstalled only when its {@code package-lock.json} changes.
 */
class NodeOpenAiSdkTest extends ForwardTrafficTest {

    private static final String PROJECT = "src/test/node/openai-sdk";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "stream-chat.mjs");
    /** Left in the install directory after a successful {@code npm ci}: the lock file it installed. */
    private static final String INSTALLED_LOCK = ".installed-package-lock.json";
    private static final Duration NPM_WAIT = Duration.ofMinutes(5);
    private static final Duration NODE_WAIT = Duration.ofSeconds(60);
    /** All the script inherits: never proxy, NODE_*, TLS or OPENAI_* variables from the build's environment. */
    private static final List<String> KEPT_ENV = List.of("PATH", "LD_LIBRARY_PATH", "TMPDIR");

    private static final List<String> DELTAS = List.of("Sure", " \u2014 deploying", " now.\n", "Keep tokens",
            " out of chats.");

    static Path node;
    static Path work;

    @BeforeAll
    static void installSdk() throws Exception {
        Optional<Path> nodeBin = onPath("node");
        Optional<Path> npmBin = onPath("npm");
        if (nodeBin.isEmpty() || npmBin.isEmpty()) {
            return; // each test is skipped, see requireNode()
        }
        node = nodeBin.get();
        Path module = Files.isDirectory(Path.of("proxy", PROJECT)) ? Path.of("proxy") : Path.of("");
        Path source = module.resolve(PROJECT);
        work = module.resolve("target/node-openai-sdk").toAbsolutePath();
        Files.createDirectories(work);
        for (String file : FILES) {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = work.resolve(INSTALLED_LOCK);
        byte[] lock = Files.readAllBytes(work.resolve("package-lock.json"));
        if (Files.isDirectory(work.resolve("node_modules")) && Files.exists(installed)
                && Arrays.equals(lock, Files.readAllBytes(installed))) {
            return;
        }
        Files.deleteIfExists(installed);
        Path log = work.resolve("npm-ci.log");
        Process npm = new ProcessBuilder(npmBin.get().toString(), "ci", "--no-audit", "--no-fund")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        npm.getOutputStream().close();
        boolean exited = npm.waitFor(NPM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            npm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, UTF_8);
        assertThat(exited).as("npm ci finished within %s:%n%s", NPM_WAIT, out).isTrue();
        assertThat(npm.exitValue()).as("npm ci:%n%s", out).isZero();
        Files.write(installed, lock);
    }

    @BeforeEach
    void requireNode() {
        Assumptions.assumeTrue(node != null, "node and npm are not both on the PATH");
    }

    @Test
    void theSdkStreamsAChatCompletionThroughInterceptionWithTheSecretRedacted() throws Exception {
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        String prompt = LiveTraffic.prompt();
        List<String> events = chatStream(DELTAS);
        Gate gate = new Gate();
        provider.respond(Responder.sseGated(events, gate));
        gate.release(2); // the role chunk and the first delta; the rest waits until the SDK has shown that one
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT);
             NodeRun run = NodeRun.start(airlock, airlockCa.certificatePath(), apiKey, prompt)) {
            List<String> expected = new ArrayList<>();
            for (String delta : DELTAS) {
                expected.add("delta:" + JSON.writeValueAsString(delta));
            }
            expected.add("done");

            String first = run.nextLine(NODE_WAIT);
            assertThat(first).as("first line; stderr: %s", run.stderr()).isEqualTo(expected.get(0));
            // The rest of the stream does not exist yet: the SDK handed this delta over as it arrived.
            gate.awaitSent(2, WAIT);
            assertThat(gate.sent()).as("events written before the SDK printed the first delta").isEqualTo(2);
            gate.release(events.size() - 2);

            NodeResult result = run.finish(NODE_WAIT);
            assertThat(result.exit()).as("node exit; stdout %s; stderr %s", result.stdout(), result.stderr())
                    .isZero();
            assertThat(result.stdout()).containsExactlyElementsOf(expected.subList(1, expected.size()));
            assertThat(result.stdout() + result.stderr()).doesNotContain(apiKey).doesNotContain(SECRET);

            Recorded seen = provider.takeRequest(WAIT);
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/v1/chat/completions");
            assertThat(seen.header("authorization")).contains("Bearer " + apiKey);
            assertThat(seen.bodyText()).doesNotContain(SECRET).contains("[REDACTED:").contains("\"stream\":true");
            assertThat(JSON.readTree(seen.body()).path("messages").path(0).path("content").asText())
                    .startsWith("deploy it, the token is [REDACTED:");
            assertThat(WireClients.metric(airlock, "airlock_connects_total", "outcome", "intercepted"))
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void withoutNodeExtraCaCertsTheSdkRefusesTheInterceptedConnection() throws Exception {
        String apiKey = "sk-proj-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 48);
        provider.respond(Responder.sse(chatStream(DELTAS)));
        int before = provider.requests().size();
        try (RunningAirlock airlock = airlock(InterceptConfig.DEFAULT);
             NodeRun run = NodeRun.start(airlock, null, apiKey, LiveTraffic.prompt())) {
            NodeResult result = run.finish(NODE_WAIT);
            assertThat(result.exit()).as("node exit; stdout %s", result.stdout()).isNotZero();
            assertThat(result.stdout()).doesNotContain("done");
            // e.g. "error: Connection error. <- fetch failed <- unable to get local issuer certificate [UNABLE_TO_...]"
            assertThat(result.stderr()).startsWith("error: ").containsAnyOf("UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
                    "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT")
                    .doesNotContain(apiKey).doesNotContain(SECRET);
            assertThat(provider.requests()).as("nothing reached the provider").hasSize(before);
        }
    }

    // ---- helpers

    /** A {@code chat.completion.chunk} stream as OpenAI sends it: role, one chunk per delta, finish, [DONE]. */
    static List<String> chatStream(List<String> deltas) throws JsonProcessingException {
        String id = "chatcmpl-" + Credentials.random(LiveTraffic.RANDOM, Credentials.BASE62, 29);
        List<String> events = new ArrayList<>();
        events.add(chunk(id, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"));
        for (String delta : deltas) {
            events.add(chunk(id, "{\"content\":" + JSON.writeValueAsString(delta) + "}", "null"));
        }
        events.add(chunk(id, "{}", "\"stop\""));
        events.add("data: [DONE]");
        return events;
    }

    private static String chunk(String id, String delta, String finishReason) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1727346178,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_5050236cbd\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    record NodeResult(int exit, List<String> stdout, String stderr) {
    }

    /** {@code node stream-chat.mjs} with a clean environment; stdout read line by line as it arrives. */
    static final class NodeRun implements AutoCloseable {

        private static final String EOF = "\u0000eof";

        private final Process process;
        private final Path stderr;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private NodeRun(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process was killed; the test reports what is missing
                } finally {
                    lines.add(EOF);
                }
            }, "node-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Starts the script against {@code airlock}. {@code caPem} becomes {@code NODE_EXTRA_CA_CERTS}, or is left
         * unset when null. Nothing else is inherited but {@link #KEPT_ENV}: no proxy variables, no
         * {@code NODE_OPTIONS}, no {@code NODE_TLS_REJECT_UNAUTHORIZED}, no {@code OPENAI_BASE_URL}.
         */
        static NodeRun start(RunningAirlock airlock, Path caPem, String apiKey, String prompt) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(node.toString(), "stream-chat.mjs").directory(work.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().retainAll(KEPT_ENV);
            env.put("AIRLOCK_PROXY", "http://127.0.0.1:" + airlock.port());
            env.put("OPENAI_API_KEY", apiKey);
            env.put("PROMPT", prompt);
            if (caPem != null) {
                env.put("NODE_EXTRA_CA_CERTS", caPem.toAbsolutePath().toString());
            }
            Path err = Files.createTempFile(dir, "node-stderr", ".txt");
            Process p = pb.redirectError(err.toFile()).start();
            p.getOutputStream().close();
            return new NodeRun(p, err);
        }

        /** The next stdout line, failing if none arrives within {@code timeout} or stdout ends. */
        String nextLine(Duration timeout) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("a line from node within %s; stderr: %s", timeout, stderr()).isNotNull()
                    .isNotEqualTo(EOF);
            return line;
        }

        /** Waits for the exit (killing the process after {@code timeout}) and returns the stdout lines not read. */
        NodeResult finish(Duration timeout) throws InterruptedException {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> rest = new ArrayList<>();
            for (String line = lines.poll(10, TimeUnit.SECONDS); line != null && !line.equals(EOF);
                 line = lines.poll(10, TimeUnit.SECONDS)) {
                rest.add(line);
            }
            assertThat(exited).as("node exited within %s; stdout %s; stderr %s", timeout, rest, stderr()).isTrue();
            return new NodeResult(process.exitValue(), rest, stderr());
        }

        String stderr() {
            try {
                return Files.readString(stderr, UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
