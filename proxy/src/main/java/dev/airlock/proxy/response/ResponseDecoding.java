package dev.airlock.proxy.response;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes an answer's {@code Content-Encoding} as its pieces arrive, for a provider that compressed although Airlock
 * asked for {@code identity}: each piece is decoded at once into what it holds, so a compressed stream still reaches
 * the client event by event. gzip (members may follow one another), deflate (zlib, or raw as some servers send it)
 * and zstd; brotli's only decoder here reads a whole stream, so it is not offered (see {@link #supports}).
 *
 * <p>Bounded like request bodies: after the first {@value #RATIO_FREE_BYTES} bytes of output, the output may not
 * exceed {@value #MAX_RATIO} times the input, and one piece is decoded in {@value #STEP}-byte steps with the bound
 * checked before each is kept, so a bomb costs at most its bound. zstd windows are limited to 2^{@value #ZSTD_WINDOW_LOG}
 * bytes of native memory. Corrupt data, a window too large or output past the bound end in a
 * {@link ResponseDecodingException}; a body that stops inside a stream is found by {@link #finish}. Confined to one
 * response's thread; {@link #close} frees the native zstd context.
 */
public final class ResponseDecoding implements BodyRewrite, AutoCloseable {

    static final int MAX_RATIO = 100;
    static final long RATIO_FREE_BYTES = 1L << 20;
    static final int STEP = 64 << 10;
    static final int ZSTD_WINDOW_LOG = 23;
    private static final int MAX_GZIP_HEADER = 64 << 10;
    private static final byte[] EMPTY = new byte[0];

    private enum Codec { GZIP, DEFLATE, ZSTD }

    private final Codec codec;
    private long in;
    private long out;
    private Inflater inflater;
    /** gzip: the header (or trailer) bytes gathered so far. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean inTrailer;
    private final CRC32 crc = new CRC32();
    private ZstdDecompressCtx zstd;
    /** zstd: the last call left a frame unfinished (or output unflushed). */
    private boolean zstdOpen;
    private final byte[] step = new byte[STEP];

    private ResponseDecoding(Codec codec) {
        this.codec = codec;
        if (codec == Codec.ZSTD) {
            zstd = new ZstdDecompressCtx();
            zstd.setLongMax(ZSTD_WINDOW_LOG);
        }
    }

    /** Whether this {@code Content-Encoding} (one coding, not stacked) can be decoded as it streams. */
    public static boolean supports(String contentEncoding) {
        return codec(contentEncoding) != null;
    }

    /** A decoder for this encoding; {@link #supports} must hold. */
    public static ResponseDecoding of(String contentEncoding) {
        Codec c = codec(contentEncoding);
        if (c == null) {
            throw new IllegalArgumentException("not a streamable content coding");
        }
        return new ResponseDecoding(c);
    }

    private static Codec codec(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        return switch (contentEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> Codec.GZIP;
            case "deflate" -> Codec.DEFLATE;
            case "zstd" -> Codec.ZSTD;
            default -> null;
        };
    }

    @Override
    public byte[] feed(byte[] bytes) {
        in += bytes.length;
        if (bytes.length == 0) {
            return EMPTY;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(Math.min(STEP, bytes.length * 4));
        try {
            switch (codec) {
                case GZIP -> gzip(bytes, 0, decoded);
                case DEFLATE -> deflate(bytes, decoded);
                case ZSTD -> zstd(bytes, decoded);
            }
        } catch (DataFormatException | ZstdException e) {
            throw new ResponseDecodingException("the provider's " + label() + " answer is not valid " + label()
                    + " data");
        }
        return decoded.toByteArray();
    }

    @Override
    public byte[] finish() {
        boolean open = switch (codec) {
            case GZIP -> inflater != null || inTrailer || pending.size() > 0;
            case DEFLATE -> inflater != null && !inflater.finished();
            case ZSTD -> zstdOpen;
        };
        if (open) {
            throw new ResponseDecodingException("the provider's " + label() + " answer ended inside its stream");
        }
        return EMPTY;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
    }

    private String label() {
        return codec.name().toLowerCase(Locale.ROOT);
    }

    // ---- gzip (RFC 1952): header, deflate data, CRC-32 and size; members may follow one another -----------------

    private void gzip(byte[] bytes, int from, ByteArrayOutputStream decoded) throws DataFormatException {
        int at = from;
        while (at < bytes.length) {
            if (inflater == null && !inTrailer) {
                int used = header(bytes, at);
                if (used < 0) {
                    return; // the header goes on in the next piece
                }
                at = used;
                inflater = new Inflater(true);
                crc.reset();
                continue;
            }
            if (inflater != null) {
                inflater.setInput(bytes, at, bytes.length - at);
                drain(decoded, true);
                if (!inflater.finished()) {
                    return; // everything given was taken in
                }
                at = bytes.length - inflater.getRemaining();
                inflater.end();
                inflater = null;
                inTrailer = true;
                continue;
            }
            int take = Math.min(8 - pending.size(), bytes.length - at);
            pending.write(bytes, at, take);
            at += take;
            if (pending.size() == 8) {
                byte[] t = pending.toByteArray();
                pending.reset();
                inTrailer = false;
                if (le32(t, 0) != (int) crc.getValue()) {
                    throw new DataFormatException("crc");
                }
            }
        }
    }

    /** Gathers the member header; returns where its data starts in {@code bytes}, or -1 when it is not complete yet. */
    private int header(byte[] bytes, int at) throws DataFormatException {
        int before = pending.size();
        pending.write(bytes, at, bytes.length - at);
        byte[] h = pending.toByteArray();
        int end = headerLength(h);
        if (end < 0) {
            if (h.length > MAX_GZIP_HEADER) {
                throw new DataFormatException("header");
            }
            return -1;
        }
        pending.reset();
        return at + end - before;
    }

    /** The length of the gzip header at the start of {@code h}, or -1 when more bytes are needed. */
    private static int headerLength(byte[] h) throws DataFormatException {
        if (h.length < 10) {
            if (h.length >= 1 && (h[0] & 0xff) != 0x1f || h.length >= 2 && (h[1] & 0xff) != 0x8b
                    || h.length >= 3 && h[2] != 8) {
                throw new DataFormatException("magic");
            }
            return -1;
        }
        if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8 || (h[3] & 0xe0) != 0) {
            throw new DataFormatException("magic");
        }
        int flags = h[3];
        int at = 10;
        if ((flags & 0x04) != 0) {
            if (h.length < at + 2) {
                return -1;
            }
            at += 2 + ((h[at] & 0xff) | (h[at + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {0x08, 0x10}) {
            if ((flags & bit) != 0) {
                while (at < h.length && h[at] != 0) {
                    at++;
                }
                at++;
            }
        }
        if ((flags & 0x02) != 0) {
            at += 2;
        }
        return at <= h.length ? at : -1;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    // ---- deflate: zlib (RFC 1950) as the coding is defined, or raw deflate as some servers send it ----------------

    private void deflate(byte[] bytes, ByteArrayOutputStream decoded) throws DataFormatException {
        if (inflater == null) {
            boolean zlib = (bytes[0] & 0x0f) == 8 && bytes.length >= 2
                    ? (((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff)) % 31 == 0 : (bytes[0] & 0x0f) == 8;
            inflater = new Inflater(!zlib);
        }
        if (inflater.finished()) {
            throw new DataFormatException("trailing");
        }
        inflater.setInput(bytes);
        drain(decoded, false);
        if (inflater.finished() && inflater.getRemaining() > 0) {
            throw new DataFormatException("trailing");
        }
    }

    private void drain(ByteArrayOutputStream decoded, boolean checksum) throws DataFormatException {
        while (!inflater.finished()) {
            int n = inflater.inflate(step);
            if (n == 0) {
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("dictionary");
                }
                return; // needs input
            }
            keep(n, decoded);
            if (checksum) {
                crc.update(step, 0, n);
            }
        }
    }

    // ---- zstd -------------------------------------------------------------------------------------------------------

    private void zstd(byte[] bytes, ByteArrayOutputStream decoded) {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        ByteBuffer dst = ByteBuffer.wrap(step);
        do {
            dst.clear();
            zstdOpen = !zstd.decompressByteBufferStream(dst, src);
            if (dst.position() > 0) {
                keep(dst.position(), decoded);
            }
        } while (src.hasRemaining() || dst.position() == dst.capacity());
    }

    /** Keeps {@code n} decoded bytes of {@link #step}, unless they pass the bound. */
    private void keep(int n, ByteArrayOutputStream decoded) {
        out += n;
        if (out > RATIO_FREE_BYTES && out > in * MAX_RATIO) {
            throw new ResponseDecodingException("the provider's " + label() + " answer expands more than "
                    + MAX_RATIO + " times");
        }
        decoded.write(step, 0, n);
    }
}
