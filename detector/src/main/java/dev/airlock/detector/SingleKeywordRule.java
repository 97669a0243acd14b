package dev.airlock.detector;

import java.util.List;

/** A hand-written rule triggered by one literal: holds its description and keyword so subclasses only match. */
abstract class SingleKeywordRule implements Rule {

    private final RuleInfo info;
    private final List<Keyword> keywords;

    SingleKeywordRule(RuleInfo info, String keyword, boolean ignoreCase) {
        this.info = info;
        this.keywords = List.of(new Keyword(keyword, ignoreCase, this, 0));
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final List<Keyword> keywords() {
        return keywords;
    }
}
