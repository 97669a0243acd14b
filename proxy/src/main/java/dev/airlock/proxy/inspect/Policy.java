package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The configured policy as decisions: which action a rule's finding gets, and which findings are rewritten. */
public final class Policy {

    private final PolicyConfig config;
    private final Redactor keyed;

    /** @param keyed fingerprints each finding's value for the audit trail */
    public Policy(PolicyConfig config, Redactor keyed) {
        this.config = config;
        this.keyed = keyed;
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
    List<Finding> judge(List<Finding> found, CharSequence text, String where, boolean unredactable, List<Hit> hits) {
        return judge(found, text, f -> where, unredactable, hits);
    }

    /** As {@link #judge(List, CharSequence, String, boolean, List)}, with a place per finding (a line of a text). */
    List<Finding> judge(List<Finding> found, CharSequence text, Function<Finding, String> where, boolean unredactable,
                        List<Hit> hits) {
        List<Finding> rewrite = List.of();
        for (Finding f : found) {
            hits.add(new Hit(f.ruleId(), where.apply(f), null, f.length(), fingerprint(text, f), unredactable,
                    actionFor(f.ruleId(), unredactable)));
            if (!unredactable && redacts(f.ruleId())) {
                if (rewrite.isEmpty()) {
                    rewrite = new ArrayList<>(found.size());
                }
                rewrite.add(f);
            }
        }
        return rewrite;
    }

    String fingerprint(CharSequence text, Finding f) {
        return keyed.fingerprint(text.subSequence(f.start(), f.end()));
    }

    /** What happens to a body that cannot be scanned: block, or forward as configured (always counted). */
    Action unscannable() {
        return config.unscannable();
    }
}
