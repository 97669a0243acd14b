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

    Keyword(String literal, boolean ignoreCase, Rule rule, int variant) {
        if (literal.length() < 3) {
            throw new IllegalArgumentException("keyword '" + literal + "' of rule " + rule.id()
                    + " is shorter than 3 characters");
        }
        for (int i = 0; i < literal.length(); i++) {
            if (literal.charAt(i) >= 128 || literal.charAt(i) == 0) {
                throw new IllegalArgumentException("keyword of rule " + rule.id() + " must be printable ASCII");
            }
        }
        this.literal = literal;
        this.ignoreCase = ignoreCase;
        this.rule = rule;
        this.variant = variant;
        this.compare = ignoreCase ? literal.toLowerCase(java.util.Locale.ROOT).toCharArray() : literal.toCharArray();
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

    boolean matchesAt(char[] text, int length, int at) {
        final char[] k = compare;
        if (at + k.length > length) {
            return false;
        }
        if (ignoreCase) {
            for (int i = 0; i < k.length; i++) {
                if (Ascii.lower(text[at + i]) != k[i]) {
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
