package dev.airlock.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts and durations as people write them in a configuration file. Each reader throws
 * {@link IllegalArgumentException} with a message in the {@link Problem} style: the text found, then what is allowed.
 */
final class Quantities {

    static final String SIZE_FORMS = "a number of bytes such as 1048576, or a whole number with a unit: B, kB, MB, GB"
            + " (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. 32MiB";
    static final String DURATION_FORMS = "a duration such as 500ms, 10s, 5m or 1h, or a whole number of seconds";

    /** {@code KB} is left out on purpose: people use it for both 1000 and 1024. */
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19}) ?(B|kB|MB|GB|KiB|MiB|GiB)?");
    private static final Map<String, Long> SIZE_UNITS = Map.of("B", 1L, "kB", 1000L, "MB", 1000_000L,
            "GB", 1000_000_000L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18}) ?(ms|s|m|h)?");
    private static final Map<String, ChronoUnit> DURATION_UNITS = Map.of("ms", ChronoUnit.MILLIS,
            "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS);

    private Quantities() {
    }

    /** A byte count ({@link #SIZE_FORMS}) from 0 to {@code max}. */
    static long bytes(String text, long max) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(quoted(text) + " (expected: " + SIZE_FORMS + ")");
        }
        try {
            long value = Math.multiplyExact(Long.parseLong(m.group(1)), SIZE_UNITS.get(m.group(2) == null ? "B" : m.group(2)));
            if (value <= max) {
                return value;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // past Long.MAX_VALUE: reported below
        }
        throw new IllegalArgumentException(quoted(text) + " is too large (expected: at most " + max + " bytes)");
    }

    /** A plain whole number from 0 to {@link Integer#MAX_VALUE}. */
    static int count(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,10}") && Long.parseLong(t) <= Integer.MAX_VALUE) {
            return Integer.parseInt(t);
        }
        throw new IllegalArgumentException(quoted(text) + " (expected: a whole number from 0 to " + Integer.MAX_VALUE + ")");
    }

    /** A duration ({@link #DURATION_FORMS}). */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(quoted(text) + " (expected: " + DURATION_FORMS + ")");
        }
        try {
            return Duration.of(Long.parseLong(m.group(1)), DURATION_UNITS.get(m.group(2) == null ? "s" : m.group(2)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(quoted(text) + " is too long (expected: " + DURATION_FORMS + ")", e);
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
