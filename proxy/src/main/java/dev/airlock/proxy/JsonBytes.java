package dev.airlock.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One JSON object written with Jackson's streaming generator straight to bytes (audit lines, dashboard answers). */
public final class JsonBytes {

    private static final JsonFactory JSON = new JsonFactory();

    /** The fields of the object, written between its braces. */
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonBytes() {
    }

    public static byte[] object(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e); // memory does not fail to write
        }
        return out.toByteArray();
    }
}
