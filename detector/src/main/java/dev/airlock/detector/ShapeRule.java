package dev.airlock.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vendor credential with a fixed shape, usually a literal prefix and a run of random characters
 * ({@code ghp_<b62:36>}). The shape's regex runs only at its keyword, anchored, in a window no longer than
 * the longest possible match.
 */
final class ShapeRule implements Rule {

    private final String id;
    private final String description;
    private final List<Shape> shapes;
    private final List<Pattern> patterns;
    private final List<Shape.Trigger> triggers;
    private final List<Keyword> keywords;
    /** Per shape, the run right after the trigger literal (null when a literal follows). */
    private final List<Shape.Run> afterTrigger;
    /** Per shape, computed once: the longest match, and whether braces mark a secret part inside it. */
    private final int[] maxLengths;
    /** Per shape, whether the run after the trigger ends where its class does: see {@link #tooLong}. */
    private final boolean[] maximalAfterTrigger;
    /** Per shape, a literal every match holds after its trigger, or null: see {@link #laterLiteralNear}. */
    private final String[] laterLiterals;
    private final boolean[] secretParts;
    private final Confidence confidence;
    private final double entropyFloor;
    private final boolean leftBoundary;
    private final boolean gluedIfConfirmed;
    private final Validator validator;
    private final int priority;

    private ShapeRule(Builder b) {
        this.id = b.id;
        this.description = b.description;
        this.shapes = List.copyOf(b.shapes);
        this.confidence = b.confidence;
        this.entropyFloor = b.entropyFloor;
        this.leftBoundary = b.leftBoundary;
        this.gluedIfConfirmed = b.gluedIfConfirmed;
        this.validator = b.validator;
        this.priority = b.priority;
        List<Pattern> ps = new ArrayList<>();
        List<Shape.Trigger> ts = new ArrayList<>();
        List<Keyword> ks = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape shape = shapes.get(i);
            ps.add(shape.compile());
            Shape.Trigger t = shape.trigger();
            ts.add(t);
            ks.add(new Keyword(t.literal(), shape.ignoreCase(), this, i));
        }
        this.patterns = List.copyOf(ps);
        this.triggers = List.copyOf(ts);
        List<Shape.Run> after = new ArrayList<>();
        this.maxLengths = new int[shapes.size()];
        this.maximalAfterTrigger = new boolean[shapes.size()];
        this.laterLiterals = new String[shapes.size()];
        this.secretParts = new boolean[shapes.size()];
        for (int i = 0; i < shapes.size(); i++) {
            Shape.Run next = runAfter(shapes.get(i), ts.get(i));
            after.add(next);
            maximalAfterTrigger[i] = next != null && shapes.get(i).endsWhereItsClassEnds(next);
            laterLiterals[i] = shapes.get(i).laterLiteral();
            maxLengths[i] = shapes.get(i).maxLength();
            secretParts[i] = shapes.get(i).hasSecretPart();
        }
        this.afterTrigger = java.util.Collections.unmodifiableList(after);
        this.keywords = List.copyOf(ks);
    }

    /** The run that directly follows the trigger literal, if it must have at least one character. */
    private static Shape.Run runAfter(Shape shape, Shape.Trigger trigger) {
        List<Shape.Segment> segs = shape.segments();
        for (int i = 0; i < segs.size(); i++) {
            if (segs.get(i) instanceof Shape.Literal l && l.text().equals(trigger.literal())) {
                int k = i + 1;
                while (k < segs.size() && (segs.get(k) instanceof Shape.SecretStart || segs.get(k) instanceof Shape.SecretEnd)) {
                    k++;
                }
                return k < segs.size() && segs.get(k) instanceof Shape.Run r && r.min() > 0 ? r : null;
            }
        }
        return null;
    }

    /**
     * Whether the run right after the trigger, which must end where its class does, runs on past its longest: then
     * no match here, nor at a repetition of the trigger inside the run up to that length before its end
     * ({@code sk-sk-sk-…}, {@code eyJeyJ…}), which the keyword's coverage skips, so a trigger repeated through a long
     * run is not matched once per repetition.
     */
    private static boolean tooLong(ScanText text, int hit, Keyword keyword, Shape.Run run) {
        if (hit < text.coveredTo(keyword)) {
            return true;
        }
        int bodyStart = hit + keyword.literal().length();
        int end = bodyStart;
        // Read some way past the longest, so one reading covers many repetitions, never the whole of a long run.
        int limit = Math.min(text.length, bodyStart + run.max() + 4096);
        while (end < limit && run.charClass().contains(text.chars[end])) {
            end++;
        }
        if (end - bodyStart <= run.max()) {
            return false;
        }
        text.cover(keyword, end - keyword.literal().length() - run.max());
        return true;
    }

    /**
     * Whether {@code literal} occurs in {@code [from, to)}. What was searched is noted per keyword (from where, to
     * where, the occurrence found or -1), so the keyword's hits, which come in text order with overlapping windows,
     * search each stretch of the text once between them, and never past a window's end.
     */
    private static boolean laterLiteralNear(ScanText text, Keyword keyword, String literal, int from, int to) {
        int last = to - literal.length(); // the last place the literal may start
        int[] note = text.notes(keyword);
        int searchFrom = from;
        if (note[0] >= 0 && note[0] <= from) {
            if (note[2] >= from) {
                return note[2] <= last; // the first occurrence at or after from
            }
            if (note[2] < 0) {
                searchFrom = Math.max(from, note[1]); // none before where the last search stopped
            }
        }
        int found = Ascii.indexOf(text.chars, searchFrom, to, literal);
        note[0] = from;
        note[1] = Math.max(searchFrom, last + 1);
        note[2] = found;
        return found >= 0;
    }

    /** The run's minimum length of class characters starts at {@code from}: a cheap test before the regex. */
    private static boolean runFits(ScanText text, int from, Shape.Run run) {
        int to = from + run.min();
        if (to > text.length) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!run.charClass().contains(text.chars[i])) {
                return false;
            }
        }
        return true;
    }

    static Builder builder(String id, String description) {
        return new Builder(id, description);
    }



    @Override
    public RuleInfo info() {
        return new RuleInfo(id, description, shapes.get(0).source());
    }

    List<Shape> shapes() {
        return shapes;
    }

    @Override
    public List<Keyword> keywords() {
        return keywords;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        int variant = keyword.variant();
        int anchor = hit - triggers.get(variant).offset();
        if (anchor < 0) {
            return;
        }
        boolean glued = leftBoundary && !text.leftBoundary(anchor);
        if (glued && !gluedIfConfirmed) {
            return;
        }
        Shape.Run next = afterTrigger.get(variant);
        int bodyStart = hit + keyword.literal().length();
        if (next != null && !runFits(text, bodyStart, next)) {
            return; // "basic idea", "pattern =": what follows the keyword cannot start the secret
        }
        if (maximalAfterTrigger[variant] && tooLong(text, hit, keyword, next)) {
            return;
        }
        int windowEnd = Math.min(text.length, anchor + maxLengths[variant]);
        if (laterLiterals[variant] != null
                && !laterLiteralNear(text, keyword, laterLiterals[variant], bodyStart, windowEnd)) {
            return;
        }
        Matcher m = text.matcher(patterns.get(variant));
        m.useTransparentBounds(true).useAnchoringBounds(false);
        m.region(anchor, windowEnd);
        if (!m.lookingAt()) {
            return;
        }
        int start = m.start();
        int end = m.end();
        if (secretParts[variant]) {
            start = m.start("s");
            end = m.end("s");
        }
        if (end - start > 1 && text.chars[end - 1] == '.' && (end == text.length || text.chars[end] <= ' ')) {
            end--; // a full stop ending the sentence, taken in by a shape whose characters include '.'
        }
        if (start >= end || Placeholders.isTemplate(text.chars, start, end)) {
            return;
        }
        // A vendor prefix followed by filler (sk_live_AAAA…) is a shape test or a stub: still reported, so it is
        // redacted, but with low confidence, so policies that block can leave it alone.
        boolean filler = Placeholders.isRepetitive(text.chars, start, end);
        if (!filler && !Entropy.atLeast(text.chars, start, end, entropyFloor)) {
            return;
        }
        Validator.Verdict verdict = validator.check(text.chars, start, end);
        if (verdict == Validator.Verdict.REJECTED || glued && verdict != Validator.Verdict.CONFIRMED) {
            return;
        }
        Confidence c = filler ? Confidence.LOW : verdict == Validator.Verdict.CONFIRMED ? Confidence.HIGH : confidence;
        out.add(new Finding(id, start, end, c));
    }

    static final class Builder {
        private final String id;
        private final String description;
        private final List<Shape> shapes = new ArrayList<>();
        private Confidence confidence = Confidence.MEDIUM;
        private double entropyFloor;
        private boolean leftBoundary = true;
        private boolean gluedIfConfirmed;
        private Validator validator = Validator.NONE;
        private int priority = 10;

        private Builder(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** Shapes whose literals must match exactly (vendor prefixes are case-sensitive). */
        Builder shape(String... sources) {
            for (String s : sources) {
                shapes.add(Shape.parse(s, false));
            }
            return this;
        }

        /** Shapes whose literals match in any case (context words such as {@code AccountKey=}). */
        Builder shapeIgnoreCase(String... sources) {
            for (String s : sources) {
                shapes.add(Shape.parse(s, true));
            }
            return this;
        }

        Builder confidence(Confidence c) {
            this.confidence = c;
            return this;
        }

        Builder entropy(double bitsPerChar) {
            this.entropyFloor = bitsPerChar;
            return this;
        }

        /** Allow the match to start right after a letter or digit (for literals that end a URL or path). */
        Builder anywhere() {
            this.leftBoundary = false;
            return this;
        }

        /**
         * Allow the match to start right after a letter or digit when the validator confirms it (a checksum): a
         * token glued to what precedes it in a concatenated dump is still that token.
         */
        Builder gluedIfConfirmed() {
            this.gluedIfConfirmed = true;
            return this;
        }

        Builder validator(Validator v) {
            this.validator = v;
            return this;
        }

        Builder priority(int p) {
            this.priority = p;
            return this;
        }

        ShapeRule build() {
            if (shapes.isEmpty()) {
                throw new IllegalStateException("rule " + id + " has no shape");
            }
            return new ShapeRule(this);
        }
    }
}
