package dev.airlock.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code allow} and {@code allowFiles} keys of {@code policy} and of a route: fingerprints of findings accepted in
 * prompts, listed here or read from {@code .airlockignore} files.
 */
final class AllowBinder {

    static final String FINGERPRINTS = "allow";
    static final String FILES = "allowFiles";

    private AllowBinder() {
    }

    /** @param path the section ({@code policy}, {@code routes[2]}) */
    static AllowConfig bind(YamlFields f, YamlNode.Mapping m, String path) {
        if (m == null) {
            return AllowConfig.NONE;
        }
        int before = f.problemCount();
        Set<String> fingerprints = new LinkedHashSet<>();
        String listPath = YamlFields.child(path, FINGERPRINTS);
        List<YamlNode> items = f.list(YamlFields.get(m, FINGERPRINTS), listPath,
                "a list of keyed fingerprints, 16 hex characters each, as airlock scan prints them");
        for (int i = 0; i < items.size(); i++) {
            String itemPath = YamlFields.item(listPath, i);
            String text = f.text(items.get(i), itemPath, "a keyed fingerprint");
            if (text == null) {
                continue;
            }
            String lower = text.strip().toLowerCase(Locale.ROOT);
            if (IgnoreFile.FINGERPRINT.matcher(lower).matches()) {
                fingerprints.add(lower);
            } else if (IgnoreFile.PLACE.matcher(lower).matches()) {
                f.problem(itemPath, items.get(i).line(), "a place: entry names a line of a file in a repository, which a "
                        + "prompt does not have (expected: a keyed fingerprint of 16 hex characters)");
            } else {
                f.problem(itemPath, items.get(i).line(), "not a fingerprint (" + text.length() + " characters, not "
                        + "repeated here; expected: a keyed fingerprint of 16 hex characters, as airlock scan prints it)");
            }
        }
        List<Path> files = new ArrayList<>();
        String filesPath = YamlFields.child(path, FILES);
        List<YamlNode> paths = f.list(YamlFields.get(m, FILES), filesPath, "a list of .airlockignore file paths");
        for (int i = 0; i < paths.size(); i++) {
            String itemPath = YamlFields.item(filesPath, i);
            Path file = f.file(paths.get(i), itemPath, true);
            if (file == null) {
                continue;
            }
            try {
                fingerprints.addAll(IgnoreFile.read(file).fingerprints());
                files.add(file);
            } catch (ConfigException e) {
                for (Problem p : e.problems()) {
                    f.problem(itemPath, paths.get(i).line(), (p.line() > 0 ? file + " line " + p.line() : file.toString())
                            + ": " + p.message());
                }
            }
        }
        if (f.problemCount() > before) {
            return AllowConfig.NONE;
        }
        return new AllowConfig(fingerprints, files);
    }
}
