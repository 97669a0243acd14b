package dev.airlock.detector;

/** What a rule finds, for listings: id (kebab-case), a description and the shape of what it matches. */
public record RuleInfo(String id, String description, String example) {
}
