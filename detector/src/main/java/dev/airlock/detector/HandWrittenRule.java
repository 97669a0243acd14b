package dev.airlock.detector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A rule written by hand rather than from shapes: its description, the keywords that trigger it (registered by the
 * subclass's constructor) and the priority of its findings, so subclasses only match.
 */
abstract class HandWrittenRule implements Rule {

    private final RuleInfo info;
    private final int priority;
    private final List<Keyword> keywords = new ArrayList<>();

    HandWrittenRule(RuleInfo info, int priority) {
        this.info = info;
        this.priority = priority;
    }

    /** Registers a keyword; {@code variant} tells {@link #match} which kind of keyword it found. */
    final void trigger(String literal, boolean ignoreCase, int variant) {
        keywords.add(new Keyword(literal, ignoreCase, this, variant));
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final List<Keyword> keywords() {
        return Collections.unmodifiableList(keywords);
    }

    @Override
    public int priority() {
        return priority;
    }
}
