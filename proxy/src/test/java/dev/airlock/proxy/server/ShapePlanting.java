package dev.airlock.proxy.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.detector.testing.Credentials;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Plants generated credentials into chosen string leaves of a real request body (a file of /work/shared/shapes),
 * editing the raw text so that every byte outside the planted leaves stays as the client wrote it. The leaves are
 * chosen by what they are in the provider's protocol: the last user text, the system prompt, a tool result, tool-call
 * arguments (a JSON document inside a string), a tool_use input, a Gemini functionResponse, a tool description.
 * Signed or encrypted reasoning is never planted into (that is a block, tested separately).
 */
final class ShapePlanting {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where in the conversation a secret was planted. */
    enum Site {
        LAST_USER_TEXT, ASSISTANT_TEXT, SYSTEM, TOOL_OUTPUT, TOOL_ARGUMENTS, TOOL_INPUT, FUNCTION_RESPONSE,
        TOOL_DESCRIPTION
    }

    /** A generated credential and the rule expected to find it. */
    record Secret(String rule, String value) {
    }

    record Plant(Site site, String pointer, Secret secret) {
    }

    /** The planted body, and what was planted where. */
    record Planted(String text, List<Plant> plants) {

        /** The body Airlock should forward: each secret replaced by its placeholder, nothing else changed. */
        String expected(RunningAirlock airlock) {
            String out = text;
            for (Plant p : plants) {
                out = out.replace(p.secret().value(), airlock.placeholder(p.secret().rule(), p.secret().value()));
            }
            return out;
        }

        Set<Site> sites() {
            Set<Site> s = java.util.EnumSet.noneOf(Site.class);
            plants.forEach(p -> s.add(p.site()));
            return s;
        }
    }

    private static final Set<String> CONVERSATION_ROOTS = Set.of("messages", "input", "contents", "system",
            "instructions", "systemInstruction", "system_instruction");
    private static final Set<String> SYSTEM_ROOTS = Set.of("system", "instructions", "systemInstruction",
            "system_instruction");
    /** Fields that are identifiers, media or signatures rather than text a user or tool wrote. */
    private static final Set<String> NOT_TEXT = Set.of("id", "call_id", "tool_use_id", "tool_call_id", "type", "role",
            "model", "name", "url", "data", "mime_type", "mimeType", "media_type", "signature", "thoughtSignature",
            "thought_signature", "encrypted_content", "status", "phase");
    /** Objects whose content the provider signs or encrypts. */
    private static final Set<String> SIGNED_TYPES = Set.of("thinking", "redacted_thinking", "reasoning");

    private record Leaf(String pointer, String field, String value, List<String> types, String role, String root) {
    }

    private ShapePlanting() {
    }

    static Planted plant(String original, Random random) throws IOException {
        JsonNode tree = MAPPER.readTree(original);
        List<Leaf> leaves = new ArrayList<>();
        walk(tree, "", null, null, List.of(), null, leaves);

        Map<Site, Leaf> chosen = new EnumMap<>(Site.class);
        for (Leaf leaf : leaves) {
            Site site = siteOf(leaf);
            if (site == null) {
                continue;
            }
            if (site == Site.LAST_USER_TEXT) {
                chosen.put(site, leaf); // the last one wins
            } else {
                chosen.putIfAbsent(site, leaf);
            }
        }
        Map<String, Leaf> byPointer = new HashMap<>();
        List<Plant> plants = new ArrayList<>();
        int n = 0;
        for (Map.Entry<Site, Leaf> e : chosen.entrySet()) {
            if (byPointer.putIfAbsent(e.getValue().pointer(), e.getValue()) != null) {
                continue;
            }
            boolean arguments = e.getKey() == Site.TOOL_ARGUMENTS;
            plants.add(new Plant(e.getKey(), e.getValue().pointer(), secret(random, n++, arguments)));
        }
        return new Planted(splice(original, plants, byPointer), List.copyOf(plants));
    }

    /** Rotates over rules with different shapes: a checksummed token, another prefix, a password needing context. */
    private static Secret secret(Random random, int n, boolean insideJsonString) {
        return switch (insideJsonString ? n % 2 : n % 3) {
            case 0 -> new Secret("github-pat", Credentials.githubToken(random));
            case 1 -> new Secret("npm-access-token", Credentials.checksummedToken(random, "npm" + "_"));
            default -> new Secret("generic-password", Credentials.password(random));
        };
    }

    private static Site siteOf(Leaf leaf) {
        if (leaf.root() == null || leaf.types().stream().anyMatch(SIGNED_TYPES::contains)) {
            return null;
        }
        String p = leaf.pointer();
        if (leaf.root().equals("tools")) {
            return "description".equals(leaf.field()) ? Site.TOOL_DESCRIPTION : null;
        }
        if (!CONVERSATION_ROOTS.contains(leaf.root())) {
            return null;
        }
        // Inside tool arguments and results every member is data, whatever its name.
        if (p.contains("/functionResponse/response/") || p.contains("/function_response/response/")) {
            return Site.FUNCTION_RESPONSE;
        }
        if ((leaf.types().contains("tool_use") && p.contains("/input/")) || p.contains("/functionCall/args/")
                || p.contains("/function_call/args/")) {
            return Site.TOOL_INPUT;
        }
        if (leaf.field() != null && NOT_TEXT.contains(leaf.field())) {
            return null;
        }
        String parentType = leaf.types().isEmpty() ? null : leaf.types().get(leaf.types().size() - 1);
        if ("arguments".equals(leaf.field()) && isJsonObject(leaf.value())) {
            return Site.TOOL_ARGUMENTS;
        }
        if (leaf.types().contains("tool_result") || leaf.types().contains("function_call_output")
                || ("tool".equals(leaf.role()) && "content".equals(leaf.field()))) {
            return Site.TOOL_OUTPUT;
        }
        if (SYSTEM_ROOTS.contains(leaf.root())
                || (("system".equals(leaf.role()) || "developer".equals(leaf.role())) && isText(leaf))) {
            return Site.SYSTEM;
        }
        if (isText(leaf) && parentType != null && !parentType.endsWith("text")) {
            return null; // e.g. an image part's detail
        }
        if (isText(leaf) && ("assistant".equals(leaf.role()) || "model".equals(leaf.role()))) {
            return Site.ASSISTANT_TEXT;
        }
        if (isText(leaf) && ("user".equals(leaf.role()) || leaf.role() == null)) {
            return Site.LAST_USER_TEXT;
        }
        return null;
    }

    private static boolean isText(Leaf leaf) {
        return "text".equals(leaf.field()) || "content".equals(leaf.field()) || leaf.pointer().equals("/input");
    }

    private static boolean isJsonObject(String s) {
        try {
            return MAPPER.readTree(s) instanceof ObjectNode;
        } catch (IOException e) {
            return false;
        }
    }

    private static void walk(JsonNode node, String pointer, String field, JsonNode parent, List<String> types,
                             String role, List<Leaf> out) {
        String root = pointer.isEmpty() ? null : unescape(pointer.substring(1).split("/", -1)[0]);
        if (node.isObject()) {
            List<String> inner = types;
            if (node.path("type").isTextual()) {
                inner = new ArrayList<>(types);
                inner.add(node.get("type").asText());
            }
            String innerRole = node.path("role").isTextual() ? node.get("role").asText() : role;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), pointer + "/" + escape(e.getKey()), e.getKey(), node, inner, innerRole, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, null, node, types, role, out);
            }
        } else if (node.isTextual()) {
            out.add(new Leaf(pointer, field, node.asText(), types, role, root));
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }

    /** Edits the raw text: a prefix inside the leaf's quotes, or (arguments) a new JSON string for the whole leaf. */
    private static String splice(String text, List<Plant> plants, Map<String, Leaf> leaves) throws IOException {
        Map<String, int[]> spans = rawSpans(text);
        List<Plant> ordered = new ArrayList<>(plants);
        ordered.sort(Comparator.comparingInt((Plant p) -> spans.get(p.pointer())[0]).reversed());
        StringBuilder sb = new StringBuilder(text);
        for (Plant p : ordered) {
            int[] span = spans.get(p.pointer());
            if (span == null) {
                throw new IllegalStateException("no raw string at " + p.pointer());
            }
            String secret = p.secret().value();
            if (p.site() == Site.TOOL_ARGUMENTS) {
                ObjectNode inner = (ObjectNode) MAPPER.readTree(leaves.get(p.pointer()).value());
                inner.put("api_token", secret);
                sb.replace(span[0], span[1], MAPPER.writeValueAsString(MAPPER.writeValueAsString(inner)));
            } else {
                String prefix = switch (p.secret().rule()) {
                    case "generic-password" -> "DB_PASSWORD=" + secret + "\\n";
                    case "npm-access-token" -> "npm publish token: " + secret + "\\n";
                    default -> "my token is " + secret + " ";
                };
                sb.insert(span[0] + 1, prefix);
            }
        }
        return sb.toString();
    }

    /** Pointer → [offset of the opening quote, offset after the closing quote] of every string value. */
    private static Map<String, int[]> rawSpans(String text) throws IOException {
        Map<String, int[]> spans = new HashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING) {
                    continue;
                }
                int start = (int) p.currentTokenLocation().getCharOffset();
                if (text.charAt(start) != '"') {
                    throw new IllegalStateException("expected a quote at " + start);
                }
                int i = start + 1;
                while (text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                spans.put(p.getParsingContext().pathAsPointer().toString(), new int[] {start, i + 1});
            }
        }
        return spans;
    }
}
