package dev.airlock.proxy.response;

import static dev.airlock.proxy.response.Restoring.quoted;

/**
 * Events shaped like the real transcripts in the shared shapes (same fields, same order, same framing), with the
 * values a test needs: OpenAI chat chunks, Responses events, Anthropic events and Gemini chunks (CRLF framed).
 */
final class ProviderEvents {

    static final String DONE = "data: [DONE]\n\n";

    private ProviderEvents() {
    }

    // ---- OpenAI chat completions (openai-chat-sse-tool-calls-1.txt) -----------------------------------------------

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-ABfwAwrNePHUgBBezonVC6MX3zd63\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1727346178,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_5050236cbd\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
                + "}]}\n\n";
    }

    static String chatText(String text) {
        return chunk("{\"content\":" + quoted(text) + "}", "null");
    }

    static String chatToolStart(int index, String name) {
        return chunk("{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"call_JMW1whyEaYG438VE1OIflxA" + index
                + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}", "null");
    }

    static String chatArgs(int index, String arguments) {
        return chunk("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":" + quoted(arguments)
                + "}}]}", "null");
    }

    static String chatFinish() {
        return chunk("{}", "\"tool_calls\"");
    }

    /** A whole (not streamed) chat completion with one tool call and some text. */
    static String chatCompletion(String text, String arguments) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1727346178,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quoted(text)
                + ",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"write_file\","
                + "\"arguments\":" + quoted(arguments) + "}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";
    }

    // ---- OpenAI Responses (openai-responses-sse-function-call-1.txt) ----------------------------------------------

    static String responsesArgsDelta(String delta, int seq) {
        return "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\","
                + "\"delta\":" + quoted(delta) + ",\"item_id\":\"fc_0fabc13af1ee0049\",\"obfuscation\":\"g1Ne32Jx8rlULp\","
                + "\"output_index\":2,\"sequence_number\":" + seq + "}\n\n";
    }

    static String responsesArgsDone(String arguments, int seq) {
        return "event: response.function_call_arguments.done\ndata: {\"type\":\"response.function_call_arguments.done\","
                + "\"arguments\":" + quoted(arguments) + ",\"item_id\":\"fc_0fabc13af1ee0049\",\"output_index\":2,"
                + "\"sequence_number\":" + seq + "}\n\n";
    }

    static String responsesItemDone(String arguments, int seq) {
        return "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":{\"id\":"
                + "\"fc_0fabc13af1ee0049\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":"
                + quoted(arguments) + ",\"call_id\":\"call_LabG58Uhrq9kZvR52BYKjToD\",\"name\":\"write_file\"},"
                + "\"output_index\":2,\"sequence_number\":" + seq + "}\n\n";
    }

    static String responsesTextDelta(String delta, int seq) {
        return "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"content_index\":0,"
                + "\"delta\":" + quoted(delta) + ",\"item_id\":\"msg_0fabc13af1ee0049\",\"logprobs\":[],"
                + "\"obfuscation\":\"8G2ex\",\"output_index\":1,\"sequence_number\":" + seq + "}\n\n";
    }

    static String responsesCompleted(String text, String arguments, int seq) {
        return "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_0fabc\","
                + "\"object\":\"response\",\"status\":\"completed\",\"instructions\":\"Briefly narrate.\",\"output\":["
                + "{\"id\":\"msg_0fabc13af1ee0049\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":"
                + "\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + quoted(text) + "}],\"role\":\"assistant\"},"
                + "{\"id\":\"fc_0fabc13af1ee0049\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":"
                + quoted(arguments) + ",\"call_id\":\"call_LabG58Uhrq9kZvR52BYKjToD\",\"name\":\"write_file\"}],"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}},\"sequence_number\":" + seq + "}\n\n";
    }

    // ---- Anthropic Messages (anthropic-sse-tool-use-1.txt) --------------------------------------------------------

    static String anthropicToolStart(int index) {
        return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01NRLabsLyVHZPKxbKvkfSMn\",\"name\":"
                + "\"write_file\",\"caller\":{\"type\":\"direct\"},\"input\":{}}}\n\n";
    }

    static String anthropicJson(int index, String partialJson) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + quoted(partialJson) + "}}\n\n";
    }

    static String anthropicText(int index, String text) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + quoted(text) + "}}\n\n";
    }

    static String anthropicStop(int index) {
        return "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n\n";
    }

    static final String ANTHROPIC_PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n";

    /** A whole (not streamed) message: text, then a tool_use block with {@code input}. */
    static String anthropicMessage(String text, String inputJson) {
        return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\","
                + "\"content\":[{\"type\":\"text\",\"text\":" + quoted(text) + "},{\"type\":\"tool_use\",\"id\":"
                + "\"toolu_01\",\"name\":\"write_file\",\"input\":" + inputJson + "}],\"stop_reason\":\"tool_use\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
    }

    // ---- Gemini (gemini-sse-function-call-2.txt, gemini-sse-partial-args-1.txt) ------------------------------------

    static String geminiCall(String argsJson) {
        return "data: " + geminiResponse(argsJson) + "\r\n\r\n";
    }

    static String geminiResponse(String argsJson) {
        return "{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"write_env\",\"args\": "
                + argsJson + "}}],\"role\": \"model\"},\"finishReason\": \"STOP\"}],\"usageMetadata\": {"
                + "\"promptTokenCount\": 52,\"candidatesTokenCount\": 5,\"totalTokenCount\": 57},\"modelVersion\": "
                + "\"gemini-2.0-flash\",\"responseId\": \"1lpeaMTxIpW1nvgP-O3vwQY\"}";
    }

    static String geminiText(String text) {
        return "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": " + quoted(text) + "}],\"role\": "
                + "\"model\"},\"index\": 0}],\"modelVersion\": \"gemini-2.0-flash\"}\r\n\r\n";
    }

    static String geminiPartial(String jsonPath, String value, boolean willContinue) {
        return "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"partialArgs\":"
                + "[{\"jsonPath\":\"" + jsonPath + "\",\"stringValue\":" + quoted(value)
                + (willContinue ? ",\"willContinue\":true" : "") + "}],\"willContinue\":true}}]}}],\"usageMetadata\":"
                + "{\"trafficType\":\"ON_DEMAND\"},\"modelVersion\":\"gemini-3.1-pro-preview\",\"responseId\":"
                + "\"dqHOab6xGLzWodAPkPuViA4\"}\r\n\r\n";
    }

    static String geminiCallEnd() {
        return "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{}}]}}],"
                + "\"modelVersion\":\"gemini-3.1-pro-preview\"}\r\n\r\n";
    }
    // ---- Cohere v2 chat (docs.cohere.com, "Streaming responses") ----------------------------------------------------

    static String cohereText(String text) {
        return "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":"
                + "{\"text\":" + quoted(text) + "}}}}\n\n";
    }

    static String cohereToolStart(int index, String name) {
        return "event: tool-call-start\ndata: {\"type\":\"tool-call-start\",\"index\":" + index + ",\"delta\":{\"message\":"
                + "{\"tool_calls\":{\"id\":\"" + name + "_1\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                + "\",\"arguments\":\"\"}}}}}\n\n";
    }

    static String cohereArgs(int index, String arguments) {
        return "event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":" + index + ",\"delta\":{\"message\":"
                + "{\"tool_calls\":{\"function\":{\"arguments\":" + quoted(arguments) + "}}}}}\n\n";
    }

    static String cohereToolEnd(int index) {
        return "event: tool-call-end\ndata: {\"type\":\"tool-call-end\",\"index\":" + index + "}\n\n";
    }

    static final String COHERE_END = "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":"
            + "{\"finish_reason\":\"TOOL_CALL\"}}\n\n";

    static String cohereMessage(String text, String argumentsJson) {
        return "{\"id\":\"c-1\",\"finish_reason\":\"TOOL_CALL\",\"message\":{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"text\",\"text\":" + quoted(text) + "}],\"tool_plan\":\"I will write the file.\","
                + "\"tool_calls\":[{\"id\":\"write_file_1\",\"type\":\"function\",\"function\":{\"name\":\"write_file\","
                + "\"arguments\":" + quoted(argumentsJson) + "}}]}}";
    }

    // ---- Vercel AI SDK stream parts, as its AI Gateway sends them (SSE, one part per event) -----------------------

    static String aiSdkPart(String json) {
        return "data: " + json + "\n\n";
    }

    static String aiSdkText(String id, String delta) {
        return aiSdkPart("{\"type\":\"text-delta\",\"id\":\"" + id + "\",\"delta\":" + quoted(delta) + "}");
    }

    static String aiSdkInputDelta(String id, String delta) {
        return aiSdkPart("{\"type\":\"tool-input-delta\",\"id\":\"" + id + "\",\"delta\":" + quoted(delta) + "}");
    }

    static String aiSdkToolCall(String id, String name, String inputJson) {
        return aiSdkPart("{\"type\":\"tool-call\",\"toolCallId\":\"" + id + "\",\"toolName\":\"" + name
                + "\",\"input\":" + quoted(inputJson) + "}");
    }
}
