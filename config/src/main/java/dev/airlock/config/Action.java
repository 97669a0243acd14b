package dev.airlock.config;

import java.util.Locale;

/**
 * What to do with a request that holds a finding, from mildest to strictest; when findings ask for different
 * actions the strictest wins.
 */
public enum Action {
    /** Forward unchanged; the finding is only counted. */
    ALLOW,
    /** Forward unchanged and write an audit event. */
    AUDIT,
    /** Replace each finding with its placeholder, then forward. */
    REDACT,
    /** Answer 400 in the provider's error shape; nothing is forwarded. */
    BLOCK;

    /** The word used in configuration files and metric labels. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Action strictest(Action other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
