package dev.airlock.config;

import java.util.Map;
import java.util.Objects;

/**
 * What happens to a request with findings, and to one that cannot be scanned.
 *
 * @param action      the action for every rule not named in {@code rules}
 * @param rules       per-rule overrides (rule id to action)
 * @param unscannable what happens to a body Airlock cannot read (binary or unknown content type on an AI route):
 *                    {@link Action#BLOCK} (fail closed, the default) or a forwarding action, which is always
 *                    counted and audited as unscanned
 * @param allow       findings accepted on every route ({@code policy.allow}, {@code policy.allowFiles})
 */
public record PolicyConfig(Action action, Map<String, Action> rules, Action unscannable, AllowConfig allow) {

    public static final PolicyConfig DEFAULT = new PolicyConfig(Action.REDACT, Map.of(), Action.BLOCK);

    public PolicyConfig {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(unscannable, "unscannable");
        Objects.requireNonNull(allow, "allow");
        rules = Map.copyOf(rules);
    }

    /** A policy that accepts no finding by fingerprint. */
    public PolicyConfig(Action action, Map<String, Action> rules, Action unscannable) {
        this(action, rules, unscannable, AllowConfig.NONE);
    }

    public Action actionFor(String ruleId) {
        return rules.getOrDefault(ruleId, action);
    }
}
