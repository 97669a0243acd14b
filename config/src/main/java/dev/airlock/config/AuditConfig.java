package dev.airlock.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The audit trail: one JSON line per finding-bearing or unscanned request, never a secret.
 *
 * @param file        JSON Lines audit trail; null writes none
 * @param rotateBytes the file is rotated before it would grow past this size
 * @param rotateAge   the file is rotated once its first event is this old
 * @param keep        rotated files kept (oldest deleted first)
 * @param stdout      every event also goes to standard output, one JSON line each, for log shippers
 */
public record AuditConfig(Path file, long rotateBytes, Duration rotateAge, int keep, boolean stdout) {

    public static final long DEFAULT_ROTATE_BYTES = 64L << 20;
    public static final Duration DEFAULT_ROTATE_AGE = Duration.ofDays(1);
    public static final int DEFAULT_KEEP = 14;

    public static final AuditConfig DEFAULT = new AuditConfig(null, DEFAULT_ROTATE_BYTES, DEFAULT_ROTATE_AGE,
            DEFAULT_KEEP, false);

    public AuditConfig {
        Objects.requireNonNull(rotateAge, "rotateAge");
        if (rotateBytes < 4096) {
            throw new IllegalArgumentException("rotateBytes " + rotateBytes + " (expected: at least 4KiB)");
        }
        if (rotateAge.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("rotateAge " + rotateAge.toSeconds() + "s (expected: at least 1m)");
        }
        if (keep < 1 || keep > 1000) {
            throw new IllegalArgumentException("keep " + keep + " (expected: 1 to 1000 rotated files)");
        }
    }

    /** True when events are recorded anywhere. */
    public boolean enabled() {
        return file != null || stdout;
    }
}
