package dev.airlock.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Findings accepted in prompts ({@code policy.allow}, {@code policy.allowFiles}, and the same keys on a route): a
 * finding whose keyed fingerprint is listed is forwarded unchanged and counted with action {@code allowed}, never
 * dropped from the counts or the audit trail. The rule pack is not weakened: only these exact values pass.
 *
 * @param fingerprints every accepted keyed fingerprint: those listed in the configuration and the keyed entries of
 *                     the files, read when the configuration loads (and again on reload)
 * @param files        {@code .airlockignore} files whose keyed fingerprints are accepted; their {@code place:} entries
 *                     name lines of files in a repository, which a prompt does not have, and do not apply here
 */
public record AllowConfig(Set<String> fingerprints, List<Path> files) {

    public static final AllowConfig NONE = new AllowConfig(Set.of(), List.of());

    public AllowConfig {
        fingerprints = Set.copyOf(fingerprints);
        files = List.copyOf(files);
        for (String f : fingerprints) {
            if (!IgnoreFile.FINGERPRINT.matcher(f).matches()) {
                throw new IllegalArgumentException("fingerprints holds an entry that is not a lowercase keyed fingerprint"
                        + " (expected: 16 hex characters)");
            }
        }
    }

    public boolean isEmpty() {
        return fingerprints.isEmpty() && files.isEmpty();
    }

    public boolean accepts(String fingerprint) {
        return fingerprint != null && fingerprints.contains(fingerprint.toLowerCase(Locale.ROOT));
    }

    /** Both lists. */
    public AllowConfig with(AllowConfig other) {
        if (other.isEmpty()) {
            return this;
        }
        java.util.Set<String> all = new java.util.LinkedHashSet<>(fingerprints);
        all.addAll(other.fingerprints);
        java.util.List<Path> paths = new java.util.ArrayList<>(files);
        paths.addAll(other.files);
        return new AllowConfig(all, paths);
    }
}
