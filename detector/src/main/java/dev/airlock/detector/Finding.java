package dev.airlock.detector;

import java.util.Objects;

/**
 * A credential found in a text: which rule matched and where, never what.
 *
 * <p>Offsets are UTF-16 indexes into the scanned text, {@code end} exclusive. The record holds no part of
 * the secret, so {@link #toString()} is safe to log.
 */
public record Finding(String ruleId, int start, int end, Confidence confidence) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(confidence, "confidence");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    Finding spanning(int newStart, int newEnd) {
        return new Finding(ruleId, newStart, newEnd, confidence);
    }
}
