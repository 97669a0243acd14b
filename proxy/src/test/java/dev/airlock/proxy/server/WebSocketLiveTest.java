package dev.airlock.proxy.server;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.WebSocketConfig;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.testing.FakeWebSocketProvider;
import dev.airlock.proxy.testing.TestCa;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the WebSocket tests share: a TLS WebSocket fake per test under a test CA, and a real Airlock started against it
 * whose audit events the test can read.
 */
abstract class WebSocketLiveTest {

    static final String PATH = "/openai/v1/responses";

    @TempDir
    static Path dir;
    static TestCa ca;
    static Path caPem;

    FakeWebSocketProvider fake;
    RunningAirlock airlock;
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createCa() {
        ca = TestCa.create();
        caPem = ca.writePem(dir);
    }

    @BeforeEach
    void startFake() {
        fake = FakeWebSocketProvider.start(ca, "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (airlock != null) {
            airlock.close();
        }
        fake.close();
    }

    /** Routes to the fake, with WebSocket upgrades refused or scanned. */
    AirlockConfig config(WebSocketConfig.Responses responses) {
        return RunningAirlock.configFor(fake.baseUrl(), caPem).withWebSocket(new WebSocketConfig(responses));
    }

    void start(AirlockConfig config) throws Exception {
        AuditLog collecting = new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                audit.add(event);
            }

            @Override
            public void close() {
            }
        };
        airlock = RunningAirlock.start(config, RunningAirlock.ca(), new Redactor(Credentials.randomKey()), collecting);
    }

    /** Starts Airlock scanning WebSockets, with {@code change} applied to that configuration. */
    void startScanning(UnaryOperator<AirlockConfig> change) throws Exception {
        start(change.apply(config(WebSocketConfig.Responses.SCAN)));
    }
}
