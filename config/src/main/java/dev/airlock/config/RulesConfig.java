package dev.airlock.config;

import java.util.List;
import java.util.Objects;

/**
 * What the detector is made of beyond the built-in pack: the {@code rules} section's custom rules, and the exact
 * values of the {@code knownSecrets} section.
 */
public record RulesConfig(List<CustomRuleConfig> custom, KnownSecretsConfig known) {

    public static final RulesConfig DEFAULT = new RulesConfig(List.of());

    public RulesConfig {
        custom = List.copyOf(custom);
        Objects.requireNonNull(known, "known");
    }

    public RulesConfig(List<CustomRuleConfig> custom) {
        this(custom, KnownSecretsConfig.NONE);
    }

    public RulesConfig withKnown(KnownSecretsConfig newKnown) {
        return new RulesConfig(custom, newKnown);
    }
}
