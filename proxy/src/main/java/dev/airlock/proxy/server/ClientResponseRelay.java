package dev.airlock.proxy.server;

import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.response.ResponseScan;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import dev.airlock.proxy.upstream.UpstreamListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Writes one provider response to the client as it arrives: the head with hop-by-hop headers removed and framing
 * rebuilt for this client, then each body piece flushed at once (an SSE event is never held back). The next piece
 * is read from the provider only after the previous one was written, so a slow client slows the provider
 * connection instead of filling memory.
 */
final class ClientResponseRelay implements UpstreamListener {

    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    private final ClientExchangeHandler owner;
    private int status;
    /** Reads along what the model writes back, for credentials; null when the body is not text it reads. */
    private ResponseScan scan;

    ClientResponseRelay(ChannelHandlerContext ctx, Exchange exchange, ClientExchangeHandler owner) {
        this.ctx = ctx;
        this.exchange = exchange;
        this.owner = owner;
    }

    @Override
    public void onResponseHead(HttpResponse upstream) {
        owner.runtime().metrics().upstreamLatency(exchange.routeName(), System.nanoTime() - exchange.sentNanos);
        status = upstream.status().code();
        scan = owner.runtime().inspector().responseScan(upstream.headers().get(HttpHeaderNames.CONTENT_TYPE),
                upstream.headers().get(HttpHeaderNames.CONTENT_ENCODING));
        HttpVersion version = exchange.head.protocolVersion();
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstream.status(),
                upstream.headers().copy());
        HopByHop.strip(res.headers());
        boolean bodyless = exchange.head.method().equals(HttpMethod.HEAD) || status == 204 || status == 304;
        if (!bodyless && !res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (version.equals(HttpVersion.HTTP_1_1)) {
                HttpUtil.setTransferEncodingChunked(res, true);
            } else {
                exchange.keepAlive = false; // an HTTP/1.0 client learns the end from the close
            }
        }
        if (exchange.redactions > 0) {
            res.headers().set("x-airlock-redactions", exchange.redactions);
            res.headers().set(ErrorAnswer.EVENT_ID_HEADER, exchange.eventId);
        }
        if (!exchange.keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        exchange.responseStarted = true;
        ctx.writeAndFlush(res).addListener(f -> {
            if (f.isSuccess()) {
                exchange.call.read();
            } else {
                exchange.call.abort();
            }
        });
    }

    @Override
    public void onContent(HttpContent content, boolean last) {
        if (scan != null) {
            // Copied before the write: once handed to the client the buffer is the transport's to release.
            ByteBuf piece = content.content();
            byte[] bytes = ByteBufUtil.getBytes(piece, piece.readerIndex(), piece.readableBytes(), false);
            scan.feed(bytes, 0, bytes.length);
        }
        ctx.writeAndFlush(content).addListener(f -> {
            if (!f.isSuccess()) {
                exchange.call.abort();
                ctx.close();
            } else if (last) {
                owner.finish(exchange, status);
            } else {
                exchange.call.read();
            }
        });
        // After the write is on its way: looking at the text never holds the stream back.
        if (last) {
            finishScan();
        } else if (scan != null) {
            scan.scanIfDue();
        }
    }

    /** The body ended, whole or broken: what the client did receive is recorded either way. */
    private void finishScan() {
        if (scan == null) {
            return;
        }
        List<Hit> found = scan.finish();
        scan = null;
        if (!found.isEmpty()) {
            owner.responseFindings(exchange, found);
        }
    }

    @Override
    public void onFailure(UpstreamFailure failure, boolean responseStarted) {
        owner.runtime().metrics().upstreamError(exchange.routeName(), failure.kind().label());
        finishScan();
        if (responseStarted) {
            owner.abort(exchange, status, failure);
            return;
        }
        ErrorKind kind = failure.kind() == UpstreamFailure.Kind.IDLE ? ErrorKind.GATEWAY_TIMEOUT : ErrorKind.BAD_GATEWAY;
        owner.answer(exchange, kind, "Airlock could not get an answer from the provider: " + failure.message() + ".");
    }
}
