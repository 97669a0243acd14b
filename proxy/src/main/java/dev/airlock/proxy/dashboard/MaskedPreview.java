package dev.airlock.proxy.dashboard;

import dev.airlock.detector.RuleInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The masked preview the feed shows for a finding ({@code ghp_…•••}). It is derived from the rule alone, never from
 * the secret: the literal text a rule's shape starts with is public (it is how the rule is documented), while even
 * the first characters of a particular secret are not. Shapes write the variable parts as {@code <b62:36>}; the
 * prefix is the text before the first {@code <}, and only a token-like one ({@code ghp_}, {@code sk-proj-},
 * {@code AKIA}: letters, digits, {@code _} and {@code -}, at most {@value #MAX_PREFIX} characters) is shown. Text
 * that merely surrounds the secret ({@code DB_PASSWORD=}, {@code https://}, a braced group such as
 * {@code AccountKey={<b64:86>}}) is context, not the secret's start, and custom rules carry a regular expression
 * where a shape would be: the preview is then the mask alone.
 */
final class MaskedPreview {

    static final String MASK = "•••";
    static final int MAX_PREFIX = 16;

    private static final Pattern TOKEN_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_PREFIX + "}");

    private MaskedPreview() {
    }

    static String of(String shape) {
        int variable = shape == null ? -1 : shape.indexOf('<');
        if (variable <= 0) {
            return MASK; // no literal start, or no variable part written as a shape: not a shape at all
        }
        String prefix = shape.substring(0, variable);
        return TOKEN_PREFIX.matcher(prefix).matches() ? prefix + "…" + MASK : MASK;
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
