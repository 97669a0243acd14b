package dev.airlock.proxy.response;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pulls the model's text out of a response body as its bytes arrive: SSE {@code data:} payloads and NDJSON lines are
 * parsed as JSON when they complete, and only string values of the fields that carry generated text are passed on —
 * chat {@code delta.content}, tool-call {@code arguments}, Responses {@code delta}, Anthropic {@code text},
 * {@code partial_json} and {@code thinking}, Gemini {@code parts[].text}, Ollama {@code response}. Ids, roles and
 * model names are left out, so the deltas of one answer join up into the text the model wrote and a credential
 * split across events is whole again. A plain JSON body is parsed once at its end.
 */
final class ResponseText {

    enum Framing {
        EVENTS, LINES, DOCUMENT;

        /** SSE, NDJSON or a JSON document, by media type; null for anything else. */
        static Framing of(String contentType) {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (type.startsWith("text/event-stream")) {
                return EVENTS;
            }
            if (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl")) {
                return LINES;
            }
            if (type.startsWith("application/json") || type.contains("+json")) {
                return DOCUMENT;
            }
            return null;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    // reasoning_content (DeepSeek) and reasoning (OpenRouter) are the model's visible reasoning: it can repeat what it
    // read in the prompt, so it is read like the answer.
    private static final Set<String> TEXT_FIELDS = Set.of("content", "text", "delta", "arguments", "partial_json",
            "thinking", "response", "output_text", "refusal", "reasoning_content", "reasoning", "tool_plan");
    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final String CALL_ID = "call_id";

    private final Framing framing;
    private final Consumer<String> sink;
    private final SecretPrintingCalls calls;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final long maxBytes;
    private boolean overflow;

    /**
     * @param sink     receives each piece of text in order
     * @param maxBytes the most it holds at once (one line of a stream, or a whole JSON document); past that the rest
     *                 of the body goes unread and {@link #overflowed()} says so
     * @param calls    also reads each event or document for the model's calls whose command prints a secret
     */
    ResponseText(Framing framing, Consumer<String> sink, long maxBytes, SecretPrintingCalls calls) {
        this.calls = calls;
        this.framing = framing;
        this.sink = sink;
        this.maxBytes = maxBytes;
    }

    /** Whether the body outgrew {@code maxBytes} and its rest went unread. */
    boolean overflowed() {
        return overflow;
    }

    /** Whether the body's first bytes were fed. */
    private boolean started;

    void feed(byte[] bytes, int offset, int length) {
        if (overflow) {
            return;
        }
        if (framing == Framing.DOCUMENT) {
            pending.write(bytes, offset, length);
            checkSize();
            return;
        }
        int from = offset;
        if (!started) {
            started = true;
            if (EventFraming.startsWithBom(bytes, offset, offset + length)) {
                from += 3; // a byte order mark opening the body is no part of its first line
            }
        }
        for (int i = from; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, from, i - from);
                line(pending.toByteArray());
                pending.reset();
                from = i + 1;
            }
        }
        pending.write(bytes, from, offset + length - from);
        checkSize();
    }

    private void checkSize() {
        if (pending.size() > maxBytes) {
            overflow = true;
            pending.reset();
        }
    }

    /**
     * One JSON document complete in itself (a WebSocket message), whatever the framing: read at once. One larger than
     * {@code maxBytes} is skipped and {@link #overflowed()} says so; the next is read again.
     */
    void whole(byte[] bytes) {
        if (bytes.length > maxBytes) {
            overflow = true;
            return;
        }
        leaves(bytes, 0, bytes.length);
    }

    /** The body ended: a last line without its newline, or the whole JSON document. */
    void finish() {
        if (!overflow && pending.size() > 0) {
            byte[] rest = pending.toByteArray();
            pending.reset();
            if (framing == Framing.DOCUMENT) {
                leaves(rest, 0, rest.length);
            } else {
                line(rest);
            }
        }
    }

    private void line(byte[] line) {
        int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (framing == Framing.LINES) {
            leaves(line, 0, end);
            return;
        }
        if (end < DATA.length || !startsWithData(line)) {
            return; // event:, id:, comments and the blank line between events carry no model text
        }
        int start = DATA.length;
        if (start < end && line[start] == ' ') {
            start++;
        }
        leaves(line, start, end - start);
    }

    private static boolean startsWithData(byte[] line) {
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text fields' string values; anything that is not JSON ([DONE], a keep-alive) is skipped. A payload that
     * names a {@code call_id} (a finished tool call, the completed response) is then read for {@link #calls}: the
     * deltas, most of a stream, are parsed once.
     */
    private void leaves(byte[] bytes, int offset, int length) {
        boolean namesCall = false;
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING && p.currentName() != null && TEXT_FIELDS.contains(p.currentName())) {
                    sink.accept(p.getText());
                } else if (t == JsonToken.FIELD_NAME && !namesCall) {
                    namesCall = p.currentName().equals(CALL_ID);
                }
            }
        } catch (IOException e) {
            return; // Not JSON, or cut short: no text of a model's answer is lost by skipping a keep-alive or a marker.
        }
        if (namesCall) {
            calls.read(bytes, offset, length);
        }
    }
}
