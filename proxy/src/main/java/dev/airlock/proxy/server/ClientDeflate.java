package dev.airlock.proxy.server;

import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Map;

/**
 * permessage-deflate (RFC 7692) with the client, negotiated by Netty's server handshaker from the client's offer.
 * Negotiated here rather than by Netty's extension handler because the client's 101 is written only once the
 * provider accepted its own upgrade, long after the request passed through the pipeline. A decompressed frame is
 * bounded by {@code maxBytes}: a small compressed frame cannot expand past the message limit.
 */
final class ClientDeflate {

    private final WebSocketServerExtension extension;

    private ClientDeflate(WebSocketServerExtension extension) {
        this.extension = extension;
    }

    /** The extension to use, or null when the client offered none Airlock accepts (the socket is then uncompressed). */
    static ClientDeflate negotiate(String offer, int maxBytes) {
        if (offer == null || offer.isBlank()) {
            return null;
        }
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(maxBytes);
        try {
            for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offer)) {
                WebSocketServerExtension accepted = handshaker.handshakeExtension(data);
                if (accepted != null) {
                    return new ClientDeflate(accepted);
                }
            }
        } catch (RuntimeException e) {
            return null; // an offer Netty cannot read (a window size that is no number) is declined, not an error
        }
        return null;
    }

    /** The {@code Sec-WebSocket-Extensions} value of the 101. */
    String header() {
        WebSocketExtensionData data = extension.newReponseData();
        StringBuilder out = new StringBuilder(data.name());
        for (Map.Entry<String, String> p : data.parameters().entrySet()) {
            out.append("; ").append(p.getKey());
            if (p.getValue() != null) {
                out.append('=').append(p.getValue());
            }
        }
        return out.toString();
    }

    WebSocketExtensionDecoder decoder() {
        return extension.newExtensionDecoder();
    }

    WebSocketExtensionEncoder encoder() {
        return extension.newExtensionEncoder();
    }
}
