package dev.airlock.proxy.payload;

import dev.airlock.detector.Finding;
import java.util.List;

/**
 * A string leaf (value or object key) in which the detector found something: where it is and what was found, never
 * its text. The values a placeholder needs are read again from the body's bytes when it is rewritten, so a hit
 * remembered across requests ({@link Checkpoint}) holds no secret. It never leaves the package.
 *
 * @param line      1-based line of the opening quote
 * @param pointer   RFC 6901 pointer of the value, or of the enclosing object for a key; keys that held a finding
 *                  appear in it in their redacted form
 * @param fieldName the member name for a value inside an object, otherwise null
 * @param spots     ordered, non-overlapping, never splitting a surrogate pair
 */
record LeafHit(int line, String pointer, String fieldName, boolean key, List<Spot> spots) {

    /**
     * One finding in the leaf, with what a report needs of its value and where its bytes are.
     *
     * @param textLine    1-based line of the leaf's decoded text on which it starts
     * @param fingerprint keyed HMAC of the value
     * @param rawStart    body offset of the first byte the value was decoded from
     * @param rawEnd      body offset after the last, escapes included
     */
    record Spot(Finding finding, int textLine, String fingerprint, int rawStart, int rawEnd) {
    }

    LeafHit {
        spots = List.copyOf(spots);
    }

    LeafHit withSpots(List<Spot> subset) {
        return new LeafHit(line, pointer, fieldName, key, subset);
    }
}
