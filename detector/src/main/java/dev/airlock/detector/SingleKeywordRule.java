package dev.airlock.detector;

/** A hand-written rule triggered by one literal: holds its description and keyword so subclasses only match. */
abstract class SingleKeywordRule extends HandWrittenRule {

    SingleKeywordRule(RuleInfo info, String keyword, boolean ignoreCase) {
        super(info, 10);
        trigger(keyword, ignoreCase, 0);
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
