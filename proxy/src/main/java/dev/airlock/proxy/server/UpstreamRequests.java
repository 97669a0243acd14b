package dev.airlock.proxy.server;

import dev.airlock.proxy.inspect.Header;
import dev.airlock.proxy.inspect.Inspection;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The request sent to the provider: always HTTP/1.1 with framing rebuilt (one {@code Content-Length}, never the
 * client's {@code Transfer-Encoding}), the provider's {@code Host}, and the end-to-end headers as inspected.
 */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    static FullHttpRequest build(HttpRequest client, String hostHeader, Inspection.Forward f) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, client.method(), f.target(),
                Unpooled.wrappedBuffer(f.body()));
        HttpHeaders h = req.headers();
        for (Header header : f.headers()) {
            // A body forwarded decoded (because it was redacted) no longer has the client's encoding.
            if (!(f.bodyDecoded() && header.name().equalsIgnoreCase("content-encoding"))) {
                h.add(header.name(), header.value());
            }
        }
        h.set(HttpHeaderNames.HOST, hostHeader);
        if (f.body().length > 0 || HttpUtil.getContentLength(client, -1L) >= 0 || HttpUtil.isTransferEncodingChunked(client)) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, f.body().length);
        }
        return req;
    }
}
