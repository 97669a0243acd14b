package dev.airlock.detector;

import java.util.ArrayList;
import java.util.List;

/** The built-in rule pack, assembled once from its categories. */
final class BuiltinRules {

    private static final List<Rule> ALL = assemble();

    private BuiltinRules() {
    }

    static List<Rule> all() {
        return ALL;
    }

    private static List<Rule> assemble() {
        List<Rule> all = new ArrayList<>();
        all.addAll(AiProviderRules.rules());
        all.addAll(SourceControlRules.rules());
        all.addAll(CryptoRules.rules());
        all.addAll(CloudRules.rules());
        all.addAll(PlatformRules.rules());
        all.addAll(DevToolRules.rules());
        all.addAll(ObservabilityRules.rules());
        all.addAll(PackageRegistryRules.rules());
        all.addAll(MessagingRules.rules());
        all.addAll(SaasRules.rules());
        all.addAll(PaymentRules.rules());
        all.addAll(IdentityRules.rules());
        all.addAll(DataAndMlRules.rules());
        List<String> exclusiveNames = new ArrayList<>();
        for (Rule r : all) {
            if (r instanceof AssignmentRule a && a.exclusive()) {
                exclusiveNames.addAll(a.literals());
            }
        }
        all.addAll(GenericRules.rules(exclusiveNames));
        return List.copyOf(all);
    }

    /**
     * A credential with no prefix of its own, recognised by the name it is assigned to
     * ({@code MISTRAL_API_KEY=…}) and the exact alphabet and length of its value.
     */
    static Rule named(String id, String description, String valueClass, int min, int max, String... keywords) {
        return namedRule(id, description, valueClass, min, max, false, keywords);
    }

    /**
     * Like {@link #named}, for a format fixed enough that a value of another shape under that name is not this
     * credential: the generic rules leave such names to this rule alone.
     */
    static Rule namedExclusive(String id, String description, String valueClass, int min, int max,
                               String... keywords) {
        return namedRule(id, description, valueClass, min, max, true, keywords);
    }

    private static AssignmentRule namedRule(String id, String description, String valueClass, int min, int max,
                                            boolean exclusive, String... keywords) {
        List<AssignmentRule.Term> terms = new ArrayList<>();
        for (String k : keywords) {
            terms.add(new AssignmentRule.Term(k, false));
        }
        String example = keywords[0].toUpperCase(java.util.Locale.ROOT) + "=<" + valueClass + ":"
                + (min == max ? String.valueOf(min) : min + "-" + max) + ">";
        return new AssignmentRule(id, description, example, terms, AssignmentRule.Strictness.TOKEN,
                CharClass.named(valueClass), min, max, 8, Confidence.MEDIUM, List.of(), exclusive);
    }

    /** Shorthand for the category classes. */
    static ShapeRule.Builder rule(String id, String description) {
        return ShapeRule.builder(id, description);
    }
}
