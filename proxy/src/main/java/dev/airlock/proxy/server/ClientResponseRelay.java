package dev.airlock.proxy.server;

import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.response.ResponseScan;
import dev.airlock.proxy.response.RestoreStream;
import dev.airlock.proxy.upstream.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import dev.airlock.proxy.upstream.UpstreamListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Writes one provider response to the client as it arrives: the head with hop-by-hop headers removed and framing
 * rebuilt for this client, then each body piece flushed at once (an SSE event is never held back). The next piece
 * is read from the provider only after the previous one was written, so a slow client slows the provider
 * connection instead of filling memory. Where a redacted secret may come back, the pieces pass through a
 * {@link RestoreStream} that puts it back in tool-call arguments (it holds only a line cut mid-way, or a whole JSON
 * answer); the scan reads what the provider sent.
 */
final class ClientResponseRelay implements UpstreamListener {

    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    private final ClientExchangeHandler owner;
    private int status;
    /** Reads along what the model writes back, for credentials; null when the body is not text it reads. */
    private ResponseScan scan;
    /** Puts redacted secrets back into the answer; null when this answer needs none. */
    private RestoreStream restore;

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
        ProxyRuntime runtime = owner.runtime();
        restore = bodyless ? null : RestoreStream.forResponse(runtime.vault().only(exchange.placeholders),
                runtime.restore(), status,
                upstream.headers().get(HttpHeaderNames.CONTENT_TYPE),
                upstream.headers().get(HttpHeaderNames.CONTENT_ENCODING), exchange.head.uri(),
                runtime.metrics()::restored);
        if (restore != null) {
            res.headers().remove(HttpHeaderNames.CONTENT_LENGTH); // a secret is rarely as long as its placeholder
        }
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
        HttpContent out = content;
        if (scan != null || restore != null) {
            // Copied before the write: once handed to the client the buffer is the transport's to release.
            ByteBuf piece = content.content();
            byte[] bytes = ByteBufUtil.getBytes(piece, piece.readerIndex(), piece.readableBytes(), false);
            if (scan != null) {
                scan.feed(bytes, 0, bytes.length);
            }
            if (restore != null) {
                out = restored(content, bytes, last);
                if (out == null) { // all of it held (a cut line): nothing to write yet
                    exchange.call.read();
                    if (scan != null) {
                        scan.scanIfDue();
                    }
                    return;
                }
            }
        }
        ctx.writeAndFlush(out).addListener(f -> {
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

    /**
     * What to write in place of {@code content}: {@code content} itself when the restore left it as it was, else a new
     * piece (and {@code content} is released); null when all of it is held for now.
     */
    private HttpContent restored(HttpContent content, byte[] bytes, boolean last) {
        byte[] rewritten = restore.feed(bytes);
        if (last) {
            byte[] rest = restore.finish();
            if (rest.length > 0) {
                byte[] both = new byte[rewritten.length + rest.length];
                System.arraycopy(rewritten, 0, both, 0, rewritten.length);
                System.arraycopy(rest, 0, both, rewritten.length, rest.length);
                rewritten = both;
            }
        }
        if (rewritten == bytes) {
            return content;
        }
        if (!last && rewritten.length == 0) {
            content.release();
            return null;
        }
        HttpContent out;
        if (last) {
            LastHttpContent end = new DefaultLastHttpContent(Unpooled.wrappedBuffer(rewritten));
            if (content instanceof LastHttpContent lc) {
                end.trailingHeaders().set(lc.trailingHeaders());
            }
            out = end;
        } else {
            out = new DefaultHttpContent(Unpooled.wrappedBuffer(rewritten));
        }
        content.release();
        return out;
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
