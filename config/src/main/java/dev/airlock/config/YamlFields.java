package dev.airlock.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads typed values out of the YAML tree for the section binders, recording a {@link Problem} for each value
 * that is wrong instead of stopping at the first one.
 *
 * <p>Paths name schema keys joined by dots ({@code limits.maxBodyBytes}), list items by index
 * ({@code routes[1].upstream}) and keys the user chooses, the entries of a map, in double quotes
 * ({@code upstream.connectTo."api.openai.com:443"}, {@code policy.rules."github-pat"}), because such keys may hold
 * dots and colons themselves.
 *
 * <p>A value that is absent and a value that is YAML null both mean "use the default": the readers return null for
 * them without a problem, and the section binder substitutes the default.
 */
final class YamlFields {

    private final List<Problem> problems;
    private final Path baseDir;

    /** @param baseDir absolute directory that relative file paths in the configuration are resolved against */
    YamlFields(List<Problem> problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    int problemCount() {
        return problems.size();
    }

    void problem(String path, int line, String message) {
        problems.add(new Problem(path, line, message));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    static String mapKey(String path, String key) {
        return path + ".\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.text() == null;
    }

    /** The value under {@code key}, or null when the mapping is null or the key is absent or YAML null. */
    static YamlNode get(YamlNode.Mapping m, String key) {
        YamlNode node = m == null ? null : m.entries().get(key);
        return node == null || isNull(node) ? null : node;
    }

    /** A mapping, or null: for an absent value without a problem, for anything else with one. */
    YamlNode.Mapping mapping(YamlNode node, String path) {
        if (node == null || node instanceof YamlNode.Mapping) {
            return (YamlNode.Mapping) node;
        }
        problem(path, node.line(), node.kind() + " (expected: a mapping of keys to values)");
        return null;
    }

    /** The section under {@code key} of {@code parent}, with its unknown keys reported; null when absent or wrong. */
    YamlNode.Mapping section(YamlNode.Mapping parent, String key, Set<String> keys) {
        YamlNode.Mapping m = mapping(get(parent, key), key);
        if (m != null) {
            onlyKeys(m, key, keys);
        }
        return m;
    }

    void onlyKeys(YamlNode.Mapping m, String path, Set<String> allowed) {
        for (Map.Entry<String, Integer> e : m.keyLines().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problem(child(path, e.getKey()), e.getValue(),
                        "unknown key (expected one of: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The items of a list; empty when absent or wrong. */
    List<YamlNode> list(YamlNode node, String path, String expected) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Sequence s) {
            return s.items();
        }
        problem(path, node.line(), node.kind() + " (expected: " + expected + ")");
        return List.of();
    }

    /** The text of a scalar; null when absent, or (with a problem) when not a scalar or YAML null. */
    String text(YamlNode node, String path, String expected) {
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar s && s.text() != null) {
            return s.text();
        }
        problem(path, node.line(), node.kind() + " (expected: " + expected + ")");
        return null;
    }

    /** The non-blank text under {@code key}; a problem when it is missing. */
    String required(YamlNode.Mapping m, String path, String key) {
        YamlNode node = get(m, key);
        if (node == null) {
            problem(child(path, key), m.line(), "missing (expected: a value)");
            return null;
        }
        if (!(node instanceof YamlNode.Scalar s) || s.text().isBlank()) {
            problem(child(path, key), node.line(), node.kind() + " (expected: non-empty text)");
            return null;
        }
        return s.text();
    }

    /** One of {@code allowed}, written as its lowercase name in any case. */
    <E extends Enum<E>> E choice(YamlNode node, String path, List<E> allowed) {
        if (node == null) {
            return null;
        }
        String text = node instanceof YamlNode.Scalar s && s.text() != null ? s.text().strip() : null;
        for (E e : allowed) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        problem(path, node.line(), node.kind() + " (expected one of: " + allowed.stream()
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
        return null;
    }

    /** {@code host:port}, {@code [v6]:port} or a port, as {@link HostPort#parse} reads them. */
    HostPort address(YamlNode node, String path) {
        return parsed(node, path, "host:port, [ipv6]:port or a port", HostPort::parse);
    }

    /** A byte count ({@link Quantities#SIZE_FORMS}) from 0 to {@code max}. */
    Long size(YamlNode node, String path, long max) {
        return parsed(node, path, Quantities.SIZE_FORMS, text -> Quantities.bytes(text, max));
    }

    Integer count(YamlNode node, String path) {
        return parsed(node, path, "a whole number", Quantities::count);
    }

    Boolean flag(YamlNode node, String path) {
        return parsed(node, path, "true or false", text -> switch (text.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("\"" + text + "\" (expected: true or false)");
        });
    }

    Duration duration(YamlNode node, String path) {
        return parsed(node, path, Quantities.DURATION_FORMS, Quantities::duration);
    }

    /** A scalar read by a parser that says what is wrong by throwing IllegalArgumentException. */
    private <T> T parsed(YamlNode node, String path, String expected, Function<String, T> parser) {
        String text = text(node, path, expected);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problem(path, node.line(), e.getMessage());
            return null;
        }
    }

    /**
     * A file path, resolved against the configuration file's directory when relative.
     *
     * @param mustExist true when the file must already be a readable regular file; false when it is created
     *                  later (it must still not be a directory)
     */
    Path file(YamlNode node, String path, boolean mustExist) {
        String text = text(node, path, "a file path");
        if (text == null) {
            return null;
        }
        Path file;
        try {
            file = text.isBlank() ? null : baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            file = null;
        }
        String wrong = file == null ? "is not a file path"
                : Files.isDirectory(file) ? "is a directory: " + file
                : !mustExist ? null
                : !Files.exists(file) ? "does not exist: " + file
                : !Files.isRegularFile(file) || !Files.isReadable(file) ? "cannot be read: " + file
                : null;
        if (wrong != null) {
            problem(path, node.line(), node.kind() + " " + wrong
                    + (mustExist ? " (expected: a readable file)" : " (expected: a file path)"));
            return null;
        }
        return file;
    }

    /**
     * Runs a record's compact constructor. Records say what is wrong as {@code "field value (expected: …)"}; that
     * becomes a problem at {@code path.field}, on the line of the field when the file sets it, and called the
     * default when it does not.
     *
     * @return the record, or null when it refused its values (the problem is recorded)
     */
    <T> T build(YamlNode.Mapping m, String path, Set<String> fields, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int space = message.indexOf(' ');
            String field = space < 0 ? "" : message.substring(0, space);
            int line = m == null ? 0 : m.line();
            if (!fields.contains(field)) {
                problem(path, line, message);
                return null;
            }
            String rest = message.substring(space + 1);
            YamlNode node = get(m, field);
            int expected = rest.indexOf(" (expected");
            if (node != null && expected >= 0) {
                problem(child(path, field), node.line(), node.kind() + rest.substring(expected));
            } else {
                problem(child(path, field), line, (node == null ? "default " : "") + rest);
            }
            return null;
        }
    }
}
