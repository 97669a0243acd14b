package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.LimitsConfig;
import dev.airlock.proxy.testing.FakeProvider;
import dev.airlock.proxy.testing.TestCa;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global budget for buffered bodies: a declared Content-Length is reserved whole at the head, so when the
 * budget is spent a new upload is shed at once, before it sends its body, and the upload holding the budget
 * still completes.
 */
class BufferBudgetTest {

    private static final String PATH = "/openai/v1/chat/completions";

    @TempDir
    Path dir;

    @Test
    void aDeclaredBodyIsReservedWholeSoTheNextOneIsShedBeforeItsBody() throws Exception {
        TestCa ca = TestCa.create();
        int budget = 64 * 1024;
        try (FakeProvider provider = FakeProvider.start(ca);
             RunningAirlock airlock = RunningAirlock.start(provider, ca.writePem(dir),
                     c -> RunningAirlock.withLimits(c, new LimitsConfig(budget, 8 << 10, 64 << 10, 100, budget)));
             RawConnection first = new RawConnection(airlock.port(), 10_000)) {
            String body = "{\"model\":\"m\",\"input\":\"" + "x".repeat(budget - 30) + "\"}";
            first.send("POST " + PATH + " HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            // The interim answer comes after the reservation: from here on the first body holds the budget.
            assertThat(first.response().status()).isEqualTo(100);
            first.send(body.substring(0, 100));

            String small = "{\"model\":\"m\"}";
            try (RawConnection second = new RawConnection(airlock.port(), 10_000)) {
                second.send("POST " + PATH + " HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + small.length() + "\r\n\r\n");
                RawConnection.Response shed = second.response(); // answered before its body was sent
                assertThat(shed.status()).isEqualTo(503);
                assertThat(shed.header("retry-after")).isEqualTo("1");
                assertThat(shed.text()).contains("limits.maxBufferedBytes");
            }

            first.send(body.substring(100));
            assertThat(first.response().status()).isEqualTo(200);
        }
    }
}
