package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Values and windows read again from a string token's bytes are exactly what the parser decoded there. */
class RawStringCursorTest {

    @Provide
    Arbitrary<JsonDocs.Doc> strings() {
        return Combinators.combine(JsonDocs.strings(), Arbitraries.longs()).as(JsonDocs.Doc::new);
    }

    @Property(tries = 1000)
    void anySpanBetweenUnitsDecodesToTheParsersText(@ForAll("strings") JsonDocs.Doc doc, @ForAll long pick)
            throws Exception {
        byte[] raw = doc.bytes();
        String text = parse(raw);
        int quote = indexOf(raw, (byte) '"');
        Random r = new Random(pick);
        int a = r.nextInt(text.length() + 1);
        int b = a + r.nextInt(text.length() - a + 1);
        RawStringCursor cursor = new RawStringCursor(raw, quote + 1);
        int start = cursor.rawOffsetAtOrBefore(a);
        int from = cursor.decoded();
        assertThat(from).isBetween(a - 1, a);
        int end = cursor.rawOffsetAtOrBefore(b);
        int to = cursor.decoded();
        assertThat(to).isBetween(b - 1, b);
        assertThat(RawStringCursor.decode(raw, start, end)).isEqualTo(text.substring(from, to));
        assertThat(RawStringCursor.decode(raw, quote + 1, new RawStringCursor(raw, quote + 1).rawOffset(text.length())))
                .isEqualTo(text);
    }

    @Test
    void aWindowNeverStartsInsideAFourByteCharacter() {
        byte[] raw = "\"a\uD83D\uDE00b\"".getBytes(StandardCharsets.UTF_8);
        RawStringCursor cursor = new RawStringCursor(raw, 1);
        assertThat(cursor.rawOffsetAtOrBefore(2)).isEqualTo(2);
        assertThat(cursor.decoded()).isEqualTo(1);
        assertThat(cursor.rawOffsetAtOrBefore(3)).isEqualTo(6);
        assertThat(cursor.decoded()).isEqualTo(3);
    }

    private static String parse(byte[] raw) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(raw)) {
            p.nextToken();
            return p.getText();
        }
    }

    private static int indexOf(byte[] raw, byte b) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
