package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;

/** The configured policy as decisions: which action a rule's finding gets, and which findings are rewritten. */
public final class Policy {

    private final PolicyConfig config;

    public Policy(PolicyConfig config) {
        this.config = config;
    }

    /**
     * The action for one finding. Redacting is impossible where the value cannot change; such a finding is blocked
     * instead, so nothing the policy wanted hidden is forwarded.
     */
    Action actionFor(String ruleId, boolean unredactable) {
        Action a = config.actionFor(ruleId);
        return a == Action.REDACT && unredactable ? Action.BLOCK : a;
    }

    boolean redacts(String ruleId) {
        return config.actionFor(ruleId) == Action.REDACT;
    }

    /** What happens to a body that cannot be scanned: block, or forward as configured (always counted). */
    Action unscannable() {
        return config.unscannable();
    }
}
