package dev.airlock.proxy.payload;

import java.util.List;

/**
 * The outcome of redacting one JSON body.
 *
 * @param forward  the body to forward, in pieces: when {@code changed} is false, the very array that was passed in
 * @param changed  true if at least one leaf was rewritten
 * @param findings every finding, in document order, redacted or not
 */
public record RedactionResult(Spliced forward, boolean changed, List<JsonFinding> findings) {

    public RedactionResult {
        findings = List.copyOf(findings);
    }

    /** The body to forward in one array (joined on first use when rewritten; {@link #forward} spares that). */
    public byte[] body() {
        return forward.toArray();
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
