package dev.airlock.proxy.inspect;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.airlock.proxy.inspect.BodyDecodingException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.brotli.dec.BrotliInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyDecodingTest {

    private static final long MAX_BODY = 32L << 20;
    private static final long BOMB_BYTES = 200L << 20;

    /**
     * The encoders, each streaming so that bombs are built without holding their expansion. Fast levels, as clients
     * use them, also keep building the bombs quick.
     */
    enum Enc {
        GZIP("gzip", "gzip") {
            @Override
            OutputStream wrap(OutputStream out) throws IOException {
                return new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
            }
        },
        ZLIB("deflate", "deflate") {
            @Override
            OutputStream wrap(OutputStream out) {
                return deflating(out, false);
            }
        },
        RAW_DEFLATE("deflate", "deflate") {
            @Override
            OutputStream wrap(OutputStream out) {
                return deflating(out, true);
            }
        },
        BROTLI("br", "brotli") {
            @Override
            OutputStream wrap(OutputStream out) throws IOException {
                return new BrotliOutputStream(out, new Encoder.Parameters().setQuality(5));
            }
        },
        ZSTD("zstd", "zstd") {
            @Override
            OutputStream wrap(OutputStream out) throws IOException {
                return new ZstdOutputStreamNoFinalizer(out);
            }
        };

        final String token;
        final String label;

        Enc(String token, String label) {
            this.token = token;
            this.label = label;
        }

        abstract OutputStream wrap(OutputStream out) throws IOException;

        private static OutputStream deflating(OutputStream out, boolean raw) {
            Deflater deflater = new Deflater(Deflater.BEST_SPEED, raw);
            return new DeflaterOutputStream(out, deflater, 1 << 16) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        deflater.end();
                    }
                }
            };
        }

        byte[] encode(byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream encoder = wrap(out)) {
                encoder.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        /** Encodes {@code count} zero bytes a megabyte at a time. */
        byte[] encodeZeros(long count) {
            byte[] zeros = new byte[1 << 20];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream encoder = wrap(out)) {
                for (long left = count; left > 0; left -= zeros.length) {
                    encoder.write(zeros, 0, (int) Math.min(left, zeros.length));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    @BeforeAll
    static void brotliEncoderIsAvailable() {
        Brotli4jLoader.ensureAvailability();
    }

    // ---- what decodes

    @ParameterizedTest
    @EnumSource(Enc.class)
    void realisticJsonRoundTrips(Enc enc) throws Exception {
        byte[] json = realisticJson(2 << 20);
        byte[] encoded = enc.encode(json);

        // Compresses several times over, as prompts do, and stays well clear of the ratio limit.
        assertThat((double) json.length / encoded.length).as("compression ratio").isBetween(2.5, 30.0);
        assertThat(decode(encoded, enc.token)).isEqualTo(json);
    }

    @Test
    void xGzipIsGzip() throws Exception {
        byte[] text = text("x-gzip is what some old clients send");

        assertThat(decode(Enc.GZIP.encode(text), "x-gzip")).isEqualTo(text);
    }

    @Test
    void deflateTellsZlibFromRawByTheHeaderCheck() throws Exception {
        byte[] text = realisticJson(10_000);
        byte[] zlib = Enc.ZLIB.encode(text);
        byte[] raw = Enc.RAW_DEFLATE.encode(text);

        assertThat(((zlib[0] & 0xFF) << 8 | (zlib[1] & 0xFF)) % 31).isZero();
        assertThat(raw[0] & 0x0F).isNotEqualTo(8);
        assertThat(decode(zlib, "deflate")).isEqualTo(text);
        assertThat(decode(raw, "deflate")).isEqualTo(text);
    }

    @Test
    void concatenatedZstdFramesAndGzipMembersDecodeAsOneBody() throws Exception {
        byte[] first = text("{\"input\":\"first half, ");
        byte[] second = text("second half\"}");
        byte[] whole = concat(first, second);

        assertThat(decode(concat(Zstd.compress(first), Zstd.compress(second)), "zstd")).isEqualTo(whole);
        assertThat(decode(concat(Enc.GZIP.encode(first), Enc.GZIP.encode(second)), "gzip")).isEqualTo(whole);
    }

    @Test
    void gzipHeaderFieldsAreSkippedAndItsChecksumChecked() throws Exception {
        byte[] text = text("content behind a header with every optional field");
        byte[] member = gzipWithEveryHeaderField(text);
        try (GZIPInputStream jdk = new GZIPInputStream(new ByteArrayInputStream(member))) {
            assertThat(jdk.readAllBytes()).as("the hand-made member is valid gzip").isEqualTo(text);
        }

        assertThat(decode(member, "gzip")).isEqualTo(text);

        byte[] badHeaderCrc = member.clone();
        badHeaderCrc[10 + 6 + 10 + 10] ^= 1;
        assertThat(failure(badHeaderCrc, MAX_BODY, "gzip").getMessage())
                .isEqualTo("gzip body is corrupt: its header checksum does not match (expected: a complete gzip stream)");
        byte[] reservedFlag = member.clone();
        reservedFlag[3] |= 0x20;
        assertThat(failure(reservedFlag, MAX_BODY, "gzip").kind()).isEqualTo(Kind.CORRUPT);
    }

    /**
     * Bytes a decoder passes over (a gzip member's name, comment or extra field, a zstd skippable frame) are no part
     * of the body the scanner reads; decoding says they were there, so the encoded form is never forwarded.
     */
    @Test
    void bytesTheDecodersPassOverAreNoted() throws Exception {
        byte[] text = text("{\"input\":\"a body\"}");
        byte[] skippable = concat(new byte[] {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 'n', 'o', 't', 'e'},
                Zstd.compress(text));

        for (byte[] plain : List.of(Enc.GZIP.encode(text), concat(Enc.GZIP.encode(text), Enc.GZIP.encode(text)))) {
            assertThat(BodyDecoding.decodeNotingSkipped(plain, List.of("gzip"), MAX_BODY).skippedBytes()).isFalse();
        }
        assertThat(BodyDecoding.decodeNotingSkipped(concat(Zstd.compress(text), Zstd.compress(text)), List.of("zstd"),
                MAX_BODY).skippedBytes()).isFalse();

        assertThat(BodyDecoding.decodeNotingSkipped(gzipWithEveryHeaderField(text), List.of("gzip"), MAX_BODY))
                .satisfies(d -> {
                    assertThat(d.bytes()).isEqualTo(text);
                    assertThat(d.skippedBytes()).isTrue();
                });
        assertThat(BodyDecoding.decodeNotingSkipped(concat(Enc.GZIP.encode(text), gzipWithEveryHeaderField(text)),
                List.of("gzip"), MAX_BODY).skippedBytes()).as("in a later member").isTrue();
        assertThat(BodyDecoding.decodeNotingSkipped(skippable, List.of("zstd"), MAX_BODY)).satisfies(d -> {
            assertThat(d.bytes()).isEqualTo(text);
            assertThat(d.skippedBytes()).isTrue();
        });
        assertThat(BodyDecoding.decodeNotingSkipped(Zstd.compress(gzipWithEveryHeaderField(text)),
                List.of("gzip, zstd"), MAX_BODY).skippedBytes()).as("in an inner stage").isTrue();
    }

    @Test
    void stackedEncodingsAreUndoneLastFirst() throws Exception {
        byte[] json = realisticJson(100_000);
        byte[] gzipThenZstd = Zstd.compress(Enc.GZIP.encode(json));

        assertThat(decode(gzipThenZstd, "gzip, zstd")).isEqualTo(json);
        assertThat(decode(gzipThenZstd, "gzip", "zstd")).as("as two header fields").isEqualTo(json);
        assertThat(failure(gzipThenZstd, MAX_BODY, "zstd, gzip").kind()).as("the wrong order")
                .isEqualTo(Kind.CORRUPT);
    }

    @Test
    void tokensIgnoreAsciiCaseAndSurroundingWhitespace() throws Exception {
        byte[] json = realisticJson(10_000);
        byte[] gzipThenZstd = Zstd.compress(Enc.GZIP.encode(json));

        assertThat(decode(gzipThenZstd, " GZip ,\tZSTD\t")).isEqualTo(json);
        assertThat(decode(Enc.GZIP.encode(json), "X-GZIP")).isEqualTo(json);
        assertThat(decode(Enc.BROTLI.encode(json), "Br")).isEqualTo(json);
    }

    @Test
    void identityAndEmptyElementsChangeNothing() throws Exception {
        byte[] body = text("{\"plain\":true}");

        assertThat(decode(body)).isSameAs(body);
        assertThat(decode(body, "identity")).isSameAs(body);
        assertThat(decode(body, "IDENTITY, ,", "")).isSameAs(body);
        assertThat(decode(Enc.GZIP.encode(body), "identity, gzip,", "identity")).isEqualTo(body);
    }

    // ---- what is refused

    @Test
    void threeStackedEncodingsAreTooMany() {
        byte[] body = Zstd.compress(Enc.GZIP.encode(text("{}")));

        BodyDecodingException e = failure(body, MAX_BODY, "gzip, br", "zstd");

        assertThat(e.kind()).isEqualTo(Kind.TOO_MANY);
        assertThat(e.getMessage()).isEqualTo("Content-Encoding stacks 3 encodings (expected: at most 2 besides identity)");
    }

    @Test
    void identityDoesNotCountTowardsTheStack() throws Exception {
        byte[] body = text("{}");

        assertThat(decode(Zstd.compress(Enc.GZIP.encode(body)), "identity, gzip, identity, zstd, identity"))
                .isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"compress", "x-compress", "snappy", "foo", "gzip;q=1", "zſtd", "ＧＺＩＰ"})
    void unknownTokensAreUnsupported(String token) {
        BodyDecodingException e = failure(text("{}"), MAX_BODY, "gzip, " + token);

        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(e.getMessage()).startsWith("unsupported Content-Encoding")
                .endsWith(" (expected: gzip, deflate, br, zstd or identity)");
    }

    @Test
    void unsupportedMessageNamesOnlyKnownCodings() {
        assertThat(failure(text("{}"), MAX_BODY, "snappy").getMessage())
                .isEqualTo("unsupported Content-Encoding \"snappy\" (expected: gzip, deflate, br, zstd or identity)");

        String longToken = randomLetters(33);
        assertThat(failure(text("{}"), MAX_BODY, longToken).getMessage())
                .isEqualTo("unsupported Content-Encoding: an unknown token (expected: gzip, deflate, br, zstd or "
                        + "identity)");
        assertThat(failure(text("{}"), MAX_BODY, "zſtd").getMessage()).contains("an unknown token");
        assertThat(failure(text("{}"), MAX_BODY, "a\"b").getMessage()).contains("an unknown token");
        String shortSecret = randomLetters(12);
        assertThat(failure(text("{}"), MAX_BODY, shortSecret).getMessage()).contains("an unknown token")
                .doesNotContain(shortSecret);
    }

    @ParameterizedTest
    @EnumSource(value = Enc.class, mode = EnumSource.Mode.EXCLUDE, names = "RAW_DEFLATE")
    void corruptDataIsCorrupt(Enc enc) {
        byte[] corrupt = enc.encode(realisticJson(200_000));
        Arrays.fill(corrupt, corrupt.length / 2, corrupt.length / 2 + 16, (byte) 0xFF);

        BodyDecodingException e = failure(corrupt, MAX_BODY, enc.token);

        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(e.getMessage()).startsWith(enc.label + " body is corrupt: ");
    }

    /**
     * Raw deflate carries no checksum, so garbage inside a block can decode to other bytes (which are then what gets
     * scanned, and what the upstream decodes too); only structural damage is detectable.
     */
    @Test
    void structurallyBrokenRawDeflateIsCorrupt() {
        byte[] raw = Enc.RAW_DEFLATE.encode(realisticJson(10_000));
        raw[0] |= 0x06; // block type 3 is reserved

        assertThat(failure(raw, MAX_BODY, "deflate").getMessage()).isEqualTo(
                "deflate body is corrupt: invalid compressed data (expected: a complete zlib or raw deflate stream)");
    }

    @ParameterizedTest
    @EnumSource(Enc.class)
    void truncatedOrEmptyDataIsCorrupt(Enc enc) {
        byte[] whole = enc.encode(realisticJson(200_000));

        for (int length : new int[] {whole.length - 1, whole.length / 2, 1, 0}) {
            BodyDecodingException e = failure(Arrays.copyOf(whole, length), MAX_BODY, enc.token);
            assertThat(e.kind()).as("%d of %d bytes", length, whole.length).isEqualTo(Kind.CORRUPT);
        }
    }

    @Test
    void truncatedGzipMessageSaysWhatWasExpected() {
        byte[] whole = Enc.GZIP.encode(realisticJson(10_000));

        assertThat(failure(Arrays.copyOf(whole, whole.length - 3), MAX_BODY, "gzip").getMessage())
                .isEqualTo("gzip body is corrupt: unexpected end of input (expected: a complete gzip stream)");
    }

    @ParameterizedTest
    @EnumSource(Enc.class)
    void bytesAfterTheEndOfTheStreamAreCorrupt(Enc enc) {
        byte[] encoded = enc.encode(realisticJson(100_000));
        // Short and long tails, so that brotli's 4 KiB read-ahead both does and does not reach the end of the input.
        for (byte[] tail : List.of(text("tail"), new byte[10_000])) {
            BodyDecodingException e = failure(concat(encoded, tail), MAX_BODY, enc.token);

            assertThat(e.kind()).as("a tail of %d bytes", tail.length).isEqualTo(Kind.CORRUPT);
        }
        if (enc != Enc.GZIP && enc != Enc.ZSTD) {
            assertThat(failure(concat(encoded, encoded), MAX_BODY, enc.token).kind())
                    .as("a second stream, which only gzip and zstd define as a continuation").isEqualTo(Kind.CORRUPT);
        }
        assertThat(failure(concat(Enc.GZIP.encode(text("{}")), new byte[8]), MAX_BODY, "gzip").getMessage())
                .isEqualTo("gzip body is corrupt: data follows the end of the stream (expected: a complete gzip "
                        + "stream)");
    }

    @Test
    void checksumMismatchIsCorrupt() {
        byte[] gzip = Enc.GZIP.encode(text("{\"checked\":true}"));
        gzip[gzip.length - 8] ^= 1;

        assertThat(failure(gzip, MAX_BODY, "gzip").getMessage()).isEqualTo(
                "gzip body is corrupt: its checksum or length does not match its content (expected: a complete gzip "
                        + "stream)");
    }

    // ---- limits

    @ParameterizedTest
    @EnumSource(Enc.class)
    void bombsStopAtTheLimitWithoutMaterializingTheirExpansion(Enc enc) {
        byte[] bomb = enc.encodeZeros(BOMB_BYTES);
        assertThat(bomb.length).as("a bomb: expands more than 100 times").isLessThan((int) (BOMB_BYTES / 100));

        assertStopsEarly(bomb, enc.token);
    }

    @Test
    void stackedBombStopsAtTheLimit() {
        byte[] bomb = Zstd.compress(Enc.GZIP.encodeZeros(BOMB_BYTES));

        assertStopsEarly(bomb, "gzip, zstd");
    }

    @ParameterizedTest
    @EnumSource(Enc.class)
    void outputAboveOneHundredTimesTheInputIsTooLargeEvenUnderTheBodyLimit(Enc enc) {
        byte[] tenMibOfZeros = enc.encodeZeros(10 << 20);

        BodyDecodingException e = failure(tenMibOfZeros, MAX_BODY, enc.token);

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.getMessage()).startsWith("decompression ratio above 100:1: " + enc.label + " body of "
                + tenMibOfZeros.length + " bytes decodes to more than ");
    }

    @ParameterizedTest
    @EnumSource(Enc.class)
    void theFirstMebibyteIsFreeOfTheRatioLimit(Enc enc) throws Exception {
        byte[] mebibyte = enc.encodeZeros(BodyDecoding.RATIO_FREE_BYTES);
        byte[] mebibyteAndOne = enc.encodeZeros(BodyDecoding.RATIO_FREE_BYTES + 1);
        assertThat(mebibyteAndOne.length * 100L).as("compresses past 100:1").isLessThan(BodyDecoding.RATIO_FREE_BYTES);

        assertThat(decode(mebibyte, enc.token)).hasSize((int) BodyDecoding.RATIO_FREE_BYTES).containsOnly(0);
        assertThat(failure(mebibyteAndOne, MAX_BODY, enc.token).getMessage())
                .startsWith("decompression ratio above 100:1: ");
    }

    @ParameterizedTest
    @EnumSource(Enc.class)
    void outputIsCappedAtTheBodyLimitExactly(Enc enc) throws Exception {
        byte[] json = realisticJson(300_000);
        byte[] encoded = enc.encode(json);

        assertThat(BodyDecoding.decode(encoded, List.of(enc.token), json.length)).isEqualTo(json);
        BodyDecodingException e = failure(encoded, json.length - 1, enc.token);
        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.getMessage()).isEqualTo(enc.label + " body decodes to more than " + (json.length - 1)
                + " bytes (expected: at most limits.maxBodyBytes)");
    }

    @Test
    void zstdWindowsLargerThanTheOutputCouldNeedAreRefusedBeforeAllocation() throws Exception {
        // 8 MiB is the floor: ordinary compression levels declare up to that whatever the body's size.
        assertThat(decode(zstdFrameWithWindowLog(23), "zstd")).isEqualTo(text("x"));

        for (int windowLog : new int[] {24, 27}) {
            BodyDecodingException e = failure(zstdFrameWithWindowLog(windowLog), MAX_BODY, "zstd");
            assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(e.getMessage()).isEqualTo("zstd body asks for a decoding window larger than 8388608 bytes "
                    + "(expected: a window of at most 8388608 bytes)");
        }
    }

    @Test
    void zstdWithoutItsNativeLibraryIsUnsupportedAndNothingElseBreaks() throws Exception {
        URL[] classpath = {codeSource(BodyDecoding.class), codeSource(ZstdInputStreamNoFinalizer.class),
                codeSource(BrotliInputStream.class)};
        byte[] json = text("{\"a\":1}");
        try (URLClassLoader isolated = new WithoutNativeLibraries(classpath)) {
            Method decode = Class.forName(BodyDecoding.class.getName(), true, isolated)
                    .getMethod("decode", byte[].class, List.class, long.class);
            assertThat(decode.getDeclaringClass()).isNotSameAs(BodyDecoding.class);

            // The first use fails with UnsatisfiedLinkError, later ones with NoClassDefFoundError.
            for (int attempt = 1; attempt <= 2; attempt++) {
                Throwable thrown = catchThrowable(() -> decode.invoke(null, Zstd.compress(json), List.of("zstd"),
                        MAX_BODY));
                assertThat(thrown).isInstanceOf(InvocationTargetException.class);
                Throwable e = thrown.getCause();
                assertThat(e.getClass().getName()).as("attempt %d", attempt)
                        .isEqualTo(BodyDecodingException.class.getName());
                assertThat(e.getClass().getMethod("kind").invoke(e)).hasToString("UNSUPPORTED");
                assertThat(e.getMessage()).contains("zstd is unavailable on this platform");
            }
            assertThat(decode.invoke(null, Enc.GZIP.encode(json), List.of("gzip"), MAX_BODY)).isEqualTo(json);
        }
    }

    @Test
    void failuresCarryNoCauseAndNoStackTrace() {
        BodyDecodingException e = failure(text("not zstd"), MAX_BODY, "zstd");

        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(e.getCause()).isNull();
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void theOutputLimitMustBePositive() {
        assertThatThrownBy(() -> BodyDecoding.decode(new byte[0], List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    private static byte[] decode(byte[] body, String... contentEncoding) throws BodyDecodingException {
        return BodyDecoding.decode(body, List.of(contentEncoding), MAX_BODY);
    }

    private static BodyDecodingException failure(byte[] body, long maxOutputBytes, String... contentEncoding) {
        BodyDecodingException e = catchThrowableOfType(BodyDecodingException.class,
                () -> BodyDecoding.decode(body, List.of(contentEncoding), maxOutputBytes));
        assertThat(e).as("decoding fails").isNotNull();
        return e;
    }

    /**
     * Decoding must stop at its limit: the bytes this thread allocates stay far below the bomb's expansion (a decoder
     * that inflated first and checked afterwards would allocate all 200 MiB, and more while growing its buffer).
     */
    private static void assertStopsEarly(byte[] bomb, String contentEncoding) {
        com.sun.management.ThreadMXBean threads =
                ManagementFactory.getPlatformMXBean(com.sun.management.ThreadMXBean.class);
        assumeThat(threads.isThreadAllocatedMemorySupported()).as("allocation counting").isTrue();
        long before = threads.getCurrentThreadAllocatedBytes();

        BodyDecodingException e = failure(bomb, MAX_BODY, contentEncoding);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(BOMB_BYTES / 2);
    }

    /**
     * Prompt-like JSON: turns of text made of sentences that recur, as instructions, code and tool output do in a
     * conversation. Compresses about 3:1 with gzip and 15:1 with zstd's larger window.
     */
    private static byte[] realisticJson(int approximateSize) {
        Random random = new Random(42);
        String[] words = new String[2000];
        for (int i = 0; i < words.length; i++) {
            words[i] = randomWord(random, 2 + random.nextInt(9));
        }
        String[] sentences = new String[1000];
        for (int i = 0; i < sentences.length; i++) {
            StringBuilder sentence = new StringBuilder();
            for (int w = 6 + random.nextInt(15); w > 0; w--) {
                sentence.append(words[random.nextInt(words.length)]).append(' ');
            }
            sentences[i] = sentence.append(".\\n").toString();
        }
        StringBuilder json = new StringBuilder(approximateSize + 4096).append("{\"model\":\"m\",\"input\":[");
        for (int turn = 0; json.length() < approximateSize; turn++) {
            json.append(turn == 0 ? "" : ",").append("{\"role\":\"").append(turn % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":[{\"type\":\"input_text\",\"text\":\"");
            for (int s = 1 + random.nextInt(30); s > 0; s--) {
                json.append(sentences[random.nextInt(sentences.length)]);
            }
            json.append("\"}]}");
        }
        return json.append("]}").toString().getBytes(UTF_8);
    }

    private static String randomWord(Random random, int length) {
        char[] letters = new char[length];
        for (int i = 0; i < length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }

    private static String randomLetters(int length) {
        return randomWord(new SecureRandom(), length);
    }

    /** A gzip member with FHCRC, FEXTRA, FNAME and FCOMMENT set (RFC 1952 §2.3), which the JDK never writes. */
    private static byte[] gzipWithEveryHeaderField(byte[] content) throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        member.write(new byte[] {0x1F, (byte) 0x8B, 8, 0x1E, 0, 0, 0, 0, 0, 3});
        member.write(new byte[] {4, 0, 'A', 'p', 0, 0});
        member.write("name.json\0".getBytes(US_ASCII));
        member.write("a comment\0".getBytes(US_ASCII));
        CRC32 headerCrc = new CRC32();
        headerCrc.update(member.toByteArray());
        writeLe(member, (int) headerCrc.getValue(), 2);
        member.write(Enc.RAW_DEFLATE.encode(content));
        CRC32 crc = new CRC32();
        crc.update(content);
        writeLe(member, (int) crc.getValue(), 4);
        writeLe(member, content.length, 4);
        return member.toByteArray();
    }

    private static void writeLe(ByteArrayOutputStream out, int value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write(value >>> (8 * i));
        }
    }

    /** One zstd frame holding "x" in a raw block, declaring a window of 2^windowLog and no content size. */
    private static byte[] zstdFrameWithWindowLog(int windowLog) {
        return new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, (byte) ((windowLog - 10) << 3), 0x09, 0x00,
                0x00, 'x'};
    }

    private static byte[] text(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static URL codeSource(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Loads classes afresh and hides native libraries, as on a platform zstd-jni ships no binary for. */
    private static final class WithoutNativeLibraries extends URLClassLoader {
        WithoutNativeLibraries(URL[] urls) {
            super("without-native-libraries", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        public URL findResource(String name) {
            return isNativeLibrary(name) ? null : super.findResource(name);
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            return isNativeLibrary(name) ? Collections.emptyEnumeration() : super.findResources(name);
        }

        private static boolean isNativeLibrary(String name) {
            return name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll")
                    || name.endsWith(".jnilib");
        }
    }
}
