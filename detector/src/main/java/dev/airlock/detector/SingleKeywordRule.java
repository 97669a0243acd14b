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

    /**
     * Whether the keyword at {@code hit} starts a word: no letter, digit or underscore right before it, unless that
     * is the {@code n} of a {@code \n} in JSON text not yet decoded.
     */
    static boolean startsWord(char[] c, int hit) {
        boolean escapedBreak = hit > 1 && c[hit - 2] == '\\';
        return hit == 0 || !(Ascii.isAlnum(c[hit - 1]) || c[hit - 1] == '_') || escapedBreak;
    }
}
