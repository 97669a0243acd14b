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
 * @param restore     where a redacted secret is put back when the model repeats its placeholder:
 *                    {@link Restore#TOOLS} (tool-call arguments, the default), {@link Restore#ALL} or {@link Restore#OFF}
 * @param allow       findings accepted on every route ({@code policy.allow}, {@code policy.allowFiles})
 */
public record PolicyConfig(Action action, Map<String, Action> rules, Action unscannable, Restore restore,
                           AllowConfig allow) {

    public static final PolicyConfig DEFAULT = new PolicyConfig(Action.REDACT, Map.of(), Action.BLOCK, Restore.TOOLS,
            AllowConfig.NONE);

    public PolicyConfig {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(unscannable, "unscannable");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(allow, "allow");
        rules = Map.copyOf(rules);
    }

    /** A policy that restores in tool-call arguments (the default) and accepts no finding by fingerprint. */
    public PolicyConfig(Action action, Map<String, Action> rules, Action unscannable) {
        this(action, rules, unscannable, Restore.TOOLS, AllowConfig.NONE);
    }

    public PolicyConfig(Action action, Map<String, Action> rules, Action unscannable, Restore restore) {
        this(action, rules, unscannable, restore, AllowConfig.NONE);
    }

    public PolicyConfig(Action action, Map<String, Action> rules, Action unscannable, AllowConfig allow) {
        this(action, rules, unscannable, Restore.TOOLS, allow);
    }

    public Action actionFor(String ruleId) {
        return rules.getOrDefault(ruleId, action);
    }
}
