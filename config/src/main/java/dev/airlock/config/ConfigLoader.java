package dev.airlock.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a YAML configuration file and validates all of it, reporting every problem with its path and line,
 * so a user fixes a file in one round rather than one error at a time.
 */
public final class ConfigLoader {

    /** Configuration files are small; anything larger is a mistake (a log or a binary passed by accident). */
    static final long MAX_FILE_BYTES = 1 << 20;

    private ConfigLoader() {
    }

    public static AirlockConfig load(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file.toString(), List.of(new Problem("", 0,
                        "file is " + Files.size(file) + " bytes (expected: at most " + MAX_FILE_BYTES + ")")));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", 0, "cannot read the file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses a configuration held in memory; relative file paths in it are resolved against the working directory. */
    public static AirlockConfig parse(String yaml, String source) throws ConfigException {
        return parse(yaml, source, Path.of("").toAbsolutePath());
    }

    /**
     * @param baseDir absolute directory that relative file paths ({@code upstream.caFile}, {@code audit.file}) are
     *                resolved against: the configuration file's own directory when there is a file
     */
    static AirlockConfig parse(String yaml, String source, Path baseDir) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        AirlockConfig config;
        try {
            YamlNode root = YamlReader.read(yaml, problems);
            config = root == null ? null : new ConfigBinder(problems, baseDir).root(root);
        } catch (RuntimeException e) {
            // A loader that crashes tells the user nothing about their file; the contract is ConfigException only.
            problems.add(new Problem("", 0,
                    "cannot be loaded (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            config = null;
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }
}
