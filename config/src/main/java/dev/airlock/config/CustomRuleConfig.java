package dev.airlock.config;

import java.util.List;

/**
 * A detection rule added by the user ({@code rules.custom[]}): an RE2 pattern, optional keywords that trigger
 * it, an optional entropy floor in bits per character, and a description.
 */
public record CustomRuleConfig(String id, String pattern, List<String> keywords, double entropy, String description) {

    public CustomRuleConfig {
        keywords = List.copyOf(keywords);
    }
}
