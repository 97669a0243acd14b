package dev.airlock.proxy.server;

import dev.airlock.proxy.inspect.Header;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.payload.Spliced;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The request sent to the provider: always HTTP/1.1 with framing rebuilt (one {@code Content-Length}, never the
 * client's {@code Transfer-Encoding}), the provider's {@code Host}, and the end-to-end headers as inspected.
 *
 * <p>When the answer may be rewritten (a secret restored, a credential the model writes redacted), the provider is
 * asked for {@code Accept-Encoding: identity}. A compressed answer could only be rewritten by decoding it, and a
 * compressor holds output back until it has a block's worth, which would stop the event-by-event stream anyway; the
 * cost is bandwidth between provider and proxy only, and answers to requests without a secret keep the client's
 * encoding. A provider that compresses anyway is decoded as it streams ({@code ResponseDecoding}).
 */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    /** @param identity ask for an uncompressed answer, whatever the client accepts */
    static FullHttpRequest build(ByteBufAllocator alloc, HttpRequest client, String hostHeader, Inspection.Forward f,
                                 boolean identity) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, client.method(), f.target(),
                buffer(alloc, f.body()));
        HttpHeaders h = req.headers();
        for (Header header : f.headers()) {
            // A body forwarded decoded (because it was redacted) no longer has the client's encoding.
            if (!(f.bodyDecoded() && header.name().equalsIgnoreCase("content-encoding"))) {
                h.add(header.name(), header.value());
            }
        }
        h.set(HttpHeaderNames.HOST, hostHeader);
        if (identity) {
            h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        }
        if (f.body().length() > 0 || HttpUtil.getContentLength(client, -1L) >= 0
                || HttpUtil.isTransferEncodingChunked(client)) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, f.body().length());
        }
        return req;
    }

    /**
     * The body in one pooled direct buffer, its pieces written straight in: where TLS reads it without another copy.
     * Handing the pieces over as a composite of heap slices measured worse than joining them on the heap (the load
     * harness: a fifth less throughput); the TLS engine reads direct memory, so heap input is copied there anyway.
     */
    static ByteBuf buffer(ByteBufAllocator alloc, Spliced body) {
        if (body.length() == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf out = alloc.directBuffer(body.length(), body.length());
        body.forEach(out::writeBytes);
        return out;
    }
}
