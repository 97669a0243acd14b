package dev.airlock.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import dev.airlock.detector.testing.Credentials;
import org.junit.jupiter.api.Test;

/**
 * Base64 runs are found 64 characters at a time; these place runs across, at and just inside the edges of
 * those words and of the text, where an off-by-one in the word arithmetic would lose or cut one.
 */
class EncodedSpansTest {

    /** 48 characters of base64 that decode to readable text. */
    private static final String RUN = Base64.getEncoder().encodeToString(
            "a readable sentence of 36 characters".getBytes(StandardCharsets.US_ASCII));

    private static List<EncodedSpans.Span> find(String text) {
        return EncodedSpans.find(new ScanText(text, 1), new java.util.ArrayList<>());
    }

    @Test
    void findsARunWhereverItStartsAndEndsRelativeToTheWords() {
        for (int i = 0; i < 200; i++) {
            int at = i;
            for (String after : new String[] {"", " tail", "\n"}) {
                String text = " ".repeat(at) + RUN + after;
                assertThat(find(text)).as("run at %d, then '%s'", at, after).singleElement().satisfies(s -> {
                    assertThat(s.start()).isEqualTo(at);
                    assertThat(s.end()).isEqualTo(at + RUN.length());
                    assertThat(s.decoded()).isEqualTo("a readable sentence of 36 characters");
                });
            }
        }
    }

    @Test
    void takesALongRunWholeWithItsPadding() {
        String encoded = Base64.getEncoder().encodeToString(
                "text long enough to span more than one word of bits, then some".getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < 70; at++) {
            String text = ".".repeat(at) + encoded + ".";
            assertThat(find(text)).as("at %d", at).singleElement().satisfies(s -> {
                assertThat(s.start()).isEqualTo(text.indexOf(encoded));
                assertThat(s.end()).isEqualTo(text.indexOf(encoded) + encoded.length());
            });
        }
    }

    /**
     * Base64 wrapped in lines of one width (GitHub's contents API at 60, PEM at 64, MIME at 76 with CR LF, JSON text
     * with its line feeds still escaped) is one run: a value cut by a line break is decoded whole.
     */
    @Test
    void wrappedBase64IsDecodedAsOneBlock() {
        String file = "# settings\nNODE_ENV=production\nPORT=8080\nLOG_LEVEL=info\nGREETING=hello from the service\n"
                + "FEATURES=search,export,import\n";
        String encoded = Base64.getEncoder().encodeToString(file.getBytes(StandardCharsets.US_ASCII));
        for (Object[] wrap : new Object[][] {{60, "\n"}, {64, "\n"}, {76, "\r\n"}, {60, "\\n"}}) {
            int width = (Integer) wrap[0];
            StringBuilder block = new StringBuilder();
            for (int i = 0; i < encoded.length(); i += width) {
                block.append(i > 0 ? (String) wrap[1] : "").append(encoded, i, Math.min(encoded.length(), i + width));
            }
            String text = "{\"content\": \"" + block + "\"}";
            assertThat(find(text)).as("width %d", width).singleElement().satisfies(s -> {
                assertThat(s.start()).isEqualTo(text.indexOf(block.toString()));
                assertThat(s.end()).isEqualTo(text.indexOf(block.toString()) + block.length());
                assertThat(s.decoded()).isEqualTo(file);
            });
        }
        // Lines of other widths are runs of their own.
        String first = encoded.substring(0, 60);
        String second = encoded.substring(60, 116);
        assertThat(find(first + "\n" + second + "\n" + encoded.substring(116))).hasSizeGreaterThan(1);
    }

    @Test
    void aCredentialCutByTheWrapOfEncodedTextIsFoundAndTheWholeBlockCovered() {
        String token = Credentials.checksummedToken(new java.util.Random(3), "ghp_");
        String file = "# deploy\nREGION=eu-west-1\nGITHUB_TOKEN=" + token + "\nLOG_LEVEL=debug\n";
        String encoded = Base64.getEncoder().encodeToString(file.getBytes(StandardCharsets.US_ASCII));
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 60) {
            block.append(i > 0 ? "\n" : "").append(encoded, i, Math.min(encoded.length(), i + 60));
        }
        assertThat(Detector.builtIn().scan(block.toString())).singleElement().satisfies(f -> {
            assertThat(f.start()).isZero();
            assertThat(f.end()).isEqualTo(block.length());
        });
    }

    @Test
    void needsSixteenCharactersInARow() {
        String sixteen = "YWJjZGVmZ2hpamts"; // decodes to 12 printable characters
        assertThat(find("(" + sixteen + ")")).hasSize(1);
        for (int cut = 1; cut < 16; cut++) {
            String broken = sixteen.substring(0, cut) + "." + sixteen.substring(cut);
            assertThat(find("(" + broken + ")")).as(broken).isEmpty();
        }
        assertThat(find(sixteen.substring(1))).isEmpty();
    }

    @Test
    void aNonAsciiCharacterEndsARun() {
        for (String separator : List.of("\u00e9", "\u4e2d", "\u0141", "\uff41")) {
            String text = RUN.substring(0, 20) + separator + RUN.substring(20);
            // The first 20 characters are a run of their own (they decode to text); nothing spans the separator,
            // whose low seven bits would read as a base64 letter.
            List<EncodedSpans.Span> spans = find(text);
            assertThat(spans).as(separator).anySatisfy(s -> {
                assertThat(s.start()).isZero();
                assertThat(s.end()).isEqualTo(20);
            });
            assertThat(spans).as(separator).allSatisfy(s -> assertThat(s.end() <= 20 || s.start() > 20).isTrue());
        }
    }

    @Test
    void findsRunsOneAfterAnother() {
        String text = RUN + " " + RUN + "=" + RUN + ".".repeat(70) + RUN;
        List<EncodedSpans.Span> spans = find(text);
        assertThat(spans).extracting(EncodedSpans.Span::start)
                .containsExactly(0, RUN.length() + 1, 2 * RUN.length() + 2, 3 * RUN.length() + 72);
    }
}
