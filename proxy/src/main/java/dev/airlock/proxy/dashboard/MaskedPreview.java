package dev.airlock.proxy.dashboard;

import dev.airlock.detector.RuleInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The masked preview the feed shows for a finding ({@code ghp_…•••}). It is derived from the rule alone, never from
 * the secret: the literal text a rule's shape starts with is public (it is how the rule is documented), while even
 * the first characters of a particular secret are not. Shapes write the variable parts as {@code <b62:36>} and may
 * brace the secret's group ({@code AccountKey={<b64:86>==}}), so the prefix is the text before the first {@code <}
 * or <code>{</code>. Custom rules carry a regular expression where a shape would be; a prefix holding regex syntax,
 * space, or more than {@value #MAX_PREFIX} characters is no readable prefix, and the preview is the mask alone.
 */
final class MaskedPreview {

    static final String MASK = "•••";
    static final int MAX_PREFIX = 16;

    private static final Pattern LITERAL = Pattern.compile("[^\\s\\[\\]()\\\\*+?^$|]{1," + MAX_PREFIX + "}");

    private MaskedPreview() {
    }

    static String of(String shape) {
        if (shape == null) {
            return MASK;
        }
        int end = shape.length();
        for (char stop : new char[] {'<', '{'}) {
            int at = shape.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        if (end == shape.length()) {
            return MASK; // no variable part written as a shape: not a shape at all
        }
        String prefix = shape.substring(0, end);
        return LITERAL.matcher(prefix).matches() ? prefix + "…" + MASK : MASK;
    }

    /** Rule id → preview, for every rule the detector has. */
    static Map<String, String> forRules(List<RuleInfo> rules) {
        Map<String, String> out = new HashMap<>();
        for (RuleInfo r : rules) {
            out.put(r.id(), of(r.example()));
        }
        return Map.copyOf(out);
    }
}
