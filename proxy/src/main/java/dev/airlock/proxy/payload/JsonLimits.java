package dev.airlock.proxy.payload;

/**
 * Bounds on what a body may contain; anything past them is rejected with {@link PayloadException}.
 *
 * @param maxDepth        deepest nesting of objects and arrays
 * @param maxStringLength longest string value or object key, in decoded characters
 */
public record JsonLimits(int maxDepth, int maxStringLength) {

    /** Deep enough for any real request; strings as long as the largest body the proxy accepts (32 MiB). */
    public static final JsonLimits DEFAULT = new JsonLimits(256, 32 * 1024 * 1024);

    public JsonLimits {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " (expected: 1 or more)");
        }
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength " + maxStringLength + " (expected: 1 or more)");
        }
    }
}
