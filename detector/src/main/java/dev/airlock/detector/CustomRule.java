package dev.airlock.detector;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rule a user adds: an id, an RE2 pattern, optional keywords and an optional entropy floor.
 *
 * <p>Patterns run on RE2J, which matches in time linear in the input whatever the pattern, so no custom rule
 * can hang the scanner. With keywords, the pattern only runs in a window around each keyword; without, over
 * the whole text. If the pattern has a capturing group, the first group is the secret.
 */
public record CustomRule(String id, String pattern, List<String> keywords, double entropy, String description) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public CustomRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        description = description == null ? "custom rule " + id : description;
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id '" + id + "' (expected: kebab-case, e.g. acme-api-key)");
        }
        for (String k : keywords) {
            if (k.length() < 3 || !k.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("rule " + id + ": keyword '" + k
                        + "' (expected: 3 or more printable ASCII characters)");
            }
        }
        if (entropy < 0 || entropy > 8) {
            throw new IllegalArgumentException("rule " + id + ": entropy " + entropy + " (expected: 0 to 8 bits per character)");
        }
        try {
            com.google.re2j.Pattern.compile(pattern);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new IllegalArgumentException("rule " + id + ": pattern is not valid RE2 syntax: " + e.getDescription());
        }
    }
}
