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
        all.addAll(GenericRules.rules());
        return List.copyOf(all);
    }

    /**
     * A credential with no prefix of its own, recognised by the name it is assigned to
     * ({@code MISTRAL_API_KEY=…}) and the exact alphabet and length of its value.
     */
    static Rule named(String id, String description, String valueClass, int min, int max, String... keywords) {
        List<AssignmentRule.Term> terms = new ArrayList<>();
        for (String k : keywords) {
            terms.add(new AssignmentRule.Term(k, false));
        }
        String example = keywords[0].toUpperCase(java.util.Locale.ROOT) + "=<" + valueClass + ":"
                + (min == max ? String.valueOf(min) : min + "-" + max) + ">";
        return new AssignmentRule(id, description, example, terms, AssignmentRule.Strictness.TOKEN,
                CharClass.named(valueClass), min, max, 8, Confidence.MEDIUM);
    }

    /** Shorthand for the category classes. */
    static ShapeRule.Builder rule(String id, String description) {
        return ShapeRule.builder(id, description);
    }
}
