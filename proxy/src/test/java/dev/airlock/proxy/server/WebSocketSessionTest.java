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

    private static WebSocketSession session(String uri, String name, String credential) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        head.headers().set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13")
                .set("OpenAI-Beta", "responses_websockets=2026-02-06");
        if (name != null) {
            head.headers().set(name, credential);
        }
        return new WebSocketSession(null, head, null, null, null, null, null);
    }

    @Test
    void messagesAreScannedInTheirHandshakesClientPartition() {
        // Each message is a request body of its own: what the scanner remembers of it is this client's only.
        String responses = "/openai/v1/responses";
        assertThat(session(responses, "Authorization", "Bearer one").partition)
                .isEqualTo(RequestInspector.partition(List.of(new Header("authorization", "Bearer one")), responses))
                .isNotEqualTo(session(responses, "Authorization", "Bearer two").partition)
                .isNotEmpty();
        // A browser offers its key as a subprotocol; Gemini Live takes it in the query string.
        assertThat(session("/openai/v1/realtime", "Sec-WebSocket-Protocol", "realtime, openai-insecure-api-key.one")
                .partition).isNotEqualTo(session("/openai/v1/realtime", "Sec-WebSocket-Protocol",
                        "realtime, openai-insecure-api-key.two").partition);
        assertThat(session("/gemini/ws/live?key=one", null, null).partition)
                .isNotEqualTo(session("/gemini/ws/live?key=two", null, null).partition);
    }
}
