package dev.airlock.config;

import java.util.Locale;

/**
 * Where a secret Airlock redacted is put back when the model repeats its placeholder in an answer. The provider
 * never sees the secret either way; this only decides what the client gets.
 */
public enum Restore {
    /** Never: the client gets the placeholders as the model wrote them. */
    OFF,
    /** In tool-call arguments only, so a tool the client runs (an edit of {@code .env}) uses the real value. */
    TOOLS,
    /** In tool-call arguments and in the text of the answer. */
    ALL;

    /** The word used in configuration files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
