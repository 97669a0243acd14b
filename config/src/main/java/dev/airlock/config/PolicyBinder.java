package dev.airlock.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code policy} section: the default action, per-rule overrides, what happens to unreadable bodies, where
 * redacted secrets are restored in answers, and the findings accepted by fingerprint.
 */
final class PolicyBinder {

    static final String PATH = "policy";
    static final Set<String> KEYS = Set.of("action", "rules", "unscannable", "restore", AllowBinder.FINGERPRINTS,
            AllowBinder.FILES);
    private static final List<Action> ACTIONS = Arrays.asList(Action.values());
    private static final List<Action> UNSCANNABLE = List.of(Action.BLOCK, Action.AUDIT, Action.ALLOW);
    private static final List<Restore> RESTORES = Arrays.asList(Restore.values());

    private PolicyBinder() {
    }

    static PolicyConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return PolicyConfig.DEFAULT;
        }
        PolicyConfig d = PolicyConfig.DEFAULT;
        int before = f.problemCount();
        Action action = f.choice(YamlFields.get(m, "action"), PATH + ".action", ACTIONS);
        Map<String, Action> rules = rules(f, YamlFields.get(m, "rules"), PATH + ".rules");
        Action unscannable = unscannable(f, YamlFields.get(m, "unscannable"), PATH + ".unscannable");
        Restore restore = restore(f, YamlFields.get(m, "restore"), PATH + ".restore");
        AllowConfig allow = AllowBinder.bind(f, m, PATH);
        if (f.problemCount() > before) {
            return d;
        }
        return new PolicyConfig(action == null ? d.action() : action, rules,
                unscannable == null ? d.unscannable() : unscannable, restore == null ? d.restore() : restore, allow);
    }

    /** Rule ids are only checked for shape here: which rules exist is known once the detector is built. */
    private static Map<String, Action> rules(YamlFields f, YamlNode node, String path) {
        Map<String, Action> rules = new LinkedHashMap<>();
        YamlNode.Mapping m = f.mapping(node, path);
        if (m == null) {
            return rules;
        }
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String entryPath = YamlFields.mapKey(path, e.getKey());
            if (!RulesBinder.RULE_ID.matcher(e.getKey()).matches()) {
                f.problem(entryPath, m.keyLines().get(e.getKey()),
                        "\"" + e.getKey() + "\" is not a rule id (expected: kebab-case, e.g. github-pat)");
            }
            Action action = f.choice(e.getValue(), entryPath, ACTIONS);
            if (action != null) {
                rules.put(e.getKey(), action);
            }
        }
        return rules;
    }

    private static Action unscannable(YamlFields f, YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.text() != null
                && Action.REDACT.label().equalsIgnoreCase(s.text().strip())) {
            f.problem(path, node.line(), node.kind() + ": a body that cannot be read has nothing to redact"
                    + " (expected one of: block, audit, allow)");
            return null;
        }
        return f.choice(node, path, UNSCANNABLE);
    }

    /** YAML 1.1 reads an unquoted {@code off} as false; the reader keeps the word as written, so both spellings work. */
    private static Restore restore(YamlFields f, YamlNode node, String path) {
        return f.choice(node, path, RESTORES);
    }
}
