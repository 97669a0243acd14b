package dev.airlock.proxy.inspect;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.airlock.proxy.inspect.BodyDecodingException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes a fully buffered request body's {@code Content-Encoding}, so that the scanner sees the bytes the upstream
 * will see once it decodes them.
 *
 * <p>Everything is bounded and fails closed (HARDENING §1, §3): unknown tokens, more than {@value #MAX_STACKED}
 * stacked encodings, corrupt or truncated streams, bytes after the end of a stream, output past the caller's limit
 * and output past {@value #MAX_RATIO} times a stage's input all end in a {@link BodyDecodingException}. Each stage
 * decodes in {@value #CHUNK}-byte steps and checks the limits before keeping a step, so a bomb costs at most its
 * limit plus one step of memory, never its full expansion.
 *
 * <p>Pure and stateless: safe on any thread. The work is CPU-bound and proportional to the output, which the limits
 * cap.
 */
public final class BodyDecoding {

    /** Encodings stacked on one body, identity not counted; clients send one, two is already generous. */
    static final int MAX_STACKED = 2;
    /** Largest output-to-input ratio of one stage; JSON prompts compress about 5:1, zeros 1000:1. */
    static final int MAX_RATIO = 100;
    /**
     * Output a stage may always produce, whatever its ratio. Small bodies of repetitive text (whitespace-indented
     * JSON, a pasted log) can compress past 100:1 legitimately, while a "bomb" that stops at 1 MiB costs no more than
     * an ordinary uncompressed 1 MiB body does.
     */
    static final long RATIO_FREE_BYTES = 1L << 20;
    private static final int CHUNK = 64 << 10;
    /** Largest array length every JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /**
     * zstd decoding windows: a frame that omits its content size makes the decoder allocate its whole declared window
     * (up to 2 GiB, in native memory the heap limits do not see). A window larger than the allowed output is never
     * needed, but encoders at ordinary levels declare up to 8 MiB whatever the body's size, hence the floor.
     */
    private static final int ZSTD_MIN_WINDOW_LOG = 23;
    private static final int ZSTD_MAX_WINDOW_LOG = 27;

    private static final String EXPECTED_TOKENS = "gzip, deflate, br, zstd or identity";
    private static final String END = "unexpected end of input";
    private static final String INVALID = "invalid compressed data";
    private static final String INVALID_OR_TRUNCATED = "invalid or incomplete compressed data";
    private static final String TRAILING = "data follows the end of the stream";
    /** Codings of the IANA registry and common non-standard ones, named in answers when unsupported. */
    private static final java.util.Set<String> KNOWN_CODINGS = java.util.Set.of("aes128gcm", "compress", "x-compress",
            "dcb", "dcz", "exi", "pack200-gzip", "snappy", "lz4", "xz", "bzip2", "lzma");

    private static final int GZIP_FHCRC = 0x02;
    private static final int GZIP_FEXTRA = 0x04;
    private static final int GZIP_FNAME = 0x08;
    private static final int GZIP_FCOMMENT = 0x10;
    private static final int GZIP_RESERVED = 0xE0;

    private enum Codec {
        GZIP("gzip", "a complete gzip stream"),
        DEFLATE("deflate", "a complete zlib or raw deflate stream"),
        BROTLI("brotli", "a complete brotli stream"),
        ZSTD("zstd", "a complete zstd stream");

        final String label;
        final String expected;

        Codec(String label, String expected) {
            this.label = label;
            this.expected = expected;
        }
    }

    private BodyDecoding() {
    }

    /**
     * Decodes {@code body} as the {@code Content-Encoding} header fields say.
     *
     * @param body                        the whole body as received; not modified
     * @param contentEncodingHeaderValues every {@code Content-Encoding} field value in order; each may be a comma list.
     *                                    Encodings are listed in the order they were applied, so they are undone
     *                                    last first
     * @param maxOutputBytes              largest output of any stage (the body limit, {@code limits.maxBodyBytes})
     * @return the decoded body; {@code body} itself when there is nothing to undo
     * @throws BodyDecodingException when the body cannot be decoded within the limits
     */
    public static byte[] decode(byte[] body, List<String> contentEncodingHeaderValues, long maxOutputBytes)
            throws BodyDecodingException {
        return decodeNotingSkipped(body, contentEncodingHeaderValues, maxOutputBytes).bytes();
    }

    /**
     * A decoded body and whether its encoded form holds bytes the decoders pass over without output: a gzip member's
     * file name, comment or extra field, a zstd skippable frame. They are no part of the body, but they travel with
     * the encoded bytes, so whoever forwards those bytes forwards text nobody scanned.
     */
    public record Decoded(byte[] bytes, boolean skippedBytes) {
    }

    /** {@link #decode}, noting whether any stage passed over bytes ({@link Decoded#skippedBytes}). */
    public static Decoded decodeNotingSkipped(byte[] body, List<String> contentEncodingHeaderValues,
                                              long maxOutputBytes) throws BodyDecodingException {
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes " + maxOutputBytes + " (expected: 1 or more)");
        }
        List<Codec> codecs = parse(contentEncodingHeaderValues);
        if (codecs.size() > MAX_STACKED) {
            throw new BodyDecodingException(Kind.TOO_MANY, "Content-Encoding stacks " + codecs.size()
                    + " encodings (expected: at most " + MAX_STACKED + " besides identity)");
        }
        long limit = Math.min(maxOutputBytes, MAX_ARRAY);
        byte[] current = body;
        boolean skipped = false;
        for (int i = codecs.size() - 1; i >= 0; i--) {
            Sink stage = decodeStage(codecs.get(i), current, limit);
            skipped |= stage.skipped;
            current = stage.toByteArray();
        }
        return new Decoded(current, skipped);
    }

    private static List<Codec> parse(List<String> values) throws BodyDecodingException {
        List<Codec> codecs = new ArrayList<>(MAX_STACKED);
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String token = trimOws(element);
                // Empty list elements are allowed by RFC 9110 §5.6.1 and mean nothing.
                if (token.isEmpty()) {
                    continue;
                }
                switch (asciiLowerCase(token)) {
                    case "identity" -> { }
                    case "gzip", "x-gzip" -> codecs.add(Codec.GZIP);
                    case "deflate" -> codecs.add(Codec.DEFLATE);
                    case "br" -> codecs.add(Codec.BROTLI);
                    case "zstd" -> codecs.add(Codec.ZSTD);
                    default -> throw new BodyDecodingException(Kind.UNSUPPORTED,
                            "unsupported Content-Encoding" + describe(token) + " (expected: " + EXPECTED_TOKENS + ")");
                }
            }
        }
        return codecs;
    }

    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isOws(s.charAt(start))) {
            start++;
        }
        while (end > start && isOws(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * ASCII-only on purpose: {@code String.equalsIgnoreCase} and locale-aware lowering match non-ASCII look-alikes
     * ({@code "zſtd"} equals {@code "zstd"} ignoring case), which the upstream would not take for the same encoding.
     */
    private static String asciiLowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] += 'a' - 'A';
            }
        }
        return new String(chars);
    }

    /**
     * Names the token only when it is a known content coding: a header value may carry anything, even a short
     * password, and answers and logs never echo client text.
     */
    private static String describe(String token) {
        return KNOWN_CODINGS.contains(token) ? " \"" + token + "\"" : ": an unknown token";
    }

    private static Sink decodeStage(Codec codec, byte[] in, long maxOutputBytes) throws BodyDecodingException {
        if (in.length == 0) {
            throw corrupt(codec, END);
        }
        Sink sink = new Sink(codec, in.length, maxOutputBytes);
        switch (codec) {
            case GZIP -> gunzip(in, sink);
            case DEFLATE -> inflateDeflate(in, sink);
            case BROTLI -> unbrotli(in, sink);
            case ZSTD -> {
                unzstd(in, sink);
                sink.skipped = zstdHasSkippableFrame(in);
            }
        }
        return sink;
    }

    /**
     * Members are parsed here rather than with {@code GZIPInputStream}, which silently ignores whatever follows a
     * member when it does not parse as a gzip header. Other decoders may make something of those bytes, and the
     * scanner must see everything the upstream might.
     */
    private static void gunzip(byte[] in, Sink sink) throws BodyDecodingException {
        Inflater inflater = new Inflater(true);
        try {
            CRC32 crc = new CRC32();
            int pos = 0;
            do {
                int member = pos;
                pos = gzipHeaderEnd(in, pos);
                sink.skipped |= (in[member + 3] & (GZIP_FEXTRA | GZIP_FNAME | GZIP_FCOMMENT)) != 0;
                inflater.reset();
                crc.reset();
                int memberStart = sink.size();
                pos = inflate(inflater, in, pos, sink, crc);
                if (in.length - pos < 8) {
                    throw corrupt(Codec.GZIP, END);
                }
                if (intLe(in, pos) != (int) crc.getValue() || intLe(in, pos + 4) != sink.size() - memberStart) {
                    throw corrupt(Codec.GZIP, "its checksum or length does not match its content");
                }
                pos += 8;
            } while (pos < in.length);
        } finally {
            inflater.end();
        }
    }

    /** Returns the offset of the deflate data after the member header at {@code start} (RFC 1952 §2.3). */
    private static int gzipHeaderEnd(byte[] in, int start) throws BodyDecodingException {
        boolean magic = in.length - start >= 2 && (in[start] & 0xFF) == 0x1F && (in[start + 1] & 0xFF) == 0x8B;
        if (!magic) {
            throw corrupt(Codec.GZIP, start == 0 ? "it does not start with a gzip header" : TRAILING);
        }
        if (in.length - start < 10) {
            throw corrupt(Codec.GZIP, END);
        }
        if (in[start + 2] != 8) {
            throw corrupt(Codec.GZIP, "its header names a compression method other than deflate");
        }
        int flags = in[start + 3] & 0xFF;
        if ((flags & GZIP_RESERVED) != 0) {
            throw corrupt(Codec.GZIP, "its header sets reserved flags");
        }
        int pos = start + 10;
        if ((flags & GZIP_FEXTRA) != 0) {
            if (in.length - pos < 2) {
                throw corrupt(Codec.GZIP, END);
            }
            pos += 2 + ((in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8);
        }
        if ((flags & GZIP_FNAME) != 0) {
            pos = afterZeroByte(in, pos);
        }
        if ((flags & GZIP_FCOMMENT) != 0) {
            pos = afterZeroByte(in, pos);
        }
        if ((flags & GZIP_FHCRC) != 0) {
            if (pos > in.length - 2) {
                throw corrupt(Codec.GZIP, END);
            }
            CRC32 crc = new CRC32();
            crc.update(in, start, pos - start);
            if (((int) crc.getValue() & 0xFFFF) != ((in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8)) {
                throw corrupt(Codec.GZIP, "its header checksum does not match");
            }
            pos += 2;
        }
        if (pos > in.length) {
            throw corrupt(Codec.GZIP, END);
        }
        return pos;
    }

    /**
     * Whether a zstd stream, already decoded, holds a skippable frame (magic 0x184D2A50 to 0x184D2A5F): data no
     * decoder outputs.
     */
    private static boolean zstdHasSkippableFrame(byte[] in) {
        int pos = 0;
        try {
            while (in.length - pos >= 8) {
                if ((intLe(in, pos) & 0xFFFFFFF0) == 0x184D2A50) {
                    return true;
                }
                long size = Zstd.findFrameCompressedSize(in, pos);
                if (Zstd.isError(size) || size <= 0) {
                    return true; // the decoder took it, this walk cannot: treat the rest as unread
                }
                pos += (int) size;
            }
        } catch (RuntimeException e) {
            return true;
        }
        return false;
    }

    private static int afterZeroByte(byte[] in, int pos) throws BodyDecodingException {
        for (int i = pos; i < in.length; i++) {
            if (in[i] == 0) {
                return i + 1;
            }
        }
        throw corrupt(Codec.GZIP, END);
    }

    private static int intLe(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    /**
     * RFC 9110 defines {@code deflate} as a zlib stream, but many clients send raw deflate; the zlib header check
     * (method 8, header a multiple of 31) tells them apart, since raw deflate from a real encoder never passes it.
     */
    private static void inflateDeflate(byte[] in, Sink sink) throws BodyDecodingException {
        boolean zlib = in.length >= 2 && (in[0] & 0x0F) == 8 && (((in[0] & 0xFF) << 8) | (in[1] & 0xFF)) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        try {
            if (inflate(inflater, in, 0, sink, null) != in.length) {
                throw corrupt(Codec.DEFLATE, TRAILING);
            }
        } finally {
            inflater.end();
        }
    }

    /** Inflates one deflate stream starting at {@code offset}; returns the offset just after it. */
    private static int inflate(Inflater inflater, byte[] in, int offset, Sink sink, CRC32 crc)
            throws BodyDecodingException {
        inflater.setInput(in, offset, in.length - offset);
        byte[] chunk = sink.chunk;
        try {
            while (true) {
                long consumed = inflater.getBytesRead();
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    sink.append(n);
                    if (crc != null) {
                        crc.update(chunk, 0, n);
                    }
                }
                if (inflater.finished()) {
                    return in.length - inflater.getRemaining();
                }
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        throw corrupt(sink.codec, "it needs a preset dictionary");
                    }
                    if (inflater.needsInput()) {
                        throw corrupt(sink.codec, END);
                    }
                    if (inflater.getBytesRead() == consumed) {
                        // Neither input taken nor output given: stop rather than spin.
                        throw corrupt(sink.codec, INVALID);
                    }
                }
            }
        } catch (DataFormatException e) {
            throw corrupt(sink.codec, INVALID);
        }
    }

    private static void unbrotli(byte[] in, Sink sink) throws BodyDecodingException {
        ByteArrayInputStream source = new ByteArrayInputStream(in);
        try (BrotliInputStream brotli = new BrotliInputStream(source)) {
            drain(brotli, sink);
        } catch (IOException | RuntimeException e) {
            // The decoder reports every format error as a RuntimeException (BrotliRuntimeException), often wrapped.
            throw corrupt(Codec.BROTLI, INVALID_OR_TRUNCATED);
        }
        // The decoder refuses bytes after the stream's end only if its 4 KiB read-ahead met the end of the input;
        // this catches the rest, except stray bytes that end exactly where a read-ahead does. No brotli decoder
        // gives bytes after the end any meaning, so those cannot change what the upstream decodes.
        if (source.available() > 0) {
            throw corrupt(Codec.BROTLI, TRAILING);
        }
    }

    private static void unzstd(byte[] in, Sink sink) throws BodyDecodingException {
        int windowLog = Math.max(ZSTD_MIN_WINDOW_LOG,
                Math.min(ZSTD_MAX_WINDOW_LOG, 64 - Long.numberOfLeadingZeros(sink.limit - 1)));
        // Several frames in a row decode as one body (the stream is not "continuous": an unfinished frame is an
        // error); bytes after the last frame that are not a frame are an error too.
        try (ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(in))) {
            zstd.setLongMax(windowLog);
            drain(zstd, sink);
        } catch (ZstdIOException e) {
            if (e.getErrorCode() == Zstd.errFrameParameterWindowTooLarge()) {
                throw new BodyDecodingException(Kind.TOO_LARGE, "zstd body asks for a decoding window larger than "
                        + (1L << windowLog) + " bytes (expected: a window of at most " + (1L << windowLog) + " bytes)");
            }
            throw corrupt(Codec.ZSTD, e.getErrorCode() == Zstd.errChecksumWrong()
                    ? "its checksum does not match its content" : INVALID_OR_TRUNCATED);
        } catch (IOException | RuntimeException e) {
            throw corrupt(Codec.ZSTD, INVALID_OR_TRUNCATED);
        } catch (LinkageError e) {
            // zstd-jni loads a native library on first use (UnsatisfiedLinkError, then NoClassDefFoundError on later
            // calls). Without it zstd bodies cannot be scanned, so they are refused; the proxy itself keeps running.
            throw new BodyDecodingException(Kind.UNSUPPORTED, "unsupported Content-Encoding \"zstd\": zstd is "
                    + "unavailable on this platform, its native library did not load (expected: gzip, deflate, br or "
                    + "identity)");
        }
    }

    private static void drain(InputStream in, Sink sink) throws IOException, BodyDecodingException {
        int n;
        while ((n = in.read(sink.chunk, 0, CHUNK)) != -1) {
            sink.append(n);
        }
    }

    private static BodyDecodingException corrupt(Codec codec, String detail) {
        return new BodyDecodingException(Kind.CORRUPT,
                codec.label + " body is corrupt: " + detail + " (expected: " + codec.expected + ")");
    }

    /** One stage's output, grown on demand and never past the stage's limit. */
    private static final class Sink {
        final Codec codec;
        /** The one step buffer codecs decode into; {@link #append} checks the limits before keeping it. */
        final byte[] chunk = new byte[CHUNK];
        final long limit;
        private final int inputLength;
        private final boolean ratioBound;
        /** The stage passed over bytes that are no part of its output ({@link Decoded#skippedBytes}). */
        boolean skipped;
        private byte[] buf;
        private int size;

        Sink(Codec codec, int inputLength, long maxOutputBytes) {
            long ratioLimit = Math.max(RATIO_FREE_BYTES, (long) inputLength * MAX_RATIO);
            this.codec = codec;
            this.inputLength = inputLength;
            this.limit = Math.min(maxOutputBytes, ratioLimit);
            this.ratioBound = ratioLimit < maxOutputBytes;
            this.buf = new byte[(int) Math.min(limit, Math.max(CHUNK, 4L * inputLength))];
        }

        int size() {
            return size;
        }

        void append(int n) throws BodyDecodingException {
            if (n > limit - size) {
                throw tooLarge();
            }
            if (n > buf.length - size) {
                buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(2L * buf.length, (long) size + n)));
            }
            System.arraycopy(chunk, 0, buf, size, n);
            size += n;
        }

        byte[] toByteArray() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }

        private BodyDecodingException tooLarge() {
            if (ratioBound) {
                return new BodyDecodingException(Kind.TOO_LARGE, "decompression ratio above " + MAX_RATIO + ":1: "
                        + codec.label + " body of " + inputLength + " bytes decodes to more than " + limit
                        + " bytes (expected: at most " + MAX_RATIO + " times its size, or " + RATIO_FREE_BYTES
                        + " bytes for small bodies)");
            }
            return new BodyDecodingException(Kind.TOO_LARGE, codec.label + " body decodes to more than " + limit
                    + " bytes (expected: at most limits.maxBodyBytes)");
        }
    }
}
