package dev.airlock.proxy.response;

import dev.airlock.proxy.response.EventRewriter.Flush;
import dev.airlock.proxy.response.EventRewriter.Rewrite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites one answer's body on its way to the client, event by event, through an {@link EventRewriter}. Works line by
 * line: SSE {@code data:} lines and NDJSON lines are rewritten when complete; a line cut by a TCP chunk is held until
 * its newline arrives — no client can act on half a line, an SSE client not even before the blank line ending the
 * event — and an event's {@code event:}/{@code id:} lines wait for its {@code data:} line, so a held ending can be
 * written as an event of its own in front of them. Everything else goes out in the same write it came in: a piece
 * holding only complete lines that need no change is returned as the very same array.
 *
 * <p>A plain JSON answer is held whole (it is read whole by the client anyway) and rewritten at its end; the relay
 * then frames the body chunked, since its length may change. A JSON answer that is an array is read element by element
 * instead, each element an event of its own: that is how Gemini streams {@code :streamGenerateContent} without
 * {@code alt=sse}, one chunk object after another, and holding it whole would stop the stream. An element goes out
 * once its last byte arrived; the commas and white space between elements wait for the next one (or the end), so a
 * held ending can be written as an element of its own. Memory is bounded by {@link #MAX_HELD}: a line larger than that
 * is passed on untouched and the lines after it are read again; an element or a document larger than that is passed
 * on untouched, and so is the rest of that body. Confined to one response's
 * thread.
 */
final class EventFraming implements BodyRewrite {

    static final int MAX_HELD = 8 << 20;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

    /** A byte buffer whose contents can be compared without a copy. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        boolean sameAs(byte[] other) {
            return Arrays.equals(buf, 0, count, other, 0, other.length);
        }

        /** Appends everything here to {@code out} and empties this buffer. */
        void moveTo(Bytes out) {
            out.write(buf, 0, count);
            reset();
        }
    }

    private final ResponseText.Framing framing;
    private final EventRewriter events;
    /** The line cut by the last piece (a whole JSON answer for {@code DOCUMENT}). */
    private final Bytes partial = new Bytes(256);
    /** The current SSE event's lines before its {@code data:} line. */
    private final Bytes fields = new Bytes(64);
    private String eventName;
    /** The current SSE event already had a data line: a second one continues it and is passed as it is. */
    private boolean dataWritten;
    private byte[] eol = {'\n'};
    /** Gave up on an oversized document or endless event fields: the rest of the body passes untouched. */
    private boolean passThrough;
    /** Passing an oversized line on as it comes, until its line break; the lines after it are read again. */
    private boolean skippingLine;
    /** Whether the body's first bytes were fed. */
    private boolean started;

    /** For {@code DOCUMENT}: read whole, or element by element once its first byte showed an array. */
    private enum Document { UNDECIDED, WHOLE, ARRAY }

    private Document document = Document.UNDECIDED;
    // Where an ARRAY is: `partial` holds the element being read, `between` what came after the last element.
    private final Bytes between = new Bytes(16);
    /** Open brackets and braces, the array's own included. */
    private int depth;
    private boolean inElement;
    private boolean inString;
    private boolean escaped;

    EventFraming(ResponseText.Framing framing, EventRewriter events) {
        this.framing = framing;
        this.events = events;
    }

    @Override
    public byte[] feed(byte[] bytes) {
        if (passThrough) {
            return bytes;
        }
        if (framing == ResponseText.Framing.DOCUMENT) {
            if (document == Document.UNDECIDED) {
                decide(bytes);
            }
            if (document == Document.ARRAY) {
                return elements(bytes);
            }
            partial.write(bytes, 0, bytes.length);
            return partial.size() > MAX_HELD ? giveUp(new Bytes(0)) : EMPTY;
        }
        Bytes out = new Bytes(bytes.length + 64);
        int from = 0;
        if (!started) {
            started = true;
            if (startsWithBom(bytes, 0, bytes.length)) {
                out.write(bytes, 0, 3); // a byte order mark opening the body goes on, no part of the first line
                from = 3;
            }
        }
        if (skippingLine) {
            int lineBreak = indexOf(bytes, (byte) '\n');
            if (lineBreak < 0) {
                return bytes;
            }
            skippingLine = false;
            out.write(bytes, 0, lineBreak + 1);
            from = lineBreak + 1;
        }
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (partial.size() > 0) {
                    partial.write(bytes, from, i + 1 - from);
                    byte[] line = partial.toByteArray();
                    partial.reset();
                    line(line, 0, line.length, out);
                } else {
                    line(bytes, from, i + 1, out);
                }
                from = i + 1;
                if (fields.size() > MAX_HELD) {
                    // Endless event:/id: lines without data: held no further; the rest goes through as it came.
                    partial.write(bytes, from, bytes.length - from);
                    return giveUp(out);
                }
            }
        }
        if (from < bytes.length) {
            partial.write(bytes, from, bytes.length - from);
            if (partial.size() + fields.size() > MAX_HELD) {
                return skipLine(out);
            }
        }
        return out.sameAs(bytes) ? bytes : out.toByteArray();
    }

    /**
     * A line too long to hold goes on as it comes, with what was held before it; the lines after it are read as
     * usual. An event's later data lines would continue that line's payload, so they pass as they are too.
     */
    private byte[] skipLine(Bytes out) {
        skippingLine = true;
        dataWritten = framing == ResponseText.Framing.EVENTS;
        events.flushAll().forEach(f -> write(f, out));
        fields.moveTo(out);
        partial.moveTo(out);
        return out.toByteArray();
    }

    /** A UTF-8 byte order mark at {@code from}. */
    static boolean startsWithBom(byte[] a, int from, int to) {
        return to - from >= 3 && a[from] == (byte) 0xEF && a[from + 1] == (byte) 0xBB && a[from + 2] == (byte) 0xBF;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public byte[] finish() {
        if (passThrough) {
            return EMPTY;
        }
        if (document == Document.ARRAY) {
            Bytes out = new Bytes(partial.size() + between.size() + 64);
            releaseArray(out);
            return out.toByteArray();
        }
        if (framing == ResponseText.Framing.DOCUMENT) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            byte[] rewritten = events.document(whole, 0, whole.length);
            return rewritten == null ? whole : rewritten;
        }
        Bytes out = new Bytes(partial.size() + 64);
        boolean open = partial.size() > 0;
        if (open) {
            byte[] line = partial.toByteArray();
            partial.reset();
            line(line, 0, line.length, out);
        }
        List<Flush> rest = events.flushAll();
        if (open && !rest.isEmpty()) {
            out.writeBytes(eol);
            if (framing == ResponseText.Framing.EVENTS) {
                out.writeBytes(eol);
            }
        }
        rest.forEach(f -> write(f, out));
        fields.moveTo(out);
        return out.toByteArray();
    }

    /**
     * Whether this document is an array, by its first byte that is not white space or a UTF-8 byte order mark (held
     * until one comes).
     */
    private void decide(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                document = b == '[' ? Document.ARRAY : Document.WHOLE;
                if (document == Document.ARRAY) {
                    partial.moveTo(between);
                }
                return;
            }
        }
    }

    /**
     * A piece of an array: complete elements are rewritten and go out, the one cut by the piece is held, and so is
     * everything after the last element. Only the nesting and the strings are followed; an element that is not valid
     * JSON is passed as it came by the rewriter, like any event.
     */
    private byte[] elements(byte[] bytes) {
        Bytes out = new Bytes(bytes.length + 64);
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                    if (depth == 1) { // a string element ends
                        element(bytes, from, i + 1, out);
                        from = i + 1;
                    }
                }
            } else if (b == '"' || b == '{' || b == '[') {
                if (depth == 1 && !inElement) {
                    between.write(bytes, from, i - from);
                    between.moveTo(out);
                    from = i;
                    inElement = true;
                }
                if (b == '"') {
                    inString = true;
                } else {
                    depth++;
                }
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 1 && inElement) {
                    element(bytes, from, i + 1, out);
                    from = i + 1;
                } else if (depth < 0) { // more closed than opened: not JSON, so nothing more to follow
                    between.write(bytes, from, bytes.length - from);
                    return giveUp(out);
                }
            }
        }
        (inElement ? partial : between).write(bytes, from, bytes.length - from);
        if (partial.size() > MAX_HELD || between.size() > MAX_HELD) {
            return giveUp(out);
        }
        return out.toByteArray();
    }

    /** The element that began at {@code from} (or in an earlier piece) ended before {@code to}: out it goes. */
    private void element(byte[] bytes, int from, int to, Bytes out) {
        inElement = false;
        byte[] a = bytes;
        int start = from;
        int end = to;
        if (partial.size() > 0) {
            partial.write(bytes, from, to - from);
            a = partial.toByteArray();
            partial.reset();
            start = 0;
            end = a.length;
        }
        Rewrite r = events.mayChange(a, start, end) ? events.event(a, start, end, null) : null;
        if (r != null) {
            r.before().forEach(f -> writeElement(f, out));
        }
        if (r == null || r.json() == null) {
            out.write(a, start, end - start);
        } else {
            out.writeBytes(r.json());
        }
    }

    /** A held ending written as an element of its own, in front of the element about to be written. */
    private static void writeElement(Flush f, Bytes out) {
        out.writeBytes(f.json());
        out.write(',');
    }

    /**
     * The end of an array's body (or giving up on it): held endings become elements of their own, behind the last
     * element or in front of the one cut short (which goes out as it came), then everything held.
     */
    private void releaseArray(Bytes out) {
        for (Flush f : events.flushAll()) {
            if (inElement) {
                writeElement(f, out);
            } else {
                out.write(',');
                out.writeBytes(f.json());
            }
        }
        between.moveTo(out);
        partial.moveTo(out);
    }

    /** One line, {@code end} past its line break (if it has one). */
    private void line(byte[] a, int start, int end, Bytes out) {
        int content = end;
        if (content > start && a[content - 1] == '\n') {
            content--;
        }
        if (content > start && a[content - 1] == '\r') {
            content--;
        }
        if (framing == ResponseText.Framing.LINES) {
            if (content == start) {
                out.write(a, start, end - start);
            } else {
                data(a, start, start, content, end, out);
            }
            return;
        }
        if (content == start) { // the blank line ending an event
            fields.moveTo(out);
            eventName = null;
            dataWritten = false;
            out.write(a, start, end - start);
        } else if (startsWith(a, start, content, DATA)) {
            int payload = start + DATA.length;
            data(a, start, payload < content && a[payload] == ' ' ? payload + 1 : payload, content, end, out);
        } else if (a[start] == ':' && fields.size() == 0) { // a comment, between events: nothing to wait for
            out.write(a, start, end - start);
        } else {
            fields.write(a, start, end - start);
            if (startsWith(a, start, content, EVENT)) {
                eventName = new String(a, start + EVENT.length, content - start - EVENT.length,
                        StandardCharsets.UTF_8).strip();
            }
        }
    }

    private void data(byte[] a, int start, int payload, int content, int end, Bytes out) {
        if (end > content && !Arrays.equals(eol, 0, eol.length, a, content, end)) {
            eol = Arrays.copyOfRange(a, content, end); // what a held ending written alone is framed with
        }
        // A JSON payload split over several data lines (no provider does this) is passed as it is: nothing may be
        // written between the lines of one event. (With response redaction on, its later lines are scanned by the
        // record-only scan, not rewritten.)
        boolean first = !dataWritten;
        dataWritten = framing == ResponseText.Framing.EVENTS;
        Rewrite r = first && events.mayChange(a, payload, content) ? events.event(a, payload, content, eventName) : null;
        if (r != null) {
            r.before().forEach(f -> write(f, out));
        }
        fields.moveTo(out);
        if (r == null || r.json() == null) {
            out.write(a, start, end - start);
        } else {
            out.write(a, start, payload - start);
            out.writeBytes(r.json());
            out.write(a, content, end - content);
        }
    }

    /** A held ending written as a delta of its own, framed like the events around it. */
    private void write(Flush f, Bytes out) {
        if (framing == ResponseText.Framing.EVENTS) {
            if (f.eventName() != null) {
                out.writeBytes(("event: " + f.eventName()).getBytes(StandardCharsets.UTF_8));
                out.writeBytes(eol);
            }
            out.writeBytes(DATA);
            out.write(' ');
            out.writeBytes(f.json());
            out.writeBytes(eol);
            out.writeBytes(eol);
        } else {
            out.writeBytes(f.json());
            out.writeBytes(eol);
        }
    }

    /** Too much to hold at once (a document, endless fields): what is held goes out as it is, and so does the rest. */
    private byte[] giveUp(Bytes out) {
        passThrough = true;
        if (document == Document.ARRAY) {
            releaseArray(out);
            return out.toByteArray();
        }
        events.flushAll().forEach(f -> write(f, out));
        fields.moveTo(out);
        partial.moveTo(out);
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] a, int start, int end, byte[] prefix) {
        return end - start >= prefix.length && Arrays.equals(a, start, start + prefix.length, prefix, 0, prefix.length);
    }
}
