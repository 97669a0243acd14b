package dev.airlock.proxy.server;

import dev.airlock.config.Dialect;
import dev.airlock.proxy.answer.ErrorAnswer;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.answer.EventIds;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict request framing (the cases Netty's decoder tolerates or leaves to the application): exactly one
 * {@code Transfer-Encoding: chunked} or one numeric {@code Content-Length}, never both, no transfer coding on
 * HTTP/1.0, exactly one {@code Host}, a bounded number of header fields, and answers
 * 414/431 for the decoder's own limits. A rejected request is answered and the connection closed: after a framing
 * error the rest of the byte stream cannot be trusted. An {@code Upgrade: h2c} request is not refused but declined:
 * it is answered in HTTP/1.1 (the JDK's HttpClient asks for h2c on every plain-http request) and the upgrade
 * headers are dropped as hop-by-hop.
 */
final class ClientRequestValidator extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientRequestValidator.class);

    private final int maxHeaderCount;
    /** The error shape of the route a request target names, for refusals of a request whose line was read. */
    private final Function<String, Dialect> dialects;
    private boolean rejected;
    /** The target of the request whose body is being read, or null. */
    private String target;

    ClientRequestValidator(int maxHeaderCount, Function<String, Dialect> dialects) {
        this.maxHeaderCount = maxHeaderCount;
        this.dialects = dialects;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            String problem = problem(req);
            target = req.uri(); // a head the decoder refused still has its line: only the route is read from it
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                if (!ctx.channel().isActive()) {
                    // The decoder's PrematureChannelClosureException for a head cut off by the close (a client that
                    // left, or a 408 already sent): nobody to answer, and nothing was refused.
                    rejected = true;
                    return;
                }
                reject(ctx, kindOf(req.decoderResult()), problem);
                return;
            }
        } else if (msg instanceof HttpContent c && c.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            reject(ctx, ErrorKind.BAD_REQUEST, "malformed chunked body (expected: chunk sizes in hex, each chunk "
                    + "followed by CRLF)");
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HeadGuard.MalformedHeadException && !rejected) {
            reject(ctx, ErrorKind.BAD_REQUEST, cause.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private String problem(HttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            return describe(result.cause());
        }
        HttpVersion version = req.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return "an unsupported HTTP version (expected: HTTP/1.1 or HTTP/1.0)";
        }
        if (hasDotSegment(req.uri())) {
            // A route's upstream may have a base path (https://llm.corp/v1): ../ would leave it once the upstream
            // normalises the path. No client of an AI API writes one.
            return "a '.' or '..' segment in the request path (expected: a path without dot segments)";
        }
        HttpHeaders h = req.headers();
        if (h.size() > maxHeaderCount) {
            return h.size() + " header fields (expected: at most " + maxHeaderCount + ", limits.maxHeaderCount)";
        }
        List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> cl = h.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (!te.isEmpty()) {
            if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return "Transfer-Encoding on an HTTP/1.0 request (expected: Content-Length)";
            }
            if (te.size() != 1 || !te.get(0).strip().equalsIgnoreCase("chunked")) {
                return "Transfer-Encoding other than a single \"chunked\" (expected: exactly chunked, or Content-Length)";
            }
            if (!cl.isEmpty()) {
                return "both Content-Length and Transfer-Encoding (expected: one of them)";
            }
        }
        if (cl.size() > 1) {
            return "several Content-Length fields (expected: one)";
        }
        if (cl.size() == 1 && !isDigits(cl.get(0).strip())) {
            return "Content-Length is not a number (expected: decimal digits)";
        }
        List<String> host = h.getAll(HttpHeaderNames.HOST);
        if (host.size() > 1) {
            return "several Host fields (expected: one)";
        }
        if (host.isEmpty() && !req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return "no Host header (expected: one, as HTTP/1.1 requires)";
        }
        if (req.method().equals(HttpMethod.CONNECT) && (!cl.isEmpty() && !cl.get(0).strip().equals("0") || !te.isEmpty())) {
            return "CONNECT with a body (expected: none)";
        }
        return null;
    }

    /**
     * Whether the path of a request target (origin-form, or absolute-form after its authority) has a {@code .} or
     * {@code ..} segment, written plainly or percent-encoded.
     */
    static boolean hasDotSegment(String target) {
        int start = 0;
        int scheme = target.indexOf("://");
        if (!target.startsWith("/")) {
            if (scheme < 0) {
                return false; // CONNECT's authority-form, OPTIONS *
            }
            start = target.indexOf('/', scheme + 3);
            if (start < 0) {
                return false;
            }
        }
        int end = target.length();
        for (int i = start; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int segment = start + 1;
        for (int i = segment; i <= end; i++) {
            if (i == end || target.charAt(i) == '/') {
                if (isDots(target, segment, i)) {
                    return true;
                }
                segment = i + 1;
            }
        }
        return false;
    }

    /** {@code .} or {@code ..}, each dot written as {@code .} or {@code %2e}. */
    private static boolean isDots(String s, int from, int to) {
        int dots = 0;
        int i = from;
        while (i < to) {
            if (s.charAt(i) == '.') {
                i++;
            } else if (i + 3 <= to && s.regionMatches(true, i, "%2e", 0, 3)) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }

    /**
     * Decoder failures in fixed words: Netty's own messages may quote the offending header, so they are matched, never
     * echoed.
     */
    private static String describe(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return "the request line is too long (expected: at most limits.maxRequestLineBytes)";
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return "the request headers are too large (expected: at most limits.maxHeaderBytes in total)";
        }
        if (cause instanceof TooLongFrameException) {
            return "a request line or header is too long";
        }
        String type = cause.getClass().getSimpleName();
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (type.equals("ContentLengthNotAllowedException") || message.startsWith("Content-Length are not allowed")) {
            return "both Content-Length and Transfer-Encoding (expected: one of them)";
        }
        if (type.equals("TransferEncodingNotAllowedException") || message.contains("only allowed in HTTP/1.1")) {
            return "Transfer-Encoding on an HTTP/1.0 request (expected: Content-Length)";
        }
        if (message.contains("transfer coding") || message.contains("Transfer-Encoding header")) {
            return "Transfer-Encoding other than a single \"chunked\" (expected: exactly chunked, or Content-Length)";
        }
        if (message.startsWith("Multiple Content-Length")) {
            return "several Content-Length fields (expected: one)";
        }
        if (message.startsWith("Content-Length value") || message.startsWith("Invalid content length")) {
            return "Content-Length is not a non-negative number (expected: decimal digits)";
        }
        if (type.equals("InvalidLineSeparatorException")) {
            return "a line ending other than CRLF (expected: CRLF after the request line and each header)";
        }
        if (message.startsWith("No colon found")) {
            return "a header line without a colon (expected: name: value)";
        }
        if (message.contains("header name") || message.startsWith("Invalid separator")) {
            return "an invalid header name or separator (expected: a token, then a colon right after it)";
        }
        return "malformed request head (" + type
                + "; expected: an HTTP/1.1 request line and header fields per RFC 9112)";
    }

    private static ErrorKind kindOf(DecoderResult result) {
        if (result.isFailure() && result.cause() instanceof TooLongHttpLineException) {
            return ErrorKind.URI_TOO_LONG;
        }
        if (result.isFailure() && result.cause() instanceof TooLongHttpHeaderException) {
            return ErrorKind.HEADERS_TOO_LARGE;
        }
        return ErrorKind.BAD_REQUEST;
    }

    /** Header count over the limit is a 431 too, though the decoder accepted it. */
    private void reject(ChannelHandlerContext ctx, ErrorKind kind, String problem) {
        rejected = true;
        ErrorKind k = kind == ErrorKind.BAD_REQUEST && problem.contains("limits.maxHeaderCount") ? ErrorKind.HEADERS_TOO_LARGE : kind;
        ErrorAnswer answer = new ErrorAnswer(k, "Airlock refused a malformed request: " + problem + ".", EventIds.next());
        log.info("[{}] refused request: {} {} event={}", ctx.channel().id().asShortText(), k.status(), problem,
                answer.eventId());
        ctx.channel().config().setAutoRead(false);
        Answers.write(ctx, answer, target == null ? Dialect.OPENAI : dialects.apply(target), true);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
