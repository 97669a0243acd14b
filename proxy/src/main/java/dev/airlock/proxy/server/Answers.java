package dev.airlock.proxy.server;

import dev.airlock.config.Dialect;
import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Writes Airlock's own answers: provider-shaped JSON, no-retry marking for refusals, the event id. */
final class Answers {

    private Answers() {
    }

    static ChannelFuture write(ChannelHandlerContext ctx, ErrorAnswer answer, Dialect dialect, boolean close) {
        ErrorKind kind = answer.kind();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(kind.status()),
                Unpooled.wrappedBuffer(answer.body(dialect)));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        res.headers().set(ErrorAnswer.EVENT_ID_HEADER, answer.eventId());
        if (!kind.retryable()) {
            res.headers().set("x-should-retry", "false");
        }
        if (kind == ErrorKind.PROXY_AUTH_REQUIRED) {
            res.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"Airlock\", charset=\"UTF-8\"");
        }
        if (kind == ErrorKind.OVERLOADED) {
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        if (close) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ctx.writeAndFlush(res);
        if (close) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}
