package dev.airlock.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values known to be secret, found exactly wherever they occur in a prompt: the values of these environment
 * variables (of the Airlock process) and of these files ({@code .env} lines {@code NAME=value}, or one value per
 * line). The values themselves are never part of the configuration; the proxy reads them, keeps keyed hashes, and
 * reads the files again when they change.
 *
 * @param env   environment variable names
 * @param files {@code .env} files or files of one secret per line
 */
public record KnownSecretsConfig(List<String> env, List<Path> files) {

    public static final KnownSecretsConfig NONE = new KnownSecretsConfig(List.of(), List.of());
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public KnownSecretsConfig {
        env = List.copyOf(env);
        files = List.copyOf(files);
        for (String name : env) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("env holds something that is not an environment variable name "
                        + "(expected: letters, digits and _, not starting with a digit)");
            }
        }
    }

    public boolean isEmpty() {
        return env.isEmpty() && files.isEmpty();
    }
}
