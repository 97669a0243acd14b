package dev.airlock.proxy.answer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.config.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An answer Airlock gives itself, in the error shape of the provider the client thinks it is talking to, so the
 * client shows the message instead of a parse error.
 *
 * @param kind    what went wrong; fixes the status
 * @param message for the user: what was wrong and what to do; never a secret, a header value or body text
 * @param eventId the id in the {@code x-airlock-event-id} header and in the log line
 */
public record ErrorAnswer(ErrorKind kind, String message, String eventId) {

    public static final String EVENT_ID_HEADER = "x-airlock-event-id";
    private static final JsonFactory JSON = new JsonFactory();

    public ErrorAnswer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(eventId, "eventId");
    }

    /**
     * The error event of the OpenAI Responses WebSocket transport ({@code {"type":"error","status":400,"error":{…}}}),
     * sent as a text message in place of the {@code response.create} it answers.
     */
    public byte[] responsesEvent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeNumberField("status", kind.status());
            g.writeObjectFieldStart("error");
            g.writeStringField("type", kind.openAiType());
            g.writeStringField("code", kind.code());
            g.writeStringField("message", message);
            g.writeNullField("param");
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /** The JSON body for a client of this dialect. */
    public byte[] body(Dialect dialect) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            switch (dialect) {
                case OPENAI -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("error");
                    g.writeStringField("message", message);
                    g.writeStringField("type", kind.openAiType());
                    g.writeNullField("param");
                    g.writeStringField("code", kind.code());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                case ANTHROPIC -> {
                    g.writeStartObject();
                    g.writeStringField("type", "error");
                    g.writeObjectFieldStart("error");
                    g.writeStringField("type", kind.anthropicType());
                    g.writeStringField("message", message);
                    g.writeEndObject();
                    g.writeStringField("request_id", eventId);
                    g.writeEndObject();
                }
                case GEMINI -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("error");
                    g.writeNumberField("code", kind.status());
                    g.writeStringField("message", message);
                    g.writeStringField("status", kind.googleStatus());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                case OLLAMA -> {
                    g.writeStartObject();
                    g.writeStringField("error", message);
                    g.writeEndObject();
                }
                case COHERE -> {
                    g.writeStartObject();
                    g.writeStringField("id", eventId);
                    g.writeStringField("message", message);
                    g.writeEndObject();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }
}
