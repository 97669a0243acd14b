package dev.airlock.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of a credential, written the way vendors document them: {@code ghp_<b62:36>},
 * {@code AccountKey={<b64:86>==}}. Literal text, {@code <class:n>} or {@code <class:min-max>} runs, and
 * optional braces around the part that is the secret (the rest is context that stays in the text).
 *
 * <p>One definition serves three purposes: the matcher (compiled to an anchored regex that only ever runs
 * at a keyword hit), the keyword that triggers it (its first literal of three or more characters preceded
 * only by fixed-length runs), and the example shape printed by {@code airlock rules} and used by tests to
 * generate true examples.
 */
record Shape(String source, List<Segment> segments, boolean ignoreCase) {

    sealed interface Segment permits Literal, Run, SecretStart, SecretEnd {
    }

    record Literal(String text) implements Segment {
    }

    record Run(CharClass charClass, int min, int max) implements Segment {
    }

    record SecretStart() implements Segment {
    }

    record SecretEnd() implements Segment {
    }

    static Shape parse(String source, boolean ignoreCase) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                literal.append(source.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '<' || c == '{' || c == '}') {
                flush(literal, segments);
                if (c == '{') {
                    segments.add(new SecretStart());
                    i++;
                } else if (c == '}') {
                    segments.add(new SecretEnd());
                    i++;
                } else {
                    int close = source.indexOf('>', i);
                    int colon = source.lastIndexOf(':', close);
                    if (close < 0 || colon < i) {
                        throw new IllegalArgumentException("bad run in shape " + source);
                    }
                    String count = source.substring(colon + 1, close);
                    int dash = count.indexOf('-');
                    int min = Integer.parseInt(dash < 0 ? count : count.substring(0, dash));
                    int max = dash < 0 ? min : Integer.parseInt(count.substring(dash + 1));
                    segments.add(new Run(CharClass.named(source.substring(i + 1, colon)), min, max));
                    i = close + 1;
                }
                continue;
            }
            literal.append(c);
            i++;
        }
        flush(literal, segments);
        return new Shape(source, List.copyOf(segments), ignoreCase);
    }

    private static void flush(StringBuilder literal, List<Segment> segments) {
        if (!literal.isEmpty()) {
            segments.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The keyword that triggers this shape and how many characters before it the shape starts. */
    record Trigger(String literal, int offset) {
    }

    Trigger trigger() {
        int offset = 0;
        for (Segment s : segments) {
            if (s instanceof Literal l) {
                if (l.text().length() >= 3) {
                    return new Trigger(l.text(), offset);
                }
                offset += l.text().length();
            } else if (s instanceof Run r) {
                if (r.min() != r.max()) {
                    break;
                }
                offset += r.min();
            }
        }
        throw new IllegalArgumentException(
                "shape " + source + " needs a literal of 3+ characters preceded only by fixed-length runs");
    }

    /**
     * The longest literal after the trigger, which every match holds within the shape's length: where it is nowhere
     * near a trigger, the regex need not run ({@code ldap…} repeated with no {@code  -w} after it). Null when there is
     * none or case is ignored.
     */
    String laterLiteral() {
        if (ignoreCase) {
            return null;
        }
        String trigger = trigger().literal();
        boolean afterTrigger = false;
        String longest = null;
        for (Segment s : segments) {
            if (s instanceof Literal l) {
                if (afterTrigger && (longest == null || l.text().length() > longest.length())) {
                    longest = l.text();
                }
                afterTrigger |= l.text().equals(trigger);
            }
        }
        return longest;
    }

    boolean hasSecretPart() {
        return segments.stream().anyMatch(SecretStart.class::isInstance);
    }

    int maxLength() {
        int total = 0;
        for (Segment s : segments) {
            if (s instanceof Literal l) {
                total += l.text().length();
            } else if (s instanceof Run r) {
                total += r.max();
            }
        }
        return total;
    }

    /** The class of the last run when the shape ends with one: the match must not continue with it. */
    CharClass trailingClass() {
        Run last = lastRun();
        return last == null ? null : last.charClass();
    }

    /**
     * Whether every match ends {@code run} where its characters end: it ends the shape (the shape's trailing
     * look-ahead wants no character of its class after it), or the literal after it starts with a character not in
     * its class.
     */
    boolean endsWhereItsClassEnds(Run run) {
        int i = segments.indexOf(run);
        for (int k = i + 1; k < segments.size(); k++) {
            Segment s = segments.get(k);
            if (s instanceof Run) {
                return false;
            }
            if (s instanceof Literal l) {
                char first = l.text().charAt(0);
                CharClass cc = run.charClass();
                return !cc.contains(first) && !(ignoreCase
                        && (cc.contains(Character.toLowerCase(first)) || cc.contains(Character.toUpperCase(first))));
            }
        }
        return true;
    }

    /** The run that ends the shape (secret markers aside), or null when a literal ends it. */
    private Run lastRun() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            if (s instanceof Run r) {
                return r;
            }
            if (s instanceof Literal) {
                return null;
            }
        }
        return null;
    }

    Pattern compile() {
        StringBuilder re = new StringBuilder();
        for (Segment s : segments) {
            if (s instanceof Literal l) {
                re.append(ignoreCase ? "(?i:" + Pattern.quote(l.text()) + ")" : Pattern.quote(l.text()));
            } else if (s instanceof Run r) {
                // Greedy, so a run may give back a literal that follows it; the window is bounded by
                // maxLength(), which bounds the backtracking too. A run that must end where its class does is
                // possessive: giving back characters there only costs (a trigger repeated, eyJeyJ…, sk-sk-…,
                // backtracked per repetition).
                re.append(r.charClass().regex()).append('{').append(r.min()).append(',').append(r.max())
                        .append(endsWhereItsClassEnds(r) ? "}+" : "}");
            } else if (s instanceof SecretStart) {
                re.append("(?<s>");
            } else {
                re.append(')');
            }
        }
        CharClass trailing = trailingClass();
        if (trailing != null) {
            re.append("(?!").append(trailing.regex()).append(')');
        }
        return Pattern.compile(re.toString());
    }
}
