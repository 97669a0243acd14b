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
        int from = Math.max(0, hit - WINDOW);
        int to = Math.min(text.length, hit + keyword.literal().length() + WINDOW);
        findIn(text, from, to, hit, out);
    }

    /** Every match in {@code [from, to)}; with a keyword, only matches that touch the keyword count. */
    void findIn(ScanText text, int from, int to, int hit, List<Finding> out) {
        Matcher m = pattern.matcher(text.string.substring(from, to));
        while (m.find()) {
            int start = m.groupCount() > 0 && m.start(1) >= 0 ? m.start(1) : m.start();
            int end = m.groupCount() > 0 && m.start(1) >= 0 ? m.end(1) : m.end();
            if (end <= start) {
                continue;
            }
            start += from;
            end += from;
            if (hit >= 0 && (m.end() + from < hit || m.start() + from > hit + WINDOW)) {
                continue;
            }
            if (!Placeholders.isPlaceholder(text.chars, start, end)
                    && Entropy.atLeast(text.chars, start, end, spec.entropy())) {
                out.add(new Finding(spec.id(), start, end, Confidence.MEDIUM));
            }
        }
    }
}
