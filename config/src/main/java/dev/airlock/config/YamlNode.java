package dev.airlock.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so every validation problem can point at the file. Jackson's tree
 * model drops locations; this keeps them.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    int line();

    /** A scalar as written; {@code null} text is YAML's null ({@code ~}, {@code null} or nothing). */
    record Scalar(String text, int line) implements YamlNode {
    }

    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
    }

    default String kind() {
        if (this instanceof Mapping) {
            return "a mapping";
        }
        if (this instanceof Sequence) {
            return "a list";
        }
        return ((Scalar) this).text() == null ? "null" : "\"" + ((Scalar) this).text() + "\"";
    }
}
