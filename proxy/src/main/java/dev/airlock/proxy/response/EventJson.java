package dev.airlock.proxy.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Reading and writing the JSON of one event for the rewriters: numbers kept exactly as they came, a value reached by
 * its path, and a delta of its own made from the event a held ending was cut from. Values are edited decoded and the
 * event is written again by Jackson, so whatever goes into a value is escaped exactly as JSON requires.
 */
final class EventJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Fields kept, besides the path to the value, in the objects of a delta written alone: they say where it goes. */
    private static final Set<String> LOCATORS = Set.of("index", "type", "jsonPath", "json_path", "willContinue",
            "will_continue");

    private EventJson() {
    }

    /** The event's JSON, or null when it is not JSON ({@code [DONE]}, a keep-alive): then it is written as it came. */
    static JsonNode parse(byte[] bytes, int from, int to) {
        try {
            JsonNode root = JSON.readTree(bytes, from, to - from);
            return root == null || root.isMissingNode() ? null : root;
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written again", e);
        }
    }

    /** The string at {@code path} under {@code root}. */
    static String text(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object segment : path) {
            n = step(n, segment);
        }
        return n.asText();
    }

    /** Replaces the string at {@code path} under {@code root}. */
    static void set(JsonNode root, List<Object> path, String value) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = step(parent, path.get(i));
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.put((String) last, value);
        } else {
            ((ArrayNode) parent).set((Integer) last, TextNode.valueOf(value));
        }
    }

    private static JsonNode step(JsonNode node, Object segment) {
        return segment instanceof Integer i ? node.get(i) : node.get((String) segment);
    }

    /**
     * A copy of {@code node} reduced to the path of one value, which becomes {@code value}: the top level keeps its
     * plain fields (ids, model, sequence number), deeper objects only what locates the value ({@code index},
     * {@code type}, Gemini's {@code jsonPath}), so no name or id is sent twice for a client to join up again.
     */
    static JsonNode alone(JsonNode node, List<Object> path, String value) {
        return alone(node, path, 0, value);
    }

    private static JsonNode alone(JsonNode node, List<Object> path, int depth, String value) {
        if (depth == path.size()) {
            return TextNode.valueOf(value);
        }
        Object segment = path.get(depth);
        if (node.isArray()) {
            ArrayNode a = JSON.createArrayNode();
            a.add(alone(node.get((Integer) segment), path, depth + 1, value));
            return a;
        }
        ObjectNode o = JSON.createObjectNode();
        for (var it = node.fields(); it.hasNext(); ) {
            var f = it.next();
            if (f.getKey().equals(segment)) {
                o.set(f.getKey(), alone(f.getValue(), path, depth + 1, value));
            } else if (f.getValue().isValueNode() && (depth == 0 || LOCATORS.contains(f.getKey()))) {
                o.set(f.getKey(), f.getValue());
            }
        }
        return o;
    }
}
