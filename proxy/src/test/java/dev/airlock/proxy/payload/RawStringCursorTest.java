package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
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
        int a = boundary(text, r.nextInt(text.length() + 1));
        int b = boundary(text, a + r.nextInt(text.length() - a + 1));
        RawStringCursor cursor = new RawStringCursor(raw, quote + 1);
        int start = cursor.rawOffset(a);
        int end = cursor.rawOffset(b);
        assertThat(RawStringCursor.decode(raw, start, end)).isEqualTo(text.substring(a, b));
        assertThat(cursor.line()).as("line at the span's end").isEqualTo(1 + (int) text.substring(0, b).chars()
                .filter(c -> c == '\n').count());
        assertThat(RawStringCursor.decode(raw, quote + 1, new RawStringCursor(raw, quote + 1).rawOffset(text.length())))
                .isEqualTo(text);
    }

    @Property(tries = 500)
    void aSeamWindowReadAgainIsTheEndOfThePartsText(@ForAll("strings") JsonDocs.Doc doc, @ForAll long pick)
            throws Exception {
        // Repeated so the window is shorter than the part, with escapes and long characters anywhere.
        String once = new String(doc.bytes(), StandardCharsets.UTF_8).strip();
        String body = once.substring(0, once.length() - 1)
                + once.substring(1, once.length() - 1).repeat(1 + new Random(pick).nextInt(300)) + "\"";
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        String text = parse(raw);
        int start = SplitParts.windowStart(raw, 1, raw.length - 1);
        String window = RawStringCursor.decode(raw, start, raw.length - 1);
        assertThat(text).endsWith(window);
        assertThat(window.length()).isGreaterThanOrEqualTo(Math.min(text.length(), SplitParts.WINDOW));
        if (start == 1) {
            assertThat(window).isEqualTo(text);
        }
    }

    @Property(tries = 1000)
    void aUnicodeEscapeIsNeverMissedAndNoneIsSeenWithoutABackslashBeforeAU(@ForAll("strings") JsonDocs.Doc doc) {
        String once = new String(doc.bytes(), StandardCharsets.UTF_8).strip();
        byte[] raw = once.getBytes(StandardCharsets.UTF_8);
        String content = once.substring(1, once.length() - 1);
        boolean answer = RawStringCursor.hasUnicodeEscape(raw, 1, raw.length - 1);
        if (UNICODE_ESCAPE.matcher(content).find()) {
            assertThat(answer).as(content).isTrue();
        }
        if (!content.contains("\\u")) {
            assertThat(answer).as(content).isFalse();
        }
    }

    @Test
    void aUnicodeEscapeIsFoundWhereverItsBackslashFallsInAWord() {
        for (int pad = 0; pad < 17; pad++) {
            for (int backslashes = 0; backslashes < 8; backslashes++) {
                for (String after : new String[] {"u0041", "n", ""}) {
                    String content = "a".repeat(pad) + "\\".repeat(backslashes) + after + "b".repeat(9);
                    if (backslashes % 2 == 1 && after.isEmpty()) {
                        continue; // not a valid string
                    }
                    byte[] raw = ("\"" + content + "\"").getBytes(StandardCharsets.US_ASCII);
                    boolean answer = RawStringCursor.hasUnicodeEscape(raw, 1, raw.length - 1);
                    if (backslashes % 2 == 1 && after.startsWith("u")) {
                        assertThat(answer).as(content).isTrue();
                    } else if (!after.startsWith("u") || backslashes == 0) {
                        assertThat(answer).as(content).isFalse();
                    }
                }
            }
        }
    }

    /** An odd run of backslashes before a {@code u}: the last one starts an escape. */
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("(?<!\\\\)(\\\\\\\\)*\\\\u");

    /** {@code i}, or one less where a surrogate pair would be cut. */
    private static int boundary(String text, int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i))
                && Character.isHighSurrogate(text.charAt(i - 1)) ? i - 1 : i;
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
