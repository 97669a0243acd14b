package dev.airlock.proxy.response;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.detector.Detector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads, in the events or document of a Responses answer, the tool calls whose command prints a secret
 * ({@code exec_command} of {@code op read …}, a {@code local_shell_call} of {@code printenv DB_PASSWORD}) and hands
 * on their {@code call_id}: the result of such a call may come in a later request without the call
 * ({@code previous_response_id}, a WebSocket's next {@code response.create}), and is then judged as that secret.
 *
 * <p>It is handed only the payloads that name a {@code call_id} ({@link ResponseText} notes them as it reads each
 * one): the finished item ({@code response.output_item.done}), the completed response, a whole JSON answer.
 */
final class SecretPrintingCalls {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private static final Set<String> CALLS = Set.of("function_call", "custom_tool_call", "local_shell_call",
            "shell_call");
    /** Where an item carries its command: a function's arguments, a custom tool's input, a shell call's action. */
    private static final List<String> COMMAND_MEMBERS = List.of("arguments", "input");
    private static final List<String> ACTION_MEMBERS = List.of("command", "commands");

    private final Detector detector;
    private final Consumer<String> made;

    /** @param made receives the {@code call_id} of each call whose command prints a secret (maybe more than once) */
    SecretPrintingCalls(Detector detector, Consumer<String> made) {
        this.detector = detector;
        this.made = made;
    }

    /** One event's JSON, or a whole JSON answer, in {@code bytes[offset, offset + length)}. */
    void read(byte[] bytes, int offset, int length) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes, offset, length);
        } catch (IOException e) {
            return; // not JSON, or cut short: nothing to pair
        }
        if (root == null || !root.isObject()) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        items.add(root.path("item"));
        root.path("output").forEach(items::add);
        root.path("response").path("output").forEach(items::add);
        for (JsonNode item : items) {
            String callId = item.path("call_id").asText("");
            if (!callId.isEmpty() && CALLS.contains(item.path("type").asText()) && printsSecret(item)) {
                made.accept(callId);
            }
        }
    }

    private boolean printsSecret(JsonNode item) {
        for (String member : COMMAND_MEMBERS) {
            JsonNode value = item.path(member);
            if (value.isTextual() && detector.printsSecret(value.asText())) {
                return true;
            }
        }
        JsonNode action = item.path("action");
        for (String member : ACTION_MEMBERS) {
            JsonNode value = action.path(member);
            if (value.isTextual() && detector.printsSecret(value.asText())) {
                return true;
            }
            if (value.isArray()) {
                List<String> words = new ArrayList<>();
                for (JsonNode word : value) {
                    if (word.isTextual() && detector.printsSecret(word.asText())) {
                        return true; // ["bash", "-lc", "op read …"]
                    }
                    words.add(word.asText());
                }
                if (detector.printsSecret(String.join(" ", words))) {
                    return true; // ["op", "read", "op://…"]
                }
            }
        }
        return false;
    }
}
