package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.payload.PayloadException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of unacceptable body gets a {@link PayloadException} that says what, where and what was expected. */
class JsonBadInputTest {

    private static final Detector DETECTOR = Detector.builtIn();

    private final Redactor redactor = new Redactor(Credentials.randomKey());
    private final JsonRedaction redaction = new JsonRedaction(DETECTOR, redactor);

    private PayloadException reject(byte[] body) {
        return reject(redaction, body);
    }

    private static PayloadException reject(JsonRedaction redaction, byte[] body) {
        PayloadException e = catchThrowableOfType(PayloadException.class, () -> redaction.redact(body));
        assertThat(e).as("expected a PayloadException").isNotNull();
        return e;
    }

    private PayloadException reject(String body) {
        return reject(body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "comment                | {\"a\": 1 /* no */}               | 8  | comments are not allowed in JSON",
        "line comment           | [1]// no                           | 3  | comment",
        "trailing comma, object | {\"a\": 1,}                        | 8  | double-quote to start field name",
        "trailing comma, array  | [1, 2,]                            | 6  | expected a value",
        "NaN                    | [NaN]                              | 4  | token 'NaN' (not allowed in JSON)",
        "single quotes          | {'a': 1}                           | 1  | double-quote to start field name",
        "leading zero           | [01]                               | 2  | Leading zeroes not allowed",
        "unquoted key           | {a: 1}                             | 1  | double-quote to start field name",
        "missing colon          | {\"a\" 1}                          | 5  | was expecting a colon",
        "truncated              | {\"a\": [1,                        | 9  | end-of-input",
        "unterminated string    | [\"abc                             | 5  | end-of-input",
        "bad escape             | [\"a\\qb\"]                        | 4  | Unrecognized character escape 'q'",
        "short unicode escape   | [\"\\u12\"]                        | 6  | hex-digit for character escape",
        "second root value      | {} {}                              | 3  | after the end of the document "
                + "(expected end of input)",
        "empty                  | ``                                 | 0  | empty document (expected a JSON value)",
        "only whitespace        | ` \n `                             | 3  | empty document (expected a JSON value)",
    })
    void invalidJson(String name, String body, long offset, String detail) {
        PayloadException e = reject(body.replace("\\n", "\n"));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_JSON);
        assertThat(e.getMessage()).startsWith("invalid JSON at byte " + offset + " (line ").contains(detail);
        assertThat(e.byteOffset()).isEqualTo(offset);
        assertThat(e.getMessage()).doesNotContain("Feature").doesNotContain("`").doesNotContain("Source");
    }

    @Test
    void lineAndColumnPointAtTheProblem() {
        PayloadException e = reject("{\n  \"a\": 1,\r\n  \"b\": tru\n}");

        assertThat(e.getMessage()).startsWith("invalid JSON at byte 20 (line 3, column 8): Unrecognized token: ");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(8);
    }

    @Test
    void rawControlCharacterInAString() {
        PayloadException e = reject("[\"a\tb\"]");

        assertThat(e.getMessage()).startsWith("invalid JSON at byte 3 (line 1, column 4): ")
                .contains("has to be escaped");
    }

    @Test
    void unquotedSecretIsNeverQuotedInTheMessage() {
        String token = Credentials.githubToken(new Random());

        PayloadException e = reject("{\"key\": " + token + "}");

        assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.substring(0, 8))
                .contains("Unrecognized token: was expecting");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void byteOrderMarkIsRejected() {
        PayloadException e = reject(concat("", bytes(0xEF, 0xBB, 0xBF), "{}"));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_JSON);
        assertThat(e.getMessage()).isEqualTo("invalid JSON at byte 0 (line 1, column 1): "
                + "byte order mark (EF BB BF) before the document (expected a JSON value)");
    }

    @Test
    void utf16IsRejected() {
        PayloadException e = reject("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_16LE));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8);
        assertThat(e.getMessage()).isEqualTo("invalid UTF-8 at byte 1 (line 1, column 2): "
                + "NUL byte (expected UTF-8 JSON text; UTF-16 and UTF-32 are not accepted)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "latin-1 e-acute   | E9 20           | expected a continuation byte (0x80-0xBF) in the sequence starting 0xE9, "
                + "found 0x20",
        "stray continuation| 80              | byte 0x80 cannot start a UTF-8 sequence (stray continuation byte)",
        "overlong NUL      | C0 80           | byte 0xC0 cannot start a UTF-8 sequence (overlong encoding)",
        "overlong 3-byte   | E0 9F BF        | overlong encoding (0xE0 0x9F)",
        "encoded surrogate | ED A0 80        | encoded UTF-16 surrogate (0xED 0xA0)",
        "overlong 4-byte   | F0 8F BF BF     | overlong encoding (0xF0 0x8F)",
        "above U+10FFFF    | F4 90 80 80     | code point above U+10FFFF (0xF4 0x90)",
        "F5 lead           | F5 80 80 80     | byte 0xF5 cannot start a UTF-8 sequence (never used in UTF-8)",
        "FF                | FF              | byte 0xFF cannot start a UTF-8 sequence (never used in UTF-8)",
    })
    void invalidUtf8InsideAString(String name, String hex, String detail) {
        String[] parts = hex.trim().split(" ");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i], 16);
        }

        PayloadException e = reject(concat("{\"a\": \"x", bytes(values), "\"}"));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8);
        assertThat(e.getMessage()).isEqualTo("invalid UTF-8 at byte 8 (line 1, column 9): " + detail);
    }

    @Test
    void truncatedUtf8AtTheEnd() {
        PayloadException e = reject(concat("[\"", bytes(0xE2, 0x82), ""));

        assertThat(e.getMessage()).isEqualTo("invalid UTF-8 at byte 2 (line 1, column 3): "
                + "truncated sequence: lead byte 0xE2 needs 3 bytes, the body ends after 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "high alone            | [\"ab\\ud800\"]          | 4 | \\uD800 in a string is not followed by a low surrogate",
        "high then ASCII       | [\"\\ud800x\"]           | 2 | \\uD800 in a string is not followed by a low surrogate",
        "two highs             | [\"\\uD800\\uD800\"]     | 2 | \\uD800 in a string is not followed by a low surrogate",
        "low alone             | [\"\\udc00\"]            | 2 | \\uDC00 in a string is not preceded by a high",
        "after a valid pair    | [\"\\ud83d\\ude00\\ude00\"] | 14 | \\uDE00 in a string is not preceded",
    })
    void loneSurrogates(String name, String body, long offset, String detail) {
        PayloadException e = reject(body);

        assertThat(e.reason()).isEqualTo(Reason.LONE_SURROGATE);
        assertThat(e.getMessage()).startsWith("lone surrogate at byte " + offset + " (line 1, column " + (offset + 1)
                + "): " + detail).endsWith("JSON text must be valid Unicode");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "high alone       | {\"k\\ud800\": 1}       | Broken surrogate pair in field name",
        "low alone        | {\"k\\udc00\": 1}       | Unexpected low surrogate in field name",
        "two highs        | {\"\\ud800\\ud800\": 1} | Broken surrogate pair in field name",
    })
    void loneSurrogatesInKeys(String name, String body, String detail) {
        PayloadException e = reject(body);

        assertThat(e.reason()).isEqualTo(Reason.LONE_SURROGATE);
        assertThat(e.getMessage()).startsWith("lone surrogate at byte ").contains(detail);
    }

    @Test
    void nestingPastTheLimit() {
        JsonRedaction shallow = new JsonRedaction(DETECTOR, redactor, new JsonLimits(8, 1000), ProtectedLeaves.NONE);
        assertThatNoException().isThrownBy(() -> shallow.redact(
                ("[".repeat(4) + "{\"a\":[{\"b\":[\"x\"]}]}" + "]".repeat(4)).getBytes(StandardCharsets.UTF_8)));

        PayloadException e = reject(shallow, ("[".repeat(9) + "]".repeat(9)).getBytes(StandardCharsets.UTF_8));

        assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP);
        assertThat(e.getMessage()).startsWith("JSON nested too deeply at byte 8 (line 1, column 9): ")
                .contains("nesting depth (9) exceeds the maximum allowed (8)");
    }

    @Test
    void defaultNestingLimitIs256() {
        assertThatNoException().isThrownBy(() -> redaction.redact(
                ("[".repeat(256) + "]".repeat(256)).getBytes(StandardCharsets.UTF_8)));
        assertThat(reject("{\"a\":".repeat(257) + "1" + "}".repeat(257)).reason()).isEqualTo(Reason.TOO_DEEP);
    }

    @Test
    void stringsAndKeysPastTheLimit() {
        JsonRedaction small = new JsonRedaction(DETECTOR, redactor, new JsonLimits(8, 100), ProtectedLeaves.NONE);
        assertThatNoException().isThrownBy(() -> small.redact(
                ("{\"" + "k".repeat(100) + "\": \"" + "v".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8)));

        PayloadException value = reject(small, ("[\"" + "v".repeat(101) + "\"]").getBytes(StandardCharsets.UTF_8));
        PayloadException key = reject(small, ("{\"" + "k".repeat(101) + "\": 1}").getBytes(StandardCharsets.UTF_8));

        assertThat(value.reason()).isEqualTo(Reason.TOO_LONG);
        assertThat(value.getMessage()).startsWith("string too long at byte 1 (line 1, column 2): ")
                .contains("String value length (101) exceeds the maximum allowed (100)");
        assertThat(key.reason()).isEqualTo(Reason.TOO_LONG);
        assertThat(key.getMessage()).startsWith("object key too long at byte ")
                .contains("Name length (101) exceeds the maximum allowed (100)");
    }

    @Test
    void aLaterErrorMeansNoRewriteAtAll() {
        String token = Credentials.githubToken(new Random());

        PayloadException e = reject("{\"a\": \"" + token + "\", \"b\": [1,]}");

        assertThat(e.reason()).isEqualTo(Reason.INVALID_JSON);
        assertThat(e.getMessage()).doesNotContain(token);
    }

    @Test
    void reasonLabelsAreStable() {
        assertThat(Reason.LONE_SURROGATE.label()).isEqualTo("lone_surrogate");
        assertThat(Reason.INVALID_UTF8.label()).isEqualTo("invalid_utf8");
    }
}
