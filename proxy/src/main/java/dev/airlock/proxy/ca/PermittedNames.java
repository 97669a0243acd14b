package dev.airlock.proxy.ca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The intermediate's name constraints, derived from the intercept patterns. A dNSName subtree permits the name and
 * every name below it (RFC 5280 §4.2.1.10), so each pattern contributes what follows its last wildcard label. IP
 * addresses are excluded outright: leaves are never minted for them.
 */
final class PermittedNames {

    /**
     * Permitted when nothing is intercepted: the reserved {@code .invalid} top-level domain (RFC 6761) names no real
     * host, and an empty permitted list would be invalid DER and would constrain nothing.
     */
    static final String NOTHING = "invalid";

    private PermittedNames() {
    }

    /**
     * The dNSName suffixes, shortest first, without duplicates or names a shorter suffix already covers:
     * {@code *.openai.azure.com} gives {@code openai.azure.com}, {@code bedrock-runtime.*.amazonaws.com} gives
     * {@code amazonaws.com}, {@code api.openai.com} stays itself.
     */
    static List<String> suffixes(List<String> patterns) {
        List<String> candidates = new ArrayList<>();
        for (String pattern : patterns) {
            candidates.add(suffix(pattern));
        }
        candidates.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        List<String> kept = new ArrayList<>();
        for (String candidate : candidates) {
            if (kept.stream().noneMatch(shorter -> covers(shorter, candidate))) {
                kept.add(candidate);
            }
        }
        return kept.isEmpty() ? List.of(NOTHING) : List.copyOf(kept);
    }

    static NameConstraints constraints(List<String> suffixes) {
        GeneralSubtree[] permitted = suffixes.stream()
                .map(s -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, s)))
                .toArray(GeneralSubtree[]::new);
        // An iPAddress subtree is address then mask: all zeros is "every address" (0.0.0.0/0 and ::/0).
        GeneralSubtree[] excluded = {
                new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[8]))),
                new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[32]))),
        };
        return new NameConstraints(permitted, excluded);
    }

    private static String suffix(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] labels = p.split("\\.", -1);
        int lastWild = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].indexOf('*') >= 0) {
                lastWild = i;
            }
        }
        String suffix = String.join(".", Arrays.asList(labels).subList(lastWild + 1, labels.length));
        if (suffix.isEmpty()) {
            // Fail at start-up rather than mint leaves that every client would reject.
            throw new IllegalArgumentException("intercept host \"" + pattern + "\" ends in a wildcard (expected: a"
                    + " fixed domain after the last *, such as *.openai.azure.com); a name-constrained CA cannot"
                    + " cover it");
        }
        return suffix;
    }

    private static boolean covers(String shorter, String name) {
        return name.equals(shorter) || name.endsWith("." + shorter);
    }
}
