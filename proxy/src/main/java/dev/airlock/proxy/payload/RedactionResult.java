package dev.airlock.proxy.payload;

import java.util.List;

/**
 * The outcome of redacting one JSON body.
 *
 * @param body     the body to forward: when {@code changed} is false, the very array that was passed in (no copy)
 * @param changed  true if at least one leaf was rewritten
 * @param findings every finding, in document order, redacted or not
 */
public record RedactionResult(byte[] body, boolean changed, List<JsonFinding> findings) {

    public RedactionResult {
        findings = List.copyOf(findings);
    }

    /** True if a finding sits in a leaf that must not be modified: the caller should block, not forward. */
    public boolean hasUnredactable() {
        for (JsonFinding f : findings) {
            if (f.unredactable()) {
                return true;
            }
        }
        return false;
    }
}
