package dev.airlock.proxy.payload;

import dev.airlock.detector.Confidence;
import java.util.Objects;

/**
 * A credential found in a string leaf of a JSON body: which rule, where, how long. Never the value, so
 * {@link #toString()} is safe to log and to put in an audit event.
 *
 * @param pointer      RFC 6901 pointer of the leaf ({@code /messages/3/content}); for a finding in an object key,
 *                     the pointer of the object, with {@code inKey} set. Keys that held a finding appear in
 *                     pointers in their redacted form.
 * @param start        offset of the finding in the leaf's decoded text, in UTF-16 units
 * @param end          exclusive end offset in the leaf's decoded text
 * @param line         1-based line of the body on which the leaf starts
 * @param textLine     1-based line of the leaf's decoded text on which the finding starts (a pasted file's line)
 * @param unredactable the leaf must not be modified (see {@link ProtectedLeaves}), or the finding is split across two
 *                     leaves; it was left as it was and the request should be blocked instead
 * @param fingerprint  keyed HMAC of the value (of the part in this leaf, for a split finding); see
 *                     {@code Redactor#fingerprint}
 * @param split        the credential starts at the end of the previous sibling part (same field of the previous array
 *                     element) and ends in this leaf, from offset {@code start} 0 to {@code end}
 */
public record JsonFinding(String ruleId, Confidence confidence, String pointer, boolean inKey, int start, int end,
                          int line, int textLine, String fingerprint, boolean unredactable, boolean split) {

    public JsonFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public int length() {
        return end - start;
    }
}
