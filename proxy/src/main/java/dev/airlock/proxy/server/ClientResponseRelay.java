package dev.airlock.proxy.server;

import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.upstream.UpstreamFailure;
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

    ClientResponseRelay(ChannelHandlerContext ctx, Exchange exchange, ClientExchangeHandler owner) {
        this.ctx = ctx;
        this.exchange = exchange;
        this.owner = owner;
    }

    @Override
    public void onResponseHead(HttpResponse upstream) {
        owner.runtime().metrics().upstreamLatency(exchange.routeName(), System.nanoTime() - exchange.sentNanos);
        status = upstream.status().code();
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
    }

    @Override
    public void onFailure(UpstreamFailure failure, boolean responseStarted) {
        owner.runtime().metrics().upstreamError(exchange.routeName(), failure.kind().label());
        if (responseStarted) {
            owner.abort(exchange, status, failure);
            return;
        }
        ErrorKind kind = failure.kind() == UpstreamFailure.Kind.IDLE ? ErrorKind.GATEWAY_TIMEOUT : ErrorKind.BAD_GATEWAY;
        owner.answer(exchange, kind, "Airlock could not get an answer from the provider: " + failure.message() + ".");
    }
}
