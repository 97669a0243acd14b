package dev.airlock.proxy.payload;

import dev.airlock.detector.Finding;
import java.util.List;

/**
 * A string leaf (value or object key) in which the detector found something. Rare, so it may hold the decoded
 * text it needs to compute placeholders; it never leaves the package.
 *
 * @param contentStart body offset of the first byte after the opening quote
 * @param line         1-based line of the opening quote
 * @param pointer      RFC 6901 pointer of the value, or of the enclosing object for a key; keys that held a
 *                     finding appear in it in their redacted form
 * @param fieldName    the member name for a value inside an object, otherwise null
 * @param findings     ordered, non-overlapping, never splitting a surrogate pair
 */
record LeafHit(String text, int contentStart, int line, String pointer, String fieldName, boolean key,
               List<Finding> findings) {

    LeafHit withFindings(List<Finding> subset) {
        return new LeafHit(text, contentStart, line, pointer, fieldName, key, subset);
    }
}
