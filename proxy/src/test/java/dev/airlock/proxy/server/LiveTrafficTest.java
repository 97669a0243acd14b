package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.server.LiveTraffic.LogCapture;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.Recorded;
import dev.airlock.proxy.testing.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the live-traffic test classes share: one test CA and a log capture per class, a fresh fake provider per
 * test, and each test's Airlock closed afterwards with its last {@code /metrics} kept, so the class can check at
 * the end that no log line or scrape held a planted secret.
 */
abstract class LiveTrafficTest {

    @TempDir
    static Path dir;
    static TestCa ca;
    static Path caPem;
    static LogCapture logs;
    static final List<String> scrapes = new CopyOnWriteArrayList<>();

    FakeProvider fake;
    RunningAirlock airlock;

    @BeforeAll
    static void createCaAndCaptureLogs() {
        ca = TestCa.create();
        caPem = ca.writePem(dir);
        logs = LogCapture.attach();
        scrapes.clear();
    }

    @AfterAll
    static void releaseLogs() {
        logs.detach();
    }

    @BeforeEach
    void startFake() {
        fake = FakeProvider.start(ca);
    }

    @AfterEach
    void stop() throws Exception {
        if (airlock != null) {
            scrapes.add(airlock.scrape());
            airlock.close();
        }
        fake.close();
    }

    /** What a test runs against an Airlock that intercepts a provider's host. */
    @FunctionalInterface
    interface ForwardRun {
        /**
         * @param provider the fake in the host's place
         * @param env      what points a Node client at Airlock as its forward proxy: {@code HTTPS_PROXY} and the
         *                 install CA in {@code NODE_EXTRA_CA_CERTS}, as {@code airlock env} prints them
         */
        void run(FakeProvider provider, Map<String, String> env) throws Exception;
    }

    /**
     * Runs {@code test} with Airlock as a forward proxy that opens TLS to {@code host} with a leaf of its own CA and
     * dials a fake provider in its place; checks that the tunnel was opened, not passed through.
     */
    void throughTheForwardProxy(String host, ForwardRun test) throws Exception {
        try (FakeProvider provider = FakeProvider.start(ca.serverContext(host))) {
            airlock = RunningAirlock.intercepting(host, provider, caPem);
            test.run(provider, Map.of("HTTPS_PROXY", "http://127.0.0.1:" + airlock.port(),
                    "NODE_EXTRA_CA_CERTS", RunningAirlock.caPath().toString()));
            assertThat(LiveTraffic.metric(airlock.scrape(), "airlock_connects_total", Map.of("outcome", "intercepted")))
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    /**
     * Checks what an agent asked to put the token into {@code file} did with {@code provider} playing the model: it
     * exited 0 and printed {@code closing}, the file holds the real token, and each of the at least {@code atLeast}
     * requests the provider got carries the placeholder and never the token. Returns those requests for the checks
     * of the client's own (path, key header, the call it resends).
     */
    List<Recorded> assertTheTokenWasWrittenNeverSent(NodeProject.NodeResult result, String closing, Path file,
                                                      FakeProvider provider, int atLeast) throws IOException {
        assertThat(result.exit()).as("exit; stdout %s; stderr %s", result.stdout(), result.stderr()).isZero();
        assertThat(String.join("\n", result.stdout())).contains(closing);
        assertThat(Files.readString(file, UTF_8)).isEqualTo("GITHUB_TOKEN=" + LiveTraffic.SECRET + "\n");
        List<Recorded> requests = provider.requests();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(atLeast);
        String placeholder = airlock.placeholder("github-pat", LiveTraffic.SECRET);
        for (Recorded request : requests) {
            assertThat(request.bodyText()).doesNotContain(LiveTraffic.SECRET).contains(placeholder);
        }
        return requests;
    }
}
