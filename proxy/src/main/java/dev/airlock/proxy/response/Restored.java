package dev.airlock.proxy.response;

import java.util.Locale;

/** Where a secret was put back in an answer: the label of {@code airlock_restored_total{where}}. */
public enum Restored {
    /** Arguments of a tool call the client runs. */
    TOOL_ARGUMENTS,
    /** The text of the answer ({@code restore: all} only). */
    TEXT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
