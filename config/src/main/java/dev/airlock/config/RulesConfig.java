package dev.airlock.config;

import java.util.List;

/** The {@code rules} section: custom rules added to the built-in pack. */
public record RulesConfig(List<CustomRuleConfig> custom) {

    public static final RulesConfig DEFAULT = new RulesConfig(List.of());

    public RulesConfig {
        custom = List.copyOf(custom);
    }
}
