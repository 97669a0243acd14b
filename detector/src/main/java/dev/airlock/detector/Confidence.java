package dev.airlock.detector;

/** How sure a rule is: a validated structure beats a known shape beats a keyword-and-entropy guess. */
public enum Confidence {
    /** Keyword context and a random-looking value, nothing more (generic assignment rules). */
    LOW,
    /** A vendor's fixed shape matched, but nothing could confirm it (no checksum in the format). */
    MEDIUM,
    /** Shape matched and a checksum or structural check confirmed it. */
    HIGH
}
