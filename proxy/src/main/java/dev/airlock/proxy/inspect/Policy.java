package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;
import dev.airlock.config.AllowConfig;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The configured policy as decisions: which action a rule's finding gets, which findings are rewritten, and which are
 * accepted by fingerprint (forwarded unchanged, still counted and audited).
 */
public final class Policy {

    private final PolicyConfig config;
    private final Redactor keyed;
    private final AllowConfig accepted;

    /** @param keyed fingerprints each finding's value for the audit trail and the allow lists */
    public Policy(PolicyConfig config, Redactor keyed) {
        this(config, keyed, config.allow());
    }

    private Policy(PolicyConfig config, Redactor keyed, AllowConfig accepted) {
        this.config = config;
        this.keyed = keyed;
        this.accepted = accepted;
    }

    /** This policy on a route that accepts more findings ({@code routes[].allow}) besides {@code policy.allow}. */
    public Policy forRoute(AllowConfig route) {
        return route.isEmpty() ? this : new Policy(config, keyed, accepted.with(route));
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

    /** Whether this finding is rewritten wherever it can be: its rule redacts, and no allow list accepts its value. */
    boolean redacts(String ruleId, String fingerprint) {
        return redacts(ruleId) && !accepted.accepts(fingerprint);
    }

    /** A finding as policy sees it: accepted by fingerprint (allow), or its rule's action. */
    Hit hit(String ruleId, String where, String pointer, int length, String fingerprint, boolean unredactable) {
        boolean ok = accepted.accepts(fingerprint);
        return new Hit(ruleId, where, pointer, length, fingerprint, unredactable,
                ok ? Action.ALLOW : actionFor(ruleId, unredactable), ok);
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
            String fingerprint = fingerprint(text, f);
            hits.add(hit(f.ruleId(), where.apply(f), null, f.length(), fingerprint, unredactable));
            if (!unredactable && redacts(f.ruleId(), fingerprint)) {
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
