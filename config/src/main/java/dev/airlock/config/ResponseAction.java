package dev.airlock.config;

import java.util.Locale;

/** What happens to a credential the model writes back in its answer. */
public enum ResponseAction {
    /** The answer reaches the client untouched and never delayed; the finding is counted and audited. */
    RECORD,
    /**
     * The credential is replaced by its placeholder before the client sees it; the answer is held back only by the
     * few characters a rule still needs to decide.
     */
    REDACT;

    /** The word used in configuration files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
