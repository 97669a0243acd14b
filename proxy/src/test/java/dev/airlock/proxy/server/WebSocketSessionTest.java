package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.inspect.Header;
import dev.airlock.proxy.inspect.RequestInspector;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketSessionTest {

    private static WebSocketSession session(String authorization) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/openai/v1/responses");
        head.headers().set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13")
                .set("Authorization", authorization).set("OpenAI-Beta", "responses_websockets=2026-02-06");
        return new WebSocketSession(null, head, null, null, null, null, null);
    }

    @Test
    void messagesAreScannedInTheirHandshakesClientPartition() {
        // Each message is a request body of its own: what the scanner remembers of it is this client's only.
        assertThat(session("Bearer one").partition)
                .isEqualTo(RequestInspector.partition(List.of(new Header("authorization", "Bearer one"))))
                .isNotEqualTo(session("Bearer two").partition)
                .isNotEmpty();
    }
}
