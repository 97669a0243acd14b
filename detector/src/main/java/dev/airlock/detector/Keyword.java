package dev.airlock.detector;

/**
 * A literal that triggers a rule. {@code variant} tells the rule which of its shapes or keyword classes the
 * literal belongs to, so the rule needs no second lookup.
 */
record Keyword(String literal, boolean ignoreCase, Rule rule, int variant) {

    Keyword {
        if (literal.length() < 3) {
            throw new IllegalArgumentException("keyword '" + literal + "' of rule " + rule.id()
                    + " is shorter than 3 characters");
        }
        for (int i = 0; i < literal.length(); i++) {
            if (literal.charAt(i) >= 128 || literal.charAt(i) == 0) {
                throw new IllegalArgumentException("keyword of rule " + rule.id() + " must be printable ASCII");
            }
        }
    }

    boolean matchesAt(char[] text, int length, int at) {
        int n = literal.length();
        if (at + n > length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char expected = literal.charAt(i);
            char actual = text[at + i];
            if (actual != expected && !(ignoreCase && Ascii.lower(actual) == Ascii.lower(expected))) {
                return false;
            }
        }
        return true;
    }
}
