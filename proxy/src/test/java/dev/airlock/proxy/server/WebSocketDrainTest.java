package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.API_KEY;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shutting down with WebSockets open: each is closed with 1001 Going Away, an idle one at once and one whose response
 * is under way once that response has ended, so the client gets its answer and reconnects elsewhere.
 */
@Timeout(60)
class WebSocketDrainTest extends WebSocketLiveTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private JdkWebSocket open() throws Exception {
        JdkWebSocket client = JdkWebSocket.open(HttpClient.newHttpClient(),
                URI.create("ws://127.0.0.1:" + airlock.port() + PATH), Map.of("authorization", "Bearer " + API_KEY));
        fake.takeHandshake(WAIT);
        return client;
    }

    @Test
    void anIdleSocketIsClosedWithGoingAwayAndDoesNotHoldTheDrainToItsDeadline() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        CompletableFuture<Void> stopping = closeAsync();

        assertThat(client.takeClose(WAIT)).isEqualTo(1001);
        assertThat(fake.takeClose(WAIT)).isEqualTo(1001);
        stopping.get(DEADLINE.toSeconds() / 2, TimeUnit.SECONDS); // well before the deadline: nothing held it
    }

    @Test
    void aResponseUnderWayReachesTheClientBeforeItsSocketIsClosed() throws Exception {
        startScanning(c -> c);
        JdkWebSocket client = open();
        client.socket.sendText(WebSocketResponsesTest.responseCreate("what does this function do?"), true).get();
        fake.takeMessage(WAIT);
        fake.send("{\"type\":\"response.created\"}");
        assertThat(client.takeText(WAIT)).contains("response.created");

        URI admin = airlock.admin();
        CompletableFuture<Void> stopping = closeAsync();
        awaitNotReady(admin); // the drain has begun
        fake.send("{\"type\":\"response.output_text.delta\",\"delta\":\"It parses\"}");
        assertThat(client.takeText(WAIT)).contains("It parses");
        assertThat(client.pendingCloses()).as("closed while the response was under way").isZero();
        assertThat(stopping).isNotDone();

        fake.send("{\"type\":\"response.completed\"}");
        assertThat(client.takeText(WAIT)).contains("response.completed");
        assertThat(client.takeClose(WAIT)).isEqualTo(1001);
        assertThat(fake.takeClose(WAIT)).isEqualTo(1001);
        stopping.get(DEADLINE.toSeconds() / 2, TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> closeAsync() {
        RunningAirlock stopped = airlock;
        airlock = null; // closed here, not again after the test
        return stopped.closeAsync(DEADLINE);
    }

    private static void awaitNotReady(URI admin) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(admin.resolve("/readyz")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 503) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/readyz never turned 503");
    }
}
