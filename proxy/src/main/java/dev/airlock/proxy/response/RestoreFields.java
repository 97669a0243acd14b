package dev.airlock.proxy.response;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, in one parsed SSE event, NDJSON line or JSON answer, the string values a restore may change, by each
 * provider's shape — and only those, so an id, a model name or an echoed request field is never touched:
 * <ul>
 *   <li>tool arguments: OpenAI chat {@code tool_calls[].function.arguments} (deltas and whole), Responses
 *       {@code function_call_arguments.delta}/{@code .done}, {@code custom_tool_call_input.*} and the
 *       {@code function_call}, {@code custom_tool_call}, {@code local_shell_call}, {@code shell_call} and
 *       {@code apply_patch_call} items of {@code output_item.*} events and whole responses; Anthropic
 *       {@code input_json_delta.partial_json} and {@code tool_use.input}; Gemini {@code functionCall.args} and the
 *       {@code stringValue}s of streamed {@code partialArgs}; Ollama {@code message.tool_calls[].function.arguments};
 *       the Vercel AI SDK's {@code tool-input-delta} and {@code tool-call} parts (its AI Gateway);</li>
 *   <li>answer text: chat {@code content}, Responses {@code output_text} and {@code refusal}, Anthropic {@code text},
 *       Gemini {@code parts[].text}, Ollama {@code content} and {@code response}, the AI SDK's {@code text-delta}.
 *       Reasoning and thinking are never text here: they are signed or replayed as they were.</li>
 * </ul>
 */
final class RestoreFields {

    /**
     * One string value to restore in.
     *
     * @param path   from the root: field names and array indexes
     * @param json   the value is JSON text itself (chat arguments, Anthropic {@code partial_json}): a secret put into it
     *               is escaped as JSON string content
     * @param stream the stream of deltas the value is a piece of (one tool call, one text block), or null when the value
     *               is whole
     * @param more   more pieces of {@code stream} may follow (false for Gemini's last {@code partialArgs} piece)
     */
    record Slot(List<Object> path, Restored where, boolean json, String stream, boolean more) {
    }

    private static final int MAX_DEPTH = 64;
    private static final Map<String, String> ITEM_ARGUMENTS = Map.of("function_call", "arguments",
            "custom_tool_call", "input", "local_shell_call", "action", "shell_call", "action",
            "apply_patch_call", "operation");

    private final List<Slot> out = new ArrayList<>();

    private RestoreFields() {
    }

    /** The values of {@code root} a restore may change, in document order. */
    static List<Slot> of(JsonNode root) {
        RestoreFields f = new RestoreFields();
        if (root.isArray()) { // an array of answers handed over whole: each element on its own, as when streamed
            for (int i = 0; i < root.size(); i++) {
                f.element(root.get(i), List.of(i));
            }
        } else {
            f.element(root, List.of());
        }
        return f.out;
    }

    private void element(JsonNode n, List<Object> at) {
        if (!n.isObject()) {
            return;
        }
        JsonNode type = n.get("type");
        if (n.path("choices").isArray()) {
            chat(n.get("choices"), at(at, "choices"));
        } else if (n.path("candidates").isArray()) {
            gemini(n.get("candidates"), at(at, "candidates"));
        } else if (type != null && type.isTextual() && type.asText().startsWith("response.")) {
            responsesEvent(n, type.asText(), at);
        } else if (type != null && type.isTextual() && n.path("delta").path("message").isObject()) {
            cohereEvent(n, n.get("delta").get("message"), at(at, "delta", "message"));
        } else if (type != null && type.isTextual() && AI_SDK_PARTS.contains(type.asText())) {
            aiSdkPart(n, type.asText(), at);
        } else if (type != null && type.isTextual()) {
            anthropic(n, type.asText(), at);
        } else if ("response".equals(n.path("object").asText())) {
            items(n.get("output"), at(at, "output"));
        } else if (n.path("message").path("content").isArray()) {
            cohereMessage(n.get("message"), at(at, "message"));
        } else if (n.path("message").isObject()) {
            message(n.get("message"), at(at, "message"), "ollama:", false);
        } else {
            text(n, at, "response", "ollama:response");
        }
    }

    // ---- OpenAI chat completions (and the OpenAI-compatible providers) -----------------------------------------

    private void chat(JsonNode choices, List<Object> at) {
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            List<Object> c = at(at, i);
            String stream = "chat:" + choice.path("index").asInt(i) + ":";
            if (choice.path("delta").isObject()) {
                message(choice.get("delta"), at(c, "delta"), stream, true);
            }
            if (choice.path("message").isObject()) {
                message(choice.get("message"), at(c, "message"), null, false);
            }
            text(choice, c, "text", stream + "text"); // legacy completions
        }
    }

    /** A chat message or delta: tool calls (OpenAI arguments are JSON text, Ollama's an object) and content. */
    private void message(JsonNode m, List<Object> at, String stream, boolean delta) {
        JsonNode calls = m.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int j = 0; j < calls.size(); j++) {
                JsonNode call = calls.get(j);
                List<Object> fn = at(at, "tool_calls", j, "function");
                JsonNode args = call.path("function").get("arguments");
                String key = delta ? stream + call.path("index").asInt(j) : null;
                if (args != null && args.isTextual()) {
                    out.add(new Slot(at(fn, "arguments"), Restored.TOOL_ARGUMENTS, true, key, delta));
                } else if (args != null) {
                    leaves(args, at(fn, "arguments"), 0);
                }
            }
        }
        JsonNode legacy = m.path("function_call").get("arguments");
        if (legacy != null && legacy.isTextual()) {
            out.add(new Slot(at(at, "function_call", "arguments"), Restored.TOOL_ARGUMENTS, true,
                    delta ? stream + "fn" : null, delta));
        }
        text(m, at, "content", stream == null ? null : stream + "text");
    }

    // ---- Vercel AI SDK stream parts (its AI Gateway's wire format) -----------------------------------------------

    /** The parts a restore looks into; reasoning parts are the model's thinking, never touched. */
    private static final Set<String> AI_SDK_PARTS = Set.of("text-delta", "tool-input-delta", "tool-call");

    /**
     * A part of the language-model stream the AI SDK's gateway provider reads as it is ({@code ai-gateway.vercel.sh}):
     * {@code text-delta} and {@code tool-input-delta} carry a {@code delta} of the text or of the call's JSON input,
     * keyed by {@code id}; {@code tool-call} the whole {@code input} as JSON text, which the SDK parses into the call.
     */
    private void aiSdkPart(JsonNode n, String type, List<Object> at) {
        String id = n.path("id").asText();
        switch (type) {
            case "text-delta" -> piece(n, at, "delta", Restored.TEXT, false, "aisdk:text:" + id);
            case "tool-input-delta" -> piece(n, at, "delta", Restored.TOOL_ARGUMENTS, true, "aisdk:tool:" + id);
            default -> whole(n, at, "input", Restored.TOOL_ARGUMENTS, true);
        }
    }

    // ---- Cohere v2 chat --------------------------------------------------------------------------------------------

    /**
     * A streamed event of Cohere's {@code /v2/chat}: {@code content-delta} carries {@code content.text},
     * {@code tool-call-start} and {@code tool-call-delta} one tool call's {@code function.arguments} (JSON text),
     * {@code tool-plan-delta} the model's plan (text), each under {@code delta.message}, keyed by {@code index}.
     */
    private void cohereEvent(JsonNode n, JsonNode m, List<Object> at) {
        String stream = "cohere:" + n.path("index").asInt() + ":";
        JsonNode content = m.get("content");
        if (content != null && content.isObject()) {
            piece(content, at(at, "content"), "text", Restored.TEXT, false, stream + "text");
        }
        JsonNode call = m.get("tool_calls");
        if (call != null && call.isObject() && call.path("function").path("arguments").isTextual()) {
            piece(call.get("function"), at(at, "tool_calls", "function"), "arguments", Restored.TOOL_ARGUMENTS, true,
                    stream + "args");
        }
        piece(m, at, "tool_plan", Restored.TEXT, false, "cohere:plan");
    }

    /** Cohere's whole answer: content parts of text, a tool plan, and tool calls with JSON-text arguments. */
    private void cohereMessage(JsonNode m, List<Object> at) {
        JsonNode content = m.get("content");
        for (int i = 0; i < content.size(); i++) {
            whole(content.get(i), at(at, "content", i), "text", Restored.TEXT, false);
        }
        whole(m, at, "tool_plan", Restored.TEXT, false);
        JsonNode calls = m.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int j = 0; j < calls.size(); j++) {
                whole(calls.get(j).path("function"), at(at, "tool_calls", j, "function"), "arguments",
                        Restored.TOOL_ARGUMENTS, true);
            }
        }
    }

    // ---- OpenAI Responses ----------------------------------------------------------------------------------------

    private void responsesEvent(JsonNode n, String type, List<Object> at) {
        String item = "resp:" + n.path("item_id").asText(n.path("output_index").asText());
        switch (type) {
            case "response.function_call_arguments.delta" ->
                    piece(n, at, "delta", Restored.TOOL_ARGUMENTS, true, item);
            case "response.function_call_arguments.done" -> whole(n, at, "arguments", Restored.TOOL_ARGUMENTS, true);
            case "response.custom_tool_call_input.delta" ->
                    piece(n, at, "delta", Restored.TOOL_ARGUMENTS, false, item);
            case "response.custom_tool_call_input.done" -> whole(n, at, "input", Restored.TOOL_ARGUMENTS, false);
            case "response.output_text.delta", "response.refusal.delta" ->
                    piece(n, at, "delta", Restored.TEXT, false, item + ":" + n.path("content_index").asInt());
            case "response.output_text.done" -> whole(n, at, "text", Restored.TEXT, false);
            case "response.refusal.done" -> whole(n, at, "refusal", Restored.TEXT, false);
            case "response.content_part.added", "response.content_part.done" -> part(n.get("part"), at(at, "part"));
            case "response.output_item.added", "response.output_item.done" -> item(n.get("item"), at(at, "item"));
            default -> {
                JsonNode response = n.get("response");
                if (response != null && response.isObject()) {
                    items(response.get("output"), at(at, "response", "output"));
                }
            }
        }
    }

    private void items(JsonNode output, List<Object> at) {
        if (output != null && output.isArray()) {
            for (int i = 0; i < output.size(); i++) {
                item(output.get(i), at(at, i));
            }
        }
    }

    private void item(JsonNode item, List<Object> at) {
        if (item == null || !item.isObject()) {
            return;
        }
        String type = item.path("type").asText();
        String field = ITEM_ARGUMENTS.get(type);
        if (field != null) {
            JsonNode value = item.get(field);
            if (value != null && value.isTextual()) {
                whole(item, at, field, Restored.TOOL_ARGUMENTS, type.equals("function_call"));
            } else if (value != null) {
                leaves(value, at(at, field), 0);
            }
        } else if (type.equals("message") && item.path("content").isArray()) {
            JsonNode content = item.get("content");
            for (int i = 0; i < content.size(); i++) {
                part(content.get(i), at(at, "content", i));
            }
        }
    }

    private void part(JsonNode part, List<Object> at) {
        if (part == null || !part.isObject()) {
            return;
        }
        switch (part.path("type").asText()) {
            case "output_text" -> whole(part, at, "text", Restored.TEXT, false);
            case "refusal" -> whole(part, at, "refusal", Restored.TEXT, false);
            default -> {
                // reasoning text and anything newer: not the model's answer
            }
        }
    }

    // ---- Anthropic Messages -------------------------------------------------------------------------------------

    private void anthropic(JsonNode n, String type, List<Object> at) {
        switch (type) {
            case "content_block_delta" -> {
                JsonNode delta = n.get("delta");
                String stream = "anthropic:" + n.path("index").asInt();
                switch (delta == null ? "" : delta.path("type").asText()) {
                    case "input_json_delta" ->
                            piece(delta, at(at, "delta"), "partial_json", Restored.TOOL_ARGUMENTS, true, stream);
                    case "text_delta" -> piece(delta, at(at, "delta"), "text", Restored.TEXT, false, stream);
                    default -> {
                        // thinking and signature deltas are signed: never touched
                    }
                }
            }
            case "content_block_start" -> block(n.get("content_block"), at(at, "content_block"));
            case "message_start" -> blocks(n.path("message").get("content"), at(at, "message", "content"));
            case "message" -> blocks(n.get("content"), at(at, "content"));
            default -> {
                // stops, message deltas, pings, errors: nothing the model wrote to restore in
            }
        }
    }

    private void blocks(JsonNode content, List<Object> at) {
        if (content != null && content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                block(content.get(i), at(at, i));
            }
        }
    }

    private void block(JsonNode b, List<Object> at) {
        if (b == null || !b.isObject()) {
            return;
        }
        switch (b.path("type").asText()) {
            case "tool_use", "server_tool_use", "mcp_tool_use" -> {
                if (b.has("input")) {
                    leaves(b.get("input"), at(at, "input"), 0);
                }
            }
            case "text" -> whole(b, at, "text", Restored.TEXT, false);
            default -> {
                // thinking, redacted_thinking, tool results: signed or not the model's words
            }
        }
    }

    // ---- Gemini ---------------------------------------------------------------------------------------------------

    private void gemini(JsonNode candidates, List<Object> at) {
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode candidate = candidates.get(i);
            JsonNode parts = candidate.path("content").get("parts");
            if (parts == null || !parts.isArray()) {
                continue;
            }
            String stream = "gemini:" + candidate.path("index").asInt(i) + ":";
            List<Object> p = at(at, i, "content", "parts");
            for (int j = 0; j < parts.size(); j++) {
                JsonNode part = parts.get(j);
                List<Object> pj = at(p, j);
                String callField = part.has("functionCall") ? "functionCall" : "function_call";
                JsonNode call = part.get(callField);
                if (call != null && call.isObject()) {
                    if (call.has("args")) {
                        leaves(call.get("args"), at(pj, callField, "args"), 0);
                    }
                    String partialField = call.has("partialArgs") ? "partialArgs" : "partial_args";
                    partialArgs(call.get(partialField), at(pj, callField, partialField), stream);
                }
                if (!part.path("thought").asBoolean(false)) {
                    text(part, pj, "text", stream + "text");
                }
            }
        }
    }

    /** Gemini 3 streams a string argument as pieces under its JSON path; the last one no longer says willContinue. */
    private void partialArgs(JsonNode partial, List<Object> at, String stream) {
        if (partial == null || !partial.isArray()) {
            return;
        }
        for (int k = 0; k < partial.size(); k++) {
            JsonNode piece = partial.get(k);
            String field = piece.has("stringValue") ? "stringValue" : "string_value";
            JsonNode value = piece.get(field);
            if (value != null && value.isTextual()) {
                String path = piece.has("jsonPath") ? piece.path("jsonPath").asText() : piece.path("json_path").asText();
                boolean more = piece.has("willContinue") ? piece.path("willContinue").asBoolean(false)
                        : piece.path("will_continue").asBoolean(false);
                out.add(new Slot(at(at, k, field), Restored.TOOL_ARGUMENTS, false, stream + path, more));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A text field of the answer: a piece of {@code stream} when streamed, else whole. */
    private void text(JsonNode n, List<Object> at, String field, String stream) {
        if (n.path(field).isTextual()) {
            out.add(new Slot(at(at, field), Restored.TEXT, false, stream, stream != null));
        }
    }

    private void piece(JsonNode n, List<Object> at, String field, Restored where, boolean json, String stream) {
        if (n.path(field).isTextual()) {
            out.add(new Slot(at(at, field), where, json, stream, true));
        }
    }

    private void whole(JsonNode n, List<Object> at, String field, Restored where, boolean json) {
        if (n.path(field).isTextual()) {
            out.add(new Slot(at(at, field), where, json, null, false));
        }
    }

    /** Every string under an arguments object ({@code args}, {@code input}): each is a decoded value, whole. */
    private void leaves(JsonNode n, List<Object> at, int depth) {
        if (n.isTextual()) {
            out.add(new Slot(at, Restored.TOOL_ARGUMENTS, false, null, false));
        } else if (depth < MAX_DEPTH && n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                leaves(e.getValue(), at(at, e.getKey()), depth + 1);
            }
        } else if (depth < MAX_DEPTH && n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                leaves(n.get(i), at(at, i), depth + 1);
            }
        }
    }

    private static List<Object> at(List<Object> base, Object... more) {
        List<Object> path = new ArrayList<>(base.size() + more.length);
        path.addAll(base);
        path.addAll(Arrays.asList(more));
        return path;
    }
}
