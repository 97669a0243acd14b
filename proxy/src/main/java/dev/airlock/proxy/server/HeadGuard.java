package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level check of every request head, placed directly before the {@code HttpRequestDecoder} of a client
 * connection (HARDENING §2). Netty joins obs-fold continuation lines into the previous header value, so once
 * decoded they can no longer be told apart; this guard sees the raw bytes and reports, as a
 * {@link MalformedHeadException} fired down the pipeline, obs-fold, a head (request line included) beginning
 * with whitespace, bare CR, bare LF, NUL and other control bytes (anything below 0x20 except HT, and 0x7F).
 * Empty lines before a request line are skipped as RFC 9112 §2.2 allows. The guard writes no response: the
 * handler that maps errors to statuses answers 400 and closes.
 *
 * <p>Why a plain {@link ChannelInboundHandlerAdapter} and not a {@code ByteToMessageDecoder}: the guard is a
 * byte-at-a-time state machine, so it never needs to hold bytes back. A decoder would copy every read into its
 * cumulation and hand on new buffers; this way each inbound buffer is passed on as it is (zero copy, nothing
 * buffered, nothing to release when the handler is removed) and a read allocates nothing.
 *
 * <p>Bodies are never scanned. To find where a body ends without re-implementing HTTP framing, the guard reads
 * only {@code Content-Length} and {@code Transfer-Encoding} from the head it has just checked. No framing
 * header means the next byte starts the next head; exactly one all-digit {@code Content-Length} means that many
 * body bytes are skipped. Anything else (a {@code Transfer-Encoding} of any value, several or non-digit
 * {@code Content-Length}s, or Hixie-76 WebSocket key headers, for which Netty frames an 8-byte body without a
 * {@code Content-Length}) makes the connection {@linkplain #opaque() opaque}: the guard stops scanning for good
 * and the caller closes the connection after the response to that head ({@link #locatesHeadAfter}). The guard runs
 * ahead of the decoder (it scans a whole read first), so it may turn opaque on a pipelined head while an earlier one
 * is still being served: the earlier one keeps its connection, since the head after it was located exactly. That is
 * what keeps the guard exact: on any connection it still scans, guard and decoder agree where every head starts, so
 * every head the decoder acts on has been checked. Malformed framing itself is answered by the decoder and the framing validator after it.
 *
 * <p>{@code maxHeadBytes} counts the bytes of the request line and header lines without their CRLFs, the same
 * way the decoder counts its {@code maxInitialLineLength} and {@code maxHeaderSize}. A head over the limit is
 * not rejected here: the guard stops scanning (the connection becomes opaque, since the guard can no longer
 * know where that head ends) and passes the bytes on, and the decoder answers 414/431 by its own limits. For
 * that to hold, {@code maxHeadBytes} must be at least {@code maxInitialLineLength + maxHeaderSize}, so that the
 * guard never gives up on a head the decoder would accept.
 *
 * <p>Two things would let the decoder re-frame bytes behind the guard's back, and the pipeline must avoid them:
 * resetting the decoder mid-body (Netty does that on {@link HttpExpectationFailedEvent}, which is why the guard
 * turns opaque when it sees one) and leaving HTTP/1 (CONNECT tunnel, upgrade), where the guard must be removed
 * together with the decoder. For CONNECT the guard does that itself: after a {@code CONNECT} head it
 * {@linkplain #takeHeld() holds} every later byte (a client may send its TLS ClientHello before the answer), so the
 * decoder never parses tunnel bytes as HTTP; whoever answers the CONNECT takes them and removes both.
 *
 * <p>Not sharable: the state is per connection and only touched on the channel's event loop.
 */
final class HeadGuard extends ChannelInboundHandlerAdapter {

    private enum State { BETWEEN_HEADS, HEAD, BODY, OPAQUE, REJECTED, HOLDING }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HT = '\t';

    // Lower-case header names the guard must recognise; index = bit in `candidates`.
    private static final byte[][] NAMES = {
        ascii("content-length"), ascii("transfer-encoding"), ascii("sec-websocket-key1"), ascii("sec-websocket-key2"),
    };
    private static final int CONTENT_LENGTH = 0;
    private static final int NO_FIELD = -1;
    private static final int ALL_NAMES = (1 << NAMES.length) - 1;

    private static final int LENGTH_LEADING_OWS = 0;
    private static final int LENGTH_DIGITS = 1;
    private static final int LENGTH_TRAILING_OWS = 2;
    private static final int LENGTH_INVALID = 3;

    // Netty's decoder ends the method at SP or HTAB (even with strict line parsing): both are a CONNECT to it.
    private static final long CONNECT_METHOD = ascii8("CONNECT ");
    private static final long CONNECT_METHOD_HT = ascii8("CONNECT\t");
    /** Bytes a client may send behind a CONNECT before its answer: a ClientHello is well under this. */
    private static final int MAX_HELD_BYTES = 64 * 1024;

    private final int maxHeadBytes;
    // Built once so that forEachByte allocates nothing per read.
    private final ByteProcessor scanner = this::step;

    private State state = State.BETWEEN_HEADS;
    /** Heads begun on this connection, the current one included. */
    private long heads;
    /** How many heads, from the connection's first, were each followed exactly to the start of the next. */
    private long located = Long.MAX_VALUE;
    private boolean crPending;
    private long bodyRemaining;
    private String violation;

    // The head being scanned.
    private long headOffset;
    private int headBytes;
    private int line;
    private int lineLength;
    private int contentLengths;
    private long contentLength;
    private boolean lengthUnusable;
    private boolean otherFraming;
    /** The first eight bytes of the request line, to recognise CONNECT. */
    private long method;
    private CompositeByteBuf held;

    // The header line being scanned.
    private boolean inName;
    private int nameLength;
    private int candidates;
    private int field;
    private int lengthPhase;
    private long lengthValue;

    HeadGuard(int maxHeadBytes) {
        if (maxHeadBytes <= 0) {
            throw new IllegalArgumentException("maxHeadBytes: " + maxHeadBytes + " (expected: a positive number)");
        }
        this.maxHeadBytes = maxHeadBytes;
    }

    /**
     * True once the guard has stopped scanning this connection (framing it does not follow, an oversized head, or
     * a decoder reset). The caller must then close the connection after the current response.
     */
    boolean opaque() {
        return state == State.OPAQUE;
    }

    /**
     * Whether the guard knows where the head after the {@code head}th of this connection (counted from 1) starts,
     * and so checked it: false means the connection must close once that head is answered.
     */
    boolean locatesHeadAfter(long head) {
        return head <= located;
    }

    private void turnOpaque(long lastLocated) {
        state = State.OPAQUE;
        located = Math.min(located, lastLocated);
    }

    /**
     * The bytes that followed a CONNECT head (empty when none came), for the tunnel or the TLS handler that replaces
     * HTTP on this connection; the caller owns them. Null unless a CONNECT head was the last one seen.
     */
    ByteBuf takeHeld() {
        ByteBuf out = held;
        held = null;
        return out;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.HOLDING) {
            hold(ctx, msg);
            return;
        }
        if (state == State.REJECTED) {
            // Everything after a violation is dropped: the connection is about to be answered 400 and closed.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.OPAQUE || !(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = (ByteBuf) msg;
        int index = buf.readerIndex();
        int end = buf.writerIndex();
        while (index < end && state != State.OPAQUE && state != State.REJECTED && state != State.HOLDING) {
            if (state == State.BODY) {
                int skip = (int) Math.min(bodyRemaining, end - index);
                index += skip;
                bodyRemaining -= skip;
                if (bodyRemaining == 0) {
                    state = State.BETWEEN_HEADS;
                }
            } else {
                int stop = buf.forEachByte(index, end - index, scanner);
                index = stop < 0 ? end : stop + 1;
            }
        }
        if (state == State.HOLDING) {
            held = ctx.alloc().compositeBuffer();
            int behind = end - index;
            if (behind > MAX_HELD_BYTES) {
                // The same limit as for later reads (see hold), whichever read the excess arrives in.
                buf.writerIndex(index);
                ctx.fireChannelRead(buf);
                ctx.close();
                return;
            }
            if (behind > 0) {
                // Copied, not sliced: the decoder may append later reads into this very buffer.
                held.addComponent(true, ctx.alloc().buffer(behind).writeBytes(buf, index, behind));
                buf.writerIndex(index);
            }
            ctx.fireChannelRead(buf);
            return;
        }
        if (state != State.REJECTED) {
            ctx.fireChannelRead(buf);
            return;
        }
        // Bytes before the offending one may complete earlier pipelined requests: they go on, still the same
        // buffer (we own it, so narrowing its writer index is ours to do); the rest is never seen downstream.
        int offending = index - 1;
        if (offending > buf.readerIndex()) {
            buf.writerIndex(offending);
            ctx.fireChannelRead(buf);
        } else {
            buf.release();
        }
        String message = violation;
        violation = null;
        ctx.fireExceptionCaught(new MalformedHeadException(message));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // The aggregator fires this from the pipeline head, so it reaches us before the decoder, which reacts by
        // resetting itself and parsing the rest of the body as a new head: from then on we cannot follow it.
        if (evt instanceof HttpExpectationFailedEvent && state != State.REJECTED) {
            turnOpaque(0); // the decoder may be on any head we have seen: none is followed exactly any more
        }
        super.userEventTriggered(ctx, evt);
    }

    /** One byte of a head or of the gap before it; false stops the scan (state changed to BODY, OPAQUE or REJECTED). */
    private boolean step(byte b) {
        if (state == State.HEAD) {
            headOffset++;
        }
        if (crPending) {
            crPending = false;
            if (b != LF) {
                return reject(state == State.HEAD
                        ? "bare CR in " + where() + ", at byte " + (headOffset - 1) + " of the request head"
                                + " (expected: CRLF line endings)"
                        : "bare CR before the request line (expected: CRLF line endings)");
            }
            return endOfLine();
        }
        if (b == CR) {
            crPending = true;
            return true;
        }
        if (b == LF) {
            return reject(state == State.HEAD
                    ? "bare LF in " + where() + ", at byte " + headOffset + " of the request head"
                            + " (expected: CRLF line endings)"
                    : "bare LF before the request line (expected: CRLF line endings)");
        }
        if (state == State.BETWEEN_HEADS) {
            if (b == SP || b == HT) {
                return reject("whitespace at the start of the request line (expected: the method first)");
            }
            startHead();
        }
        return content(b);
    }

    private boolean content(byte b) {
        if (lineLength == 0 && line > 0 && (b == SP || b == HT)) {
            return reject("obs-fold (a header line starting with whitespace) in " + where()
                    + " (expected: each header on one line)");
        }
        if (b == 0) {
            return reject("NUL byte in " + where() + " (expected: visible ASCII and tabs)");
        }
        if ((b >= 0 && b < SP && b != HT) || b == 0x7F) {
            return reject(String.format("control byte 0x%02x in %s (expected: visible ASCII and tabs)", b, where()));
        }
        if (line == 0 && lineLength < 8) {
            method = method << 8 | (b & 0xFF);
        }
        if (++headBytes > maxHeadBytes) {
            // The decoder answers 414/431 by its own, smaller-or-equal limits; we just stop following.
            turnOpaque(heads - 1);
            return false;
        }
        lineLength++;
        if (line > 0) {
            headerByte(b);
        }
        return true;
    }

    private void headerByte(byte b) {
        if (inName) {
            if (b == ':') {
                inName = false;
                field = matchedName();
            } else {
                narrowCandidates(b);
                nameLength++;
            }
        } else if (field == CONTENT_LENGTH) {
            lengthByte(b);
        }
    }

    private void narrowCandidates(byte b) {
        if (candidates == 0) {
            return;
        }
        // ASCII-only case folding, as Netty's AsciiString compares header names.
        byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        for (int i = 0; i < NAMES.length; i++) {
            int bit = 1 << i;
            if ((candidates & bit) != 0 && (nameLength >= NAMES[i].length || NAMES[i][nameLength] != lower)) {
                candidates &= ~bit;
            }
        }
    }

    private int matchedName() {
        for (int i = 0; i < NAMES.length; i++) {
            if ((candidates & (1 << i)) != 0 && NAMES[i].length == nameLength) {
                return i;
            }
        }
        return NO_FIELD;
    }

    // Mirrors what Netty accepts after trimming OWS: digits only, no sign, no list, no overflow.
    private void lengthByte(byte b) {
        boolean ows = b == SP || b == HT;
        boolean digit = b >= '0' && b <= '9';
        switch (lengthPhase) {
            case LENGTH_LEADING_OWS, LENGTH_DIGITS -> {
                if (digit) {
                    int d = b - '0';
                    if (lengthValue > (Long.MAX_VALUE - d) / 10) {
                        lengthPhase = LENGTH_INVALID;
                    } else {
                        lengthValue = lengthValue * 10 + d;
                        lengthPhase = LENGTH_DIGITS;
                    }
                } else if (!ows) {
                    lengthPhase = LENGTH_INVALID;
                } else if (lengthPhase == LENGTH_DIGITS) {
                    lengthPhase = LENGTH_TRAILING_OWS;
                }
            }
            case LENGTH_TRAILING_OWS -> {
                if (!ows) {
                    lengthPhase = LENGTH_INVALID;
                }
            }
            default -> { }
        }
    }

    private boolean endOfLine() {
        if (state == State.BETWEEN_HEADS) {
            return true;
        }
        if (lineLength == 0) {
            return endOfHead();
        }
        if (line > 0) {
            endOfField();
        }
        line++;
        lineLength = 0;
        inName = true;
        nameLength = 0;
        candidates = ALL_NAMES;
        field = NO_FIELD;
        lengthPhase = LENGTH_LEADING_OWS;
        lengthValue = 0;
        return true;
    }

    private void endOfField() {
        if (field == CONTENT_LENGTH) {
            contentLengths++;
            contentLength = lengthValue;
            if (lengthPhase == LENGTH_LEADING_OWS || lengthPhase == LENGTH_INVALID) {
                lengthUnusable = true;
            }
        } else if (field != NO_FIELD) {
            otherFraming = true;
        }
    }

    private boolean endOfHead() {
        if (otherFraming || lengthUnusable || contentLengths > 1) {
            turnOpaque(heads - 1); // this head is whole and checked; where its body ends is not ours to know
            return false;
        }
        if (method == CONNECT_METHOD || method == CONNECT_METHOD_HT) {
            state = State.HOLDING;
            return false;
        }
        if (contentLengths == 1 && contentLength > 0) {
            bodyRemaining = contentLength;
            state = State.BODY;
            return false;
        }
        state = State.BETWEEN_HEADS;
        return true;
    }

    private void startHead() {
        heads++;
        state = State.HEAD;
        headOffset = 1;
        headBytes = 0;
        line = 0;
        lineLength = 0;
        contentLengths = 0;
        contentLength = 0;
        lengthUnusable = false;
        otherFraming = false;
        method = 0;
    }

    private void hold(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || held == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (held.readableBytes() + buf.readableBytes() > MAX_HELD_BYTES) {
            buf.release();
            ctx.close(); // not a TLS handshake: nothing a tunnel would carry sends this much unanswered
            return;
        }
        held.addComponent(true, buf);
    }

    private boolean reject(String message) {
        violation = message;
        state = State.REJECTED;
        return false;
    }

    // Names a position only: header values may hold credentials and never go into a message.
    private String where() {
        return line == 0 ? "the request line" : "header line " + line;
    }

    private static long ascii8(String s) {
        long v = 0;
        for (byte b : ascii(s)) {
            v = v << 8 | b;
        }
        return v;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A request head HARDENING §2 forbids; mapped to 400 and close by the error handler. */
    static final class MalformedHeadException extends DecoderException {
        private static final long serialVersionUID = 1L;

        MalformedHeadException(String message) {
            super(message);
        }
    }
}
