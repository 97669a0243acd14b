package dev.airlock.detector;

/**
 * A literal that triggers a rule. {@code variant} tells the rule which of its shapes or keyword classes the
 * literal belongs to, so the rule needs no second lookup.
 */
final class Keyword {

    private final String literal;
    private final boolean ignoreCase;
    private final Rule rule;
    private final int variant;
    /** The literal as compared: lower-cased when case is ignored. Kept as an array for the hot compare. */
    private final char[] compare;
    private final boolean ascii;

    /**
     * @param literal printable ASCII of three or more characters, found by {@link KeywordIndex}'s window; or a word
     *                of another script, of two or more characters ({@code пароль}, {@code 密码}), looked for only in
     *                texts that have such characters
     */
    Keyword(String literal, boolean ignoreCase, Rule rule, int variant) {
        boolean ascii = literal.chars().allMatch(ch -> ch < 128);
        if (literal.length() < (ascii ? 3 : 2)) {
            throw new IllegalArgumentException("keyword '" + literal + "' of rule " + rule.id()
                    + " is shorter than " + (ascii ? 3 : 2) + " characters");
        }
        if (literal.indexOf(0) >= 0) {
            throw new IllegalArgumentException("keyword of rule " + rule.id() + " holds a NUL");
        }
        this.literal = literal;
        this.ignoreCase = ignoreCase;
        this.rule = rule;
        this.variant = variant;
        this.ascii = ascii;
        this.compare = literal.toCharArray();
        if (ignoreCase) {
            for (int i = 0; i < compare.length; i++) {
                compare[i] = Character.toLowerCase(compare[i]); // one char for one: offsets stay the literal's
            }
        }
    }

    String literal() {
        return literal;
    }

    boolean ignoreCase() {
        return ignoreCase;
    }

    Rule rule() {
        return rule;
    }

    int variant() {
        return variant;
    }

    /** The literal as {@link #matchesAt} compares it: lower-cased when case is ignored. */
    String compared() {
        return new String(compare);
    }

    /** Printable ASCII: indexed by {@link KeywordIndex}'s windows; else looked for by its other-script pass. */
    boolean ascii() {
        return ascii;
    }

    boolean matchesAt(char[] text, int length, int at) {
        final char[] k = compare;
        if (at + k.length > length) {
            return false;
        }
        if (ignoreCase) {
            for (int i = 0; i < k.length; i++) {
                char ch = text[at + i];
                if ((ch < 128 ? Ascii.lower(ch) : Character.toLowerCase(ch)) != k[i]) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < k.length; i++) {
                if (text[at + i] != k[i]) {
                    return false;
                }
            }
        }
        return true;
    }
}
