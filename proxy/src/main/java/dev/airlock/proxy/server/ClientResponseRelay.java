package dev.airlock.proxy.server;

import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.response.BodyRewrite;
import dev.airlock.proxy.response.ResponseDecoding;
import dev.airlock.proxy.response.ResponseDecodingException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one provider response to the client as it arrives: the head with hop-by-hop headers removed and framing
 * rebuilt for this client, then each body piece flushed at once (an SSE event is never held back whole). The next
 * piece is read from the provider only after the previous one was written, so a slow client slows the provider
 * connection instead of filling memory.
 *
 * <p>The body passes through up to three stages, each only when needed: decoding (a provider that compressed although
 * asked for identity), redaction of credentials the model writes ({@code response.action: redact}), and the restore of
 * the request's own secrets in tool-call arguments. Redaction comes first: it sees only what the model wrote, so a
 * secret restored on purpose is never redacted again; a credential the model writes that is one of the request's own
 * secrets becomes that secret's placeholder, which the restore then puts back where it would put it back anyway. The
 * record-only scan reads the decoded body as the provider sent it.
 */
final class ClientResponseRelay implements UpstreamListener {

    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    private final ClientExchangeHandler owner;
    private int status;
    /** Reads along what the model writes back, for credentials; null when the body is not text it reads. */
    private ResponseScan scan;
    /** Undoes the provider's compression, for the scan and the rewrite; null when the body is not compressed. */
    private ResponseDecoding decoder;
    /** Redaction, then restore, on the decoded body; null when the answer goes to the client as it came. */
    private BodyRewrite rewrite;
    /** Fingerprints of the credentials redaction replaced, to tell the audit which findings the client never saw. */
    private final Set<String> redacted = new HashSet<>();

    ClientResponseRelay(ChannelHandlerContext ctx, Exchange exchange, ClientExchangeHandler owner) {
        this.ctx = ctx;
        this.exchange = exchange;
        this.owner = owner;
    }

    @Override
    public void onResponseHead(HttpResponse upstream) {
        ProxyRuntime runtime = owner.runtime();
        runtime.metrics().upstreamLatency(exchange.routeName(), System.nanoTime() - exchange.sentNanos);
        status = upstream.status().code();
        String type = upstream.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String encoding = upstream.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        boolean bodyless = exchange.head.method().equals(HttpMethod.HEAD) || status == 204 || status == 304;
        boolean compressed = encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity");
        boolean decodable = compressed && !bodyless && ResponseDecoding.supports(encoding);
        if (!bodyless && exchange.scan) {
            BodyRewrite redaction = runtime.responseRedaction() == null ? null
                    : runtime.responseRedaction().forResponse(type, this::redacted);
            RestoreStream restore = RestoreStream.forResponse(runtime.vault().only(exchange.placeholders),
                    runtime.restore(), status, type, null, runtime.metrics()::restored);
            if (compressed && !decodable) {
                if (redaction != null) {
                    refuseUnreadable(encoding);
                    return;
                }
                restore = null; // the client gets the placeholders, never a secret it cannot be handed here
            }
            rewrite = BodyRewrite.chain(redaction, restore);
        }
        scan = runtime.inspector().responseScan(type, decodable ? null : encoding,
                () -> RequestInspector.partition(HopByHop.endToEnd(exchange.head.headers()), exchange.head.uri()));
        if (decodable && (rewrite != null || scan != null)) {
            decoder = ResponseDecoding.of(encoding);
        }
        HttpVersion version = exchange.head.protocolVersion();
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstream.status(),
                upstream.headers().copy());
        HopByHop.strip(res.headers());
        if (rewrite != null) {
            res.headers().remove(HttpHeaderNames.CONTENT_LENGTH); // a secret is rarely as long as its placeholder
            if (decoder != null) {
                res.headers().remove(HttpHeaderNames.CONTENT_ENCODING); // the client gets the decoded body
            }
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

    /**
     * A compressed answer that cannot be decoded as it streams (brotli, stacked codings) while credentials must be
     * redacted: refused whole rather than passed on unread. Airlock asked for identity, so only a provider that ignores
     * that gets here.
     */
    private void refuseUnreadable(String encoding) {
        exchange.call.abort();
        owner.runtime().metrics().upstreamError(exchange.routeName(), UpstreamFailure.Kind.PROTOCOL.label());
        String coding = encoding.strip().length() <= 32 && encoding.strip().matches("[A-Za-z0-9, -]+")
                ? "\"" + encoding.strip() + "\"" : "(unreadable)";
        owner.answer(exchange, ErrorKind.BAD_GATEWAY, "Airlock could not read the provider's answer to redact it: it "
                + "came with Content-Encoding " + coding + " although identity was asked for (expected: identity, gzip,"
                + " deflate or zstd).");
    }

    private void redacted(String ruleId, String fingerprint) {
        owner.runtime().metrics().responseRedaction(ruleId);
        if (redacted.size() < 1024) {
            redacted.add(fingerprint);
        }
    }

    @Override
    public void onContent(HttpContent content, boolean last) {
        HttpContent out = content;
        if (scan != null || rewrite != null || decoder != null) {
            // Copied before the write: once handed to the client the buffer is the transport's to release.
            ByteBuf piece = content.content();
            byte[] bytes = ByteBufUtil.getBytes(piece, piece.readerIndex(), piece.readableBytes(), false);
            byte[] decoded;
            try {
                decoded = decoded(bytes, last);
            } catch (ResponseDecodingException e) {
                if (rewrite != null) {
                    content.release();
                    failUndecodable(e);
                    return;
                }
                decoded = null; // the client decodes its own copy; the scan records what it read and stops
                decoder.close();
                decoder = null;
                finishScan();
            }
            if (scan != null && decoded != null) {
                scan.feed(decoded, 0, decoded.length);
            }
            if (rewrite != null) {
                out = rewritten(content, bytes, decoded, last);
                if (out == null) { // all of it held (a cut line, an undecided tail): nothing to write yet
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

    /** The piece decoded ({@code bytes} itself when the body is not compressed). */
    private byte[] decoded(byte[] bytes, boolean last) {
        if (decoder == null) {
            return bytes;
        }
        byte[] decoded = decoder.feed(bytes);
        if (last) {
            decoder.finish();
            decoder.close();
        }
        return decoded;
    }

    /** The provider's compressed stream broke mid-answer: the client sees a broken response, not a clean end. */
    private void failUndecodable(ResponseDecodingException e) {
        decoder.close();
        exchange.call.abort();
        UpstreamFailure failure = new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, e.getMessage());
        owner.runtime().metrics().upstreamError(exchange.routeName(), failure.kind().label());
        finishScan();
        owner.abort(exchange, status, failure);
    }

    /**
     * What to write in place of {@code content}: {@code content} itself when the rewrite left it as it came (and it was
     * not compressed), else a new piece (and {@code content} is released); null when all of it is held for now.
     */
    private HttpContent rewritten(HttpContent content, byte[] bytes, byte[] decoded, boolean last) {
        byte[] result = rewrite.feed(decoded);
        if (last) {
            byte[] rest = rewrite.finish();
            if (rest.length > 0) {
                byte[] both = new byte[result.length + rest.length];
                System.arraycopy(result, 0, both, 0, result.length);
                System.arraycopy(rest, 0, both, result.length, rest.length);
                result = both;
            }
        }
        if (result == bytes) {
            return content;
        }
        if (!last && result.length == 0) {
            content.release();
            return null;
        }
        HttpContent out;
        if (last) {
            LastHttpContent end = new DefaultLastHttpContent(Unpooled.wrappedBuffer(result));
            if (content instanceof LastHttpContent lc) {
                end.trailingHeaders().set(lc.trailingHeaders());
            }
            out = end;
        } else {
            out = new DefaultHttpContent(Unpooled.wrappedBuffer(result));
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
            owner.responseFindings(exchange, found, redacted);
        }
    }

    @Override
    public void onFailure(UpstreamFailure failure, boolean responseStarted) {
        owner.runtime().metrics().upstreamError(exchange.routeName(), failure.kind().label());
        if (decoder != null) {
            decoder.close();
        }
        finishScan();
        if (responseStarted) {
            owner.abort(exchange, status, failure);
            return;
        }
        ErrorKind kind = failure.kind() == UpstreamFailure.Kind.IDLE ? ErrorKind.GATEWAY_TIMEOUT : ErrorKind.BAD_GATEWAY;
        owner.answer(exchange, kind, "Airlock could not get an answer from the provider: " + failure.message() + ".");
    }
}
