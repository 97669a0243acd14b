package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.airlock.detector.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The model's side of a turn, as the fake provider plays it for real clients: SSE events of the Anthropic Messages,
 * OpenAI Responses and OpenAI chat completions streams, and the placeholder a request carried (which the model
 * repeats in its tool call).
 */
final class ModelTurns {

    private ModelTurns() {
    }

    /** The first placeholder Airlock wrote into a request body, or a marker that makes the assertions fail. */
    static String placeholderIn(String body) {
        Matcher m = Redactor.PLACEHOLDER.matcher(body);
        return m.find() ? m.group() : "[no placeholder in the request]";
    }

    static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code field} of the input of every {@code tool_use} block in the messages of a Messages request body. */
    static List<String> toolUseInputs(byte[] body, String field) throws IOException {
        List<String> out = new ArrayList<>();
        JSON.readTree(body).path("messages").forEach(message -> message.path("content").forEach(block -> {
            if (block.path("type").asText().equals("tool_use")) {
                out.add(block.path("input").path(field).asText());
            }
        }));
        return out;
    }

    // ---- Anthropic Messages

    static String anthropic(String type, String data) {
        return "event: " + type + "\ndata: " + data;
    }

    static String anthropicStart(String model) {
        return anthropic("message_start", "{\"type\":\"message_start\",\"message\":{"
                + "\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":" + quoted(model) + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":2095,\"output_tokens\":1}}}");
    }

    /** A whole text block at {@code index}: start, one delta per piece, stop. */
    static List<String> anthropicText(int index, List<String> pieces) {
        List<String> events = new ArrayList<>();
        events.add(anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String piece : pieces) {
            events.add(anthropicDelta(index, "text_delta", "text", piece));
        }
        events.add(anthropicStop(index));
        return events;
    }

    /**
     * A whole tool_use block at {@code index}: start, one {@code input_json_delta} per piece, stop. Its id is made
     * from {@code name}: a client refuses an answer whose call repeats an id of the conversation.
     */
    static List<String> anthropicToolUse(int index, String name, List<String> inputPieces) {
        List<String> events = new ArrayList<>();
        events.add(anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7" + name + "\","
                + "\"name\":" + quoted(name) + ",\"input\":{}}}"));
        for (String piece : inputPieces) {
            events.add(anthropicDelta(index, "input_json_delta", "partial_json", piece));
        }
        events.add(anthropicStop(index));
        return events;
    }

    static String anthropicDelta(int index, String type, String member, String value) {
        return anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"" + type + "\",\"" + member + "\":" + quoted(value) + "}}");
    }

    private static String anthropicStop(int index) {
        return anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static List<String> anthropicEnd(String stopReason) {
        return List.of(anthropic("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                        + quoted(stopReason) + ",\"stop_sequence\":null},\"usage\":{\"output_tokens\":40}}"),
                anthropic("message_stop", "{\"type\":\"message_stop\"}"));
    }

    // ---- OpenAI chat completions

    /** One chunk of a chat completion stream: {@code delta} and the finish reason (JSON: {@code null} or a string). */
    static String chatChunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741570283,\"model\":\"gpt-4.1-2025-04-14\",\"system_fingerprint\":\"fp_7fcd609668\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + finishReason + "}]}";
    }

    /**
     * A whole chat completion stream of content pieces, then (when {@code toolName} is not null) one tool call whose
     * arguments come in one delta per piece, the finish and {@code [DONE]}. The call's id is made from
     * {@code toolName}, as {@link #anthropicToolUse} does.
     */
    static List<String> chatStream(List<String> text, String toolName, List<String> argumentPieces) {
        List<String> deltas = new ArrayList<>(List.of("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"));
        for (String piece : text) {
            deltas.add("{\"content\":" + quoted(piece) + "}");
        }
        if (toolName != null) {
            deltas.add("{\"tool_calls\":[{\"index\":0,\"id\":\"call_LabG58Uhrq9kZvR52BYKj" + toolName + "\","
                    + "\"type\":\"function\",\"function\":{\"name\":" + quoted(toolName) + ",\"arguments\":\"\"}}]}");
            for (String piece : argumentPieces) {
                deltas.add("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quoted(piece) + "}}]}");
            }
        }
        List<String> events = new ArrayList<>();
        for (String delta : deltas) {
            events.add(chatChunk(delta, "null"));
        }
        events.add(chatChunk("{}", toolName != null ? "\"tool_calls\"" : "\"stop\""));
        events.add("data: [DONE]");
        return events;
    }

    // ---- OpenAI Responses

    static final String MESSAGE_ID = "msg_0fabc13af1ee0049006a691dfebdc881";
    static final String CALL_ID = "fc_0fabc13af1ee0049006a691dff0c1481";

    /** An event without its sequence number; {@link #numbered} adds them once the stream is complete. */
    static String responses(String type, String members) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + members + ",\"sequence_number\":-1}";
    }

    static List<String> numbered(List<String> events) {
        List<String> out = new ArrayList<>();
        for (String event : events) {
            out.add(event.replace("\"sequence_number\":-1", "\"sequence_number\":" + out.size()));
        }
        return out;
    }

    /** The response object of {@code response.created} (no output) or {@code response.completed}. */
    static String response(String status, String output) {
        return "{\"id\":\"resp_0fabc13af1ee0049006a691dfdab8881\",\"object\":\"response\",\"created_at\":1785273853,"
                + "\"status\":\"" + status + "\",\"error\":null,\"incomplete_details\":null,\"model\":\"gpt-5\","
                + "\"output\":[" + output + "],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],"
                + "\"usage\":" + (output.isEmpty() ? "null"
                : "{\"input_tokens\":52,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":40,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":92}") + "}";
    }

    static String functionCall(String status, String name, String argumentsJson) {
        return "{\"id\":\"" + CALL_ID + "\",\"type\":\"function_call\",\"status\":\"" + status + "\",\"arguments\":"
                + argumentsJson + ",\"call_id\":\"call_LabG58Uhrq9kZvR52BYKjToD\",\"name\":" + quoted(name) + "}";
    }

    /**
     * A function call at {@code outputIndex}: added, its arguments in one delta per piece, their {@code done}, the
     * item's {@code done}.
     */
    static List<String> responsesCall(int outputIndex, String name, List<String> pieces) {
        String arguments = String.join("", pieces);
        List<String> events = new ArrayList<>();
        events.add(responses("response.output_item.added", "\"item\":" + functionCall("in_progress", name, "\"\"")
                + ",\"output_index\":" + outputIndex));
        for (String piece : pieces) {
            events.add(responses("response.function_call_arguments.delta", "\"delta\":" + quoted(piece)
                    + ",\"item_id\":\"" + CALL_ID + "\",\"output_index\":" + outputIndex));
        }
        events.add(responses("response.function_call_arguments.done", "\"arguments\":" + quoted(arguments)
                + ",\"item_id\":\"" + CALL_ID + "\",\"output_index\":" + outputIndex));
        events.add(responses("response.output_item.done", "\"item\":"
                + functionCall("completed", name, quoted(arguments)) + ",\"output_index\":" + outputIndex));
        return events;
    }

    /** A whole Responses stream whose output is one function call, its arguments in one delta per piece. */
    static List<String> responsesToolTurn(String name, List<String> pieces) {
        List<String> events = new ArrayList<>();
        events.add(responses("response.created", "\"response\":" + response("in_progress", "")));
        events.addAll(responsesCall(0, name, pieces));
        events.add(responses("response.completed", "\"response\":" + response("completed",
                functionCall("completed", name, quoted(String.join("", pieces))))));
        return numbered(events);
    }

    /** A whole Responses stream whose output is one message of {@code text}, in one delta. */
    static List<String> responsesTextTurn(String text) {
        String message = "{\"id\":\"" + MESSAGE_ID + "\",\"type\":\"message\",\"status\":\"completed\","
                + "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":" + quoted(text) + "}],"
                + "\"role\":\"assistant\"}";
        return numbered(List.of(
                responses("response.created", "\"response\":" + response("in_progress", "")),
                responses("response.output_item.added", "\"item\":{\"id\":\"" + MESSAGE_ID + "\","
                        + "\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"},"
                        + "\"output_index\":0"),
                responses("response.output_text.delta", "\"content_index\":0,\"delta\":" + quoted(text)
                        + ",\"item_id\":\"" + MESSAGE_ID + "\",\"output_index\":0"),
                responses("response.output_item.done", "\"item\":" + message + ",\"output_index\":0"),
                responses("response.completed", "\"response\":" + response("completed", message))));
    }
}
