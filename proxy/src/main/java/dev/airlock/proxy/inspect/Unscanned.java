package dev.airlock.proxy.inspect;

import java.util.Locale;

/** Why a request body was not scanned; the label is a metric label value. */
public enum Unscanned {
    /** Binary or unknown content type. */
    CONTENT_TYPE,
    /** Unknown, corrupt or too deeply stacked Content-Encoding. */
    ENCODING,
    /** Larger than limits.maxBodyBytes, before or after decompression. */
    TOO_LARGE,
    /** Not what its content type says (invalid JSON, not UTF-8). */
    MALFORMED,
    /** No capacity to buffer or scan it now. */
    OVERLOADED,
    /** The scanner failed. */
    ERROR,
    /** Scanning ran past timeouts.scan. */
    TIMEOUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
