package dev.airlock.config;

/**
 * Size limits; each one has a defined answer when exceeded.
 *
 * @param maxBodyBytes        largest request body scanned, also after decompression (413)
 * @param maxRequestLineBytes longest request line (414)
 * @param maxHeaderBytes      all request headers together (431)
 * @param maxHeaderCount      number of request header fields (431)
 * @param maxBufferedBytes    request bodies held in memory at once over all connections; past it new bodies are
 *                            shed with 503 and {@code Retry-After}
 */
public record LimitsConfig(long maxBodyBytes, int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount,
                           long maxBufferedBytes) {

    public static final LimitsConfig DEFAULT = new LimitsConfig(32L << 20, 8 << 10, 64 << 10, 100, 512L << 20);

    /** Bodies are held in one array and scanned as Java strings: both cap near 2 GiB. */
    public static final long MAX_BODY_CEILING = 1L << 30;

    public LimitsConfig {
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxRequestLineBytes", maxRequestLineBytes);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxHeaderCount", maxHeaderCount);
        positive("maxBufferedBytes", maxBufferedBytes);
        if (maxBodyBytes > MAX_BODY_CEILING) {
            throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes + " (expected: at most " + MAX_BODY_CEILING + ")");
        }
        if (maxBufferedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxBufferedBytes " + maxBufferedBytes
                    + " (expected: at least maxBodyBytes, " + maxBodyBytes + ")");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " (expected: 1 or more)");
        }
    }
}
