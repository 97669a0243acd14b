package dev.airlock.proxy.server;

import dev.airlock.proxy.server.LiveTraffic.LogCapture;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.TestCa;
import java.nio.file.Path;
import java.util.List;
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
}
