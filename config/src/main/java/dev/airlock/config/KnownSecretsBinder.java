package dev.airlock.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code knownSecrets} section: environment variable names and files whose values are secret. */
final class KnownSecretsBinder {

    static final String PATH = "knownSecrets";
    static final Set<String> KEYS = Set.of("env", "files");

    private KnownSecretsBinder() {
    }

    static KnownSecretsConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return KnownSecretsConfig.NONE;
        }
        int before = f.problemCount();
        List<String> env = new ArrayList<>();
        List<YamlNode> names = f.list(YamlFields.get(m, "env"), PATH + ".env", "a list of environment variable names");
        for (int i = 0; i < names.size(); i++) {
            String path = YamlFields.item(PATH + ".env", i);
            String name = f.text(names.get(i), path, "an environment variable name");
            if (name != null && !KnownSecretsConfig.ENV_NAME.matcher(name).matches()) {
                // Not repeated: a value pasted where its name belongs is the secret itself.
                f.problem(path, names.get(i).line(), "not an environment variable name (expected: letters, digits and _,"
                        + " not starting with a digit; the name of the variable, not its value)");
            } else if (name != null) {
                env.add(name);
            }
        }
        List<Path> files = new ArrayList<>();
        List<YamlNode> paths = f.list(YamlFields.get(m, "files"), PATH + ".files", "a list of file paths");
        for (int i = 0; i < paths.size(); i++) {
            Path file = f.file(paths.get(i), YamlFields.item(PATH + ".files", i), true);
            if (file != null) {
                files.add(file);
            }
        }
        if (f.problemCount() > before) {
            return KnownSecretsConfig.NONE;
        }
        KnownSecretsConfig c = f.build(m, PATH, KEYS, () -> new KnownSecretsConfig(env, files));
        return c == null ? KnownSecretsConfig.NONE : c;
    }
}
