package dev.airlock.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into {@link YamlNode}s, reporting syntax errors and duplicate keys as problems. */
final class YamlReader {

    private static final int MAX_DEPTH = 64;

    private final List<Problem> problems;

    private YamlReader(List<Problem> problems) {
        this.problems = problems;
    }

    /** The document's root, or null when it cannot be read (the reason is in {@code problems}). */
    static YamlNode read(String text, List<Problem> problems) {
        // EMPTY_STRING_AS_NULL: "limits:" with everything under it commented out is YAML null (use the defaults),
        // as the YAML spec says, not an empty string.
        YAMLFactory factory = YAMLFactory.builder()
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new YamlNode.Mapping(Map.of(), Map.of(), 1);
            }
            return new YamlReader(problems).value(p, "");
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? jpe.getLocation().getLineNr() : 0;
            String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            problems.add(new Problem("", line, "not valid YAML: " + firstLine(message)));
            return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private YamlNode value(JsonParser p, String path) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                String childPath = path.isEmpty() ? key : path + "." + key;
                YamlNode child = value(p, childPath);
                if (entries.containsKey(key)) {
                    problems.add(new Problem(childPath, keyLine, "duplicate key (first at line " + keyLines.get(key) + ")"));
                } else {
                    entries.put(key, child);
                    keyLines.put(key, keyLine);
                }
            }
            return new YamlNode.Mapping(entries, keyLines, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(p, path + "[" + i++ + "]"));
            }
            return new YamlNode.Sequence(items, line);
        }
        return new YamlNode.Scalar(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
    }
}
