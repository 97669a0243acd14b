package dev.airlock.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code rules} section: custom rules, each compiled once here so a bad pattern is a problem, not a crash. */
final class RulesBinder {

    static final String PATH = "rules";
    static final Set<String> KEYS = Set.of("custom");
    static final java.util.regex.Pattern RULE_ID = java.util.regex.Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> RULE_KEYS = Set.of("id", "pattern", "keywords", "entropy", "description");

    private final YamlFields f;

    private RulesBinder(YamlFields f) {
        this.f = f;
    }

    static RulesConfig bind(YamlFields f, YamlNode.Mapping m) {
        return m == null ? RulesConfig.DEFAULT : new RulesBinder(f).rules(m);
    }

    private RulesConfig rules(YamlNode.Mapping m) {
        List<CustomRuleConfig> custom = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<YamlNode> items = f.list(YamlFields.get(m, "custom"), PATH + ".custom", "a list of rules");
        for (int i = 0; i < items.size(); i++) {
            String path = YamlFields.item(PATH + ".custom", i);
            CustomRuleConfig rule = customRule(items.get(i), path);
            if (rule != null && !ids.add(rule.id())) {
                f.problem(path + ".id", items.get(i).line(), "\"" + rule.id() + "\" is used twice (expected: unique rule ids)");
            } else if (rule != null) {
                custom.add(rule);
            }
        }
        return new RulesConfig(custom);
    }

    private CustomRuleConfig customRule(YamlNode node, String path) {
        YamlNode.Mapping m = f.mapping(node, path);
        if (m == null) {
            return null;
        }
        int before = f.problemCount();
        f.onlyKeys(m, path, RULE_KEYS);
        String id = f.required(m, path, "id");
        if (id != null && !RULE_ID.matcher(id).matches()) {
            f.problem(path + ".id", m.entries().get("id").line(), "\"" + id + "\" (expected: kebab-case, e.g. acme-api-key)");
        }
        String pattern = f.required(m, path, "pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                f.problem(path + ".pattern", m.entries().get("pattern").line(), "not a valid RE2 pattern: "
                        + e.getDescription() + " (expected: RE2 syntax, no backreferences or lookaround)");
            }
        }
        List<String> keywords = keywords(YamlFields.get(m, "keywords"), path + ".keywords");
        double entropy = entropy(YamlFields.get(m, "entropy"), path + ".entropy");
        String description = f.text(YamlFields.get(m, "description"), path + ".description", "text");
        if (f.problemCount() > before) {
            return null;
        }
        return new CustomRuleConfig(id, pattern, keywords, entropy, description == null ? "custom rule " + id : description);
    }

    private List<String> keywords(YamlNode node, String path) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = f.list(node, path, "a list of keywords");
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String k = item instanceof YamlNode.Scalar sc ? sc.text() : null;
            if (k == null || k.length() < 3 || !k.chars().allMatch(c -> c > 32 && c < 127)) {
                f.problem(YamlFields.item(path, i), item.line(),
                        item.kind() + " (expected: 3 or more printable ASCII characters without spaces)");
            } else {
                out.add(k);
            }
        }
        return out;
    }

    private double entropy(YamlNode node, String path) {
        String text = f.text(node, path, "a number of bits per character from 0 to 8");
        if (text == null) {
            return 0;
        }
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v <= 8) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        f.problem(path, node.line(), node.kind() + " (expected: a number of bits per character from 0 to 8)");
        return 0;
    }
}
