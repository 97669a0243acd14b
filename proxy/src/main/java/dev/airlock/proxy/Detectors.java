package dev.airlock.proxy;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ConfigException;
import dev.airlock.config.CustomRuleConfig;
import dev.airlock.config.Problem;
import dev.airlock.detector.CustomRule;
import dev.airlock.detector.Detector;
import dev.airlock.detector.RuleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the detector a configuration asks for: the built-in pack plus the configured custom rules and known secret
 * values, and checks that every rule the policy names exists.
 */
public final class Detectors {

    private Detectors() {
    }

    public static Detector from(AirlockConfig config, String source) throws ConfigException {
        Detector detector = build(config, source);
        if (!config.rules().known().isEmpty()) {
            detector = detector.withKnownSecrets(KnownSecretValues.load(config.rules().known(), System.getenv(), source));
        }
        Set<String> known = detector.rules().stream().map(RuleInfo::id).collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>();
        for (String rule : config.policy().rules().keySet().stream().sorted().toList()) {
            if (!known.contains(rule)) {
                problems.add(new Problem("policy.rules.\"" + rule + "\"", 0,
                        "no such rule (expected: a rule id from airlock rules, or a custom rule id)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return detector;
    }

    private static Detector build(AirlockConfig config, String source) throws ConfigException {
        List<CustomRuleConfig> custom = config.rules().custom();
        if (custom.isEmpty()) {
            return Detector.builtIn();
        }
        Set<String> builtIn = Detector.builtIn().rules().stream().map(RuleInfo::id).collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>();
        List<CustomRule> rules = new ArrayList<>();
        for (int i = 0; i < custom.size(); i++) {
            CustomRuleConfig c = custom.get(i);
            if (builtIn.contains(c.id())) {
                problems.add(new Problem("rules.custom[" + i + "].id", 0,
                        "\"" + c.id() + "\" is a built-in rule (expected: a new id; see airlock rules)"));
            } else {
                rules.add(new CustomRule(c.id(), c.pattern(), c.keywords(), c.entropy(), c.description()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return Detector.withCustomRules(rules);
    }
}
