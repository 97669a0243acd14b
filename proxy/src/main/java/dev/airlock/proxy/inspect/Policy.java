package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /**
     * Records a hit per finding, placed at {@code where}, and returns the findings the policy rewrites: none where
     * the place cannot change.
     */
    List<Finding> judge(List<Finding> found, String where, boolean unredactable, List<Hit> hits) {
        return judge(found, f -> where, unredactable, hits);
    }

    /** As {@link #judge(List, String, boolean, List)}, with a place per finding (a line of a text). */
    List<Finding> judge(List<Finding> found, Function<Finding, String> where, boolean unredactable, List<Hit> hits) {
        List<Finding> rewrite = List.of();
        for (Finding f : found) {
            hits.add(new Hit(f.ruleId(), where.apply(f), f.length(), unredactable, actionFor(f.ruleId(), unredactable)));
            if (!unredactable && redacts(f.ruleId())) {
                if (rewrite.isEmpty()) {
                    rewrite = new ArrayList<>(found.size());
                }
                rewrite.add(f);
            }
        }
        return rewrite;
    }

    /** What happens to a body that cannot be scanned: block, or forward as configured (always counted). */
    Action unscannable() {
        return config.unscannable();
    }
}
