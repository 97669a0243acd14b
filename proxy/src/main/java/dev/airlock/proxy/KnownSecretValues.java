package dev.airlock.proxy;

import dev.airlock.config.ConfigException;
import dev.airlock.config.KnownSecretsConfig;
import dev.airlock.config.Problem;
import dev.airlock.detector.KnownSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the values {@code knownSecrets} names — environment variables of this process and {@code .env} or
 * one-value-per-line files — and hands them to the detector, which keeps keyed hashes only. The values live here
 * for the duration of the call and are never logged or put in a message.
 */
final class KnownSecretValues {

    private KnownSecretValues() {
    }

    static KnownSecrets load(KnownSecretsConfig config, Map<String, String> environment, String source)
            throws ConfigException {
        List<String> values = new ArrayList<>();
        for (String name : config.env()) {
            String value = environment.get(name);
            if (value != null) {
                values.add(value);
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < config.files().size(); i++) {
            Path file = config.files().get(i);
            try {
                values.addAll(valuesIn(Files.readAllLines(file, StandardCharsets.UTF_8)));
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add(new Problem("knownSecrets.files[" + i + "]", 0, file + " cannot be read as UTF-8 text ("
                        + e.getClass().getSimpleName() + "; expected: a readable .env file or one secret per line)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return KnownSecrets.of(values);
    }

    /** A quoted value up to its closing quote; an unquoted one up to a {@code  #} comment, as dotenv reads it. */
    private static String envValue(String raw) {
        if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
            int close = raw.indexOf(raw.charAt(0), 1);
            if (close > 0) {
                return raw.substring(1, close);
            }
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    /**
     * Settings every {@code .env} holds beside its secrets ({@code localhost}, {@code production}, {@code us-east-1},
     * {@code /var/lib/app}): lowercase words, numbers and paths under 16 characters. Counting them as secrets would
     * redact every prompt that mentions them.
     */
    static boolean plainSetting(String value) {
        return value.length() < 16 && value.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '/' || c == ':' || c == '_');
    }

    /**
     * The values of a file: {@code NAME=value} lines ({@code export} allowed, quotes stripped, {@code #} comments
     * skipped) give their value; any other non-blank line is a value itself. A byte order mark opening the file (as
     * Windows editors save UTF-8) is no part of its first line.
     */
    static List<String> valuesIn(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            String value;
            if (eq > 0 && line.substring(0, eq).strip().matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                value = envValue(line.substring(eq + 1).strip());
            } else {
                value = line;
            }
            if (!plainSetting(value)) {
                out.add(value);
            }
        }
        return out;
    }
}
