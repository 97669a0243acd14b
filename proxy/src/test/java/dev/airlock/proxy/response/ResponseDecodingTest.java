package dev.airlock.proxy.response;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A compressed answer decoded piece by piece, wherever the pieces are cut, and every bad stream refused. */
class ResponseDecodingTest {

    private static final Random RANDOM = new Random(7);
    private static final byte[] BODY = body();

    private static byte[] body() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word").append(RANDOM.nextInt(1000))
                    .append(" \"}}]}\n\n");
        }
        return sb.toString().getBytes(UTF_8);
    }

    /** Fed in pieces of {@code piece} bytes; what came out, and the end checked. */
    private static byte[] decode(String encoding, byte[] compressed, int piece) {
        try (ResponseDecoding d = ResponseDecoding.of(encoding)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < compressed.length; i += piece) {
                out.writeBytes(d.feed(Arrays.copyOfRange(compressed, i, Math.min(i + piece, compressed.length))));
            }
            out.writeBytes(d.finish());
            return out.toByteArray();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, true)) {
            for (int i = 0; i < data.length; i += 1000) {
                gz.write(data, i, Math.min(1000, data.length - i));
                gz.flush(); // a streaming server's sync flush after each event
            }
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6, raw))) {
            d.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void everyStreamableCodingDecodesWhereverItsPiecesAreCut() throws IOException {
        byte[] gz = gzip(BODY);
        byte[] zlib = deflate(BODY, false);
        byte[] raw = deflate(BODY, true);
        byte[] zstd = Zstd.compress(BODY);
        for (int piece : new int[] {1, 2, 9, 333, Integer.MAX_VALUE}) {
            assertThat(decode("gzip", gz, piece)).as("gzip in %d-byte pieces", piece).isEqualTo(BODY);
            assertThat(decode("x-gzip", gz, piece)).isEqualTo(BODY);
            assertThat(decode("deflate", zlib, piece)).as("zlib in %d-byte pieces", piece).isEqualTo(BODY);
            assertThat(decode("deflate", raw, piece)).as("raw deflate in %d-byte pieces", piece).isEqualTo(BODY);
            assertThat(decode(" ZSTD ", zstd, piece)).as("zstd in %d-byte pieces", piece).isEqualTo(BODY);
        }
    }

    @Test
    void gzipMembersMayFollowOneAnother() throws IOException {
        byte[] a = gzip("first ".getBytes(UTF_8));
        byte[] b = gzip("second".getBytes(UTF_8));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        for (int piece : new int[] {1, 5, both.length}) {
            assertThat(new String(decode("gzip", both, piece), UTF_8)).isEqualTo("first second");
        }
    }

    @Test
    void eachPieceGivesWhatItHoldsAtOnce() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ResponseDecoding d = ResponseDecoding.of("gzip"); GZIPOutputStream gz = new GZIPOutputStream(sink, true)) {
            gz.write("data: one\n\n".getBytes(UTF_8));
            gz.flush();
            assertThat(new String(d.feed(sink.toByteArray()), UTF_8)).isEqualTo("data: one\n\n");
            sink.reset();
            gz.write("data: two\n\n".getBytes(UTF_8));
            gz.flush();
            assertThat(new String(d.feed(sink.toByteArray()), UTF_8)).isEqualTo("data: two\n\n");
        }
    }

    @Test
    void corruptTruncatedAndTrailingDataAreRefused() throws IOException {
        byte[] gz = gzip(BODY);
        byte[] corrupt = gz.clone();
        corrupt[gz.length / 2] ^= 0x55;
        corrupt[gz.length / 2 + 1] ^= 0x55;
        assertThatThrownBy(() -> decode("gzip", corrupt, 64)).isInstanceOf(ResponseDecodingException.class)
                .hasMessageContaining("gzip");
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 6] ^= 0x01;
        assertThatThrownBy(() -> decode("gzip", badCrc, 64)).isInstanceOf(ResponseDecodingException.class);
        assertThatThrownBy(() -> decode("gzip", Arrays.copyOf(gz, gz.length - 3), 64))
                .isInstanceOf(ResponseDecodingException.class).hasMessageContaining("ended inside");
        assertThatThrownBy(() -> decode("gzip", "not gzip at all".getBytes(UTF_8), 4))
                .isInstanceOf(ResponseDecodingException.class);
        byte[] zlib = deflate(BODY, false);
        assertThatThrownBy(() -> decode("deflate", Arrays.copyOf(zlib, zlib.length - 10), 64))
                .isInstanceOf(ResponseDecodingException.class);
        byte[] trailing = Arrays.copyOf(zlib, zlib.length + 3);
        assertThatThrownBy(() -> decode("deflate", trailing, 64)).isInstanceOf(ResponseDecodingException.class);
        byte[] zstd = Zstd.compress(BODY);
        assertThatThrownBy(() -> decode("zstd", Arrays.copyOf(zstd, zstd.length - 4), 64))
                .isInstanceOf(ResponseDecodingException.class);
    }

    @Test
    void aBombStopsAtItsBoundNotItsExpansion() throws IOException {
        byte[] zeros = new byte[64 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(zeros);
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length * (long) ResponseDecoding.MAX_RATIO).isLessThan(zeros.length);
        try (ResponseDecoding d = ResponseDecoding.of("gzip")) {
            assertThatThrownBy(() -> d.feed(bomb)).isInstanceOf(ResponseDecodingException.class)
                    .hasMessageContaining("expands more than 100 times");
        }
    }

    @Test
    void onlySingleStreamableCodingsAreOffered() {
        assertThat(ResponseDecoding.supports("br")).isFalse();
        assertThat(ResponseDecoding.supports("gzip, br")).isFalse();
        assertThat(ResponseDecoding.supports("compress")).isFalse();
        assertThat(ResponseDecoding.supports(null)).isFalse();
        assertThat(ResponseDecoding.supports("GZIP")).isTrue();
    }
}
