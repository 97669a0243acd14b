package dev.airlock.detector;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link CustomRule}: in a window around each keyword, or over the whole text when it has none. */
final class CustomPatternRule implements Rule {

    /** How far around a keyword a custom pattern may reach. */
    static final int WINDOW = 512;

    private final CustomRule spec;
    private final Pattern pattern;
    private final List<Keyword> keywords;

    CustomPatternRule(CustomRule spec) {
        this.spec = spec;
        this.pattern = Pattern.compile(spec.pattern());
        List<Keyword> ks = new ArrayList<>();
        for (String k : spec.keywords()) {
            ks.add(new Keyword(k, true, this, 0));
        }
        this.keywords = List.copyOf(ks);
    }




    @Override
    public RuleInfo info() {
        return new RuleInfo(spec.id(), spec.description(), spec.pattern());
    }

    @Override
    public List<Keyword> keywords() {
        return keywords;
    }

    @Override
    public int priority() {
        return 15;
    }

    boolean unanchored() {
        return keywords.isEmpty();
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        // The pattern runs over chunks of at least CHUNK characters, each overlapping the last by one window,
        // and keywords inside a searched chunk are skipped: a text that repeats the keyword is searched about
        // once, not once per keyword. A match counts when a keyword lies within a window of it.
        int covered = text.coveredTo(this);
        int end = hit + keyword.literal().length() + WINDOW;
        if (end <= covered) {
            return;
        }
        int from = Math.max(0, Math.max(hit - WINDOW, covered - WINDOW));
        int to = Math.min(text.length, Math.max(end, from + CHUNK));
        findIn(text, from, to, true, out);
        text.cover(this, to);
    }

    /** Characters searched at once around keywords; with WINDOW of overlap, work stays linear in the text. */
    private static final int CHUNK = 16 * WINDOW;

    private boolean keywordNear(ScanText text, int start, int end) {
        int from = Math.max(0, start - WINDOW);
        int to = Math.min(text.length, end + WINDOW);
        for (Keyword k : keywords) {
            for (int i = from; i < to; i++) {
                if (k.matchesAt(text.chars, text.length, i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every match in {@code [from, to)}; with {@code nearKeyword}, only matches within a window of a keyword. */
    void findIn(ScanText text, int from, int to, boolean nearKeyword, List<Finding> out) {
        Matcher m = pattern.matcher(text.string.substring(from, to));
        while (m.find()) {
            int start = m.groupCount() > 0 && m.start(1) >= 0 ? m.start(1) : m.start();
            int end = m.groupCount() > 0 && m.start(1) >= 0 ? m.end(1) : m.end();
            if (end <= start) {
                continue;
            }
            start += from;
            end += from;
            if (nearKeyword && !keywordNear(text, m.start() + from, m.end() + from)) {
                continue;
            }
            if (!Placeholders.isPlaceholder(text.chars, start, end)
                    && Entropy.atLeast(text.chars, start, end, spec.entropy())) {
                out.add(new Finding(spec.id(), start, end, Confidence.MEDIUM));
            }
        }
    }
}
