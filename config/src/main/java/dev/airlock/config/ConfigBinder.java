package dev.airlock.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the YAML tree into config records, collecting a {@link Problem} for every field that is wrong. */
final class ConfigBinder {

    private static final java.util.regex.Pattern RULE_ID = java.util.regex.Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final List<Problem> problems;

    ConfigBinder(List<Problem> problems) {
        this.problems = problems;
    }

    AirlockConfig root(YamlNode root) {
        YamlNode.Mapping m = mapping(root, "");
        if (m == null) {
            return null;
        }
        onlyKeys(m, "", Set.of("rules"));
        YamlNode rules = m.entries().get("rules");
        return new AirlockConfig(rules == null ? RulesConfig.DEFAULT : rules(rules, "rules"));
    }

    private RulesConfig rules(YamlNode node, String path) {
        YamlNode.Mapping m = mapping(node, path);
        if (m == null) {
            return RulesConfig.DEFAULT;
        }
        onlyKeys(m, path, Set.of("custom"));
        List<CustomRuleConfig> custom = new ArrayList<>();
        YamlNode list = m.entries().get("custom");
        if (list instanceof YamlNode.Sequence s) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < s.items().size(); i++) {
                CustomRuleConfig rule = customRule(s.items().get(i), path + ".custom[" + i + "]");
                if (rule != null && !ids.add(rule.id())) {
                    problems.add(new Problem(path + ".custom[" + i + "].id", s.items().get(i).line(),
                            "\"" + rule.id() + "\" is used twice (expected: unique rule ids)"));
                } else if (rule != null) {
                    custom.add(rule);
                }
            }
        } else if (list != null && !isNull(list)) {
            problems.add(new Problem(path + ".custom", list.line(), list.kind() + " (expected: a list of rules)"));
        }
        return new RulesConfig(custom);
    }

    private CustomRuleConfig customRule(YamlNode node, String path) {
        YamlNode.Mapping m = mapping(node, path);
        if (m == null) {
            return null;
        }
        int before = problems.size();
        onlyKeys(m, path, Set.of("id", "pattern", "keywords", "entropy", "description"));
        String id = requiredString(m, path, "id");
        if (id != null && !RULE_ID.matcher(id).matches()) {
            problems.add(new Problem(path + ".id", m.entries().get("id").line(),
                    "\"" + id + "\" (expected: kebab-case, e.g. acme-api-key)"));
        }
        String pattern = requiredString(m, path, "pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.add(new Problem(path + ".pattern", m.entries().get("pattern").line(),
                        "not a valid RE2 pattern: " + e.getDescription() + " (expected: RE2 syntax, no backreferences or lookaround)"));
            }
        }
        List<String> keywords = keywords(m.entries().get("keywords"), path + ".keywords");
        double entropy = entropy(m.entries().get("entropy"), path + ".entropy");
        YamlNode description = m.entries().get("description");
        String text = description instanceof YamlNode.Scalar s ? s.text() : null;
        if (description != null && !(description instanceof YamlNode.Scalar)) {
            problems.add(new Problem(path + ".description", description.line(), description.kind() + " (expected: text)"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new CustomRuleConfig(id, pattern, keywords, entropy, text == null ? "custom rule " + id : text);
    }

    private List<String> keywords(YamlNode node, String path) {
        List<String> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof YamlNode.Sequence s)) {
            problems.add(new Problem(path, node.line(), node.kind() + " (expected: a list of keywords)"));
            return out;
        }
        for (int i = 0; i < s.items().size(); i++) {
            YamlNode item = s.items().get(i);
            String k = item instanceof YamlNode.Scalar sc ? sc.text() : null;
            if (k == null || k.length() < 3 || !k.chars().allMatch(c -> c > 32 && c < 127)) {
                problems.add(new Problem(path + "[" + i + "]", item.line(),
                        item.kind() + " (expected: 3 or more printable ASCII characters without spaces)"));
            } else {
                out.add(k);
            }
        }
        return out;
    }

    private double entropy(YamlNode node, String path) {
        if (node == null || isNull(node)) {
            return 0;
        }
        String text = node instanceof YamlNode.Scalar s ? s.text() : null;
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v <= 8) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        problems.add(new Problem(path, node.line(), node.kind() + " (expected: a number of bits per character from 0 to 8)"));
        return 0;
    }

    private String requiredString(YamlNode.Mapping m, String path, String key) {
        YamlNode node = m.entries().get(key);
        if (node == null || isNull(node)) {
            problems.add(new Problem(path + "." + key, m.line(), "missing (expected: a value)"));
            return null;
        }
        if (!(node instanceof YamlNode.Scalar s) || s.text().isBlank()) {
            problems.add(new Problem(path + "." + key, node.line(), node.kind() + " (expected: non-empty text)"));
            return null;
        }
        return s.text();
    }

    private YamlNode.Mapping mapping(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        if (!isNull(node)) {
            problems.add(new Problem(path, node.line(), node.kind() + " (expected: a mapping of keys to values)"));
        }
        return null;
    }

    private void onlyKeys(YamlNode.Mapping m, String path, Set<String> allowed) {
        for (Map.Entry<String, Integer> e : m.keyLines().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problems.add(new Problem(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(),
                        "unknown key (expected one of: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.text() == null;
    }
}
