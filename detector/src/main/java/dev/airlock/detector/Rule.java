package dev.airlock.detector;

import java.util.List;

/**
 * One detection rule. A rule never scans a text on its own: the {@link KeywordIndex} finds its keywords in
 * one pass over the text and calls {@link #match} only at those places, so a rule's cost is proportional to
 * how often its keywords occur, not to the length of the text.
 */
interface Rule {

    /** Id, description and the shape of what the rule finds (for listings and for generating test examples). */
    RuleInfo info();

    default String id() {
        return info().id();
    }

    default String description() {
        return info().description();
    }

    default String example() {
        return info().example();
    }

    List<Keyword> keywords();

    /** Rules that know a vendor's format win over generic ones when two findings overlap. */
    default int priority() {
        return 10;
    }

    /** Looks for a match at a keyword hit and adds what it confirms to {@code out}. */
    void match(ScanText text, int hit, Keyword keyword, List<Finding> out);
}
