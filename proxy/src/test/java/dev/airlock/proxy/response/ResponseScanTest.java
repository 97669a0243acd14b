package dev.airlock.proxy.response;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.inspect.Hit;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading along what a model streams back: text joined across events, scanned in overlapping windows. */
class ResponseScanTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Redactor keyed = new Redactor(Credentials.randomKey());
    private final String token = Credentials.githubToken(RANDOM);

    List<Hit> scan(String type, String body, int pieceSize) {
        ResponseScan scan = ResponseScan.forResponse(DETECTOR, keyed, type, null, callId -> { });
        byte[] bytes = body.getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            scan.feed(bytes, i, Math.min(pieceSize, bytes.length - i));
            scan.scanIfDue();
        }
        return scan.finish();
    }

    static String chatEvent(String delta) {
        return "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"" + delta + "\"},\"finish_reason\":null}]}\n\n";
    }

    @Test
    void aCredentialSplitAcrossChatDeltasIsFoundOnceWhereverTheBytesBreak() {
        int cut = 11;
        String body = chatEvent("Here is the token: ") + chatEvent(token.substring(0, cut))
                + chatEvent(token.substring(cut)) + chatEvent(" as requested.") + "data: [DONE]\n\n";
        for (int piece : new int[] {1, 2, 7, 64, body.length()}) {
            List<Hit> hits = scan("text/event-stream; charset=utf-8", body, piece);
            assertThat(hits).as("pieces of %d bytes", piece).singleElement().satisfies(h -> {
                assertThat(h.ruleId()).isEqualTo("github-pat");
                assertThat(h.fingerprint()).isEqualTo(keyed.fingerprint(token));
                assertThat(h.length()).isEqualTo(token.length());
                assertThat(h.location()).startsWith("the response text");
            });
        }
    }

    @Test
    void everyProviderShapeIsRead() {
        String anthropic = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"key " + token + "\"}}\n\n";
        String responses = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                + "\"item_id\":\"msg_1\",\"delta\":\"key " + token + "\"}\n\n";
        String ollama = "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"key " + token
                + "\"},\"done\":false}\n{\"done\":true}\n";
        String json = "{\"id\":\"x\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"key " + token
                + "\"}}]}";
        String toolCall = chatEvent("") .replace("\"delta\":{\"content\":\"\"}", "\"delta\":{\"tool_calls\":[{"
                + "\"index\":0,\"function\":{\"arguments\":\"{\\\"env\\\":\\\"GITHUB_TOKEN=" + token + "\\\"}\"}}]}");
        assertThat(scan("text/event-stream", anthropic, 5)).extracting(Hit::ruleId).containsExactly("github-pat");
        assertThat(scan("text/event-stream", responses, 5)).extracting(Hit::ruleId).containsExactly("github-pat");
        assertThat(scan("application/x-ndjson", ollama, 5)).extracting(Hit::ruleId).containsExactly("github-pat");
        assertThat(scan("application/json", json, 5)).extracting(Hit::ruleId).containsExactly("github-pat");
        assertThat(scan("text/event-stream", toolCall, 5)).extracting(Hit::ruleId).contains("github-pat");
        // The model's visible reasoning repeats what it read: DeepSeek's reasoning_content, OpenRouter's reasoning.
        for (String field : List.of("reasoning_content", "reasoning")) {
            String reasoning = chatEvent("").replace("\"delta\":{\"content\":\"\"}",
                    "\"delta\":{\"" + field + "\":\"the user's key is " + token + "\"}");
            assertThat(scan("text/event-stream", reasoning, 5)).as(field).extracting(Hit::ruleId)
                    .containsExactly("github-pat");
        }
    }

    @Test
    void generatedCodeThatHardcodesACredentialIsFoundButPlaceholdersAndEnvReferencesAreNot() {
        String literal = Credentials.random(RANDOM, Credentials.BASE62, 32);
        String code = "const apiKey = \\\"" + literal + "\\\";\\nconst other = process.env.API_KEY;\\n"
                + "const redacted = \\\"[REDACTED:github-pat:3f9a1c2e]\\\";\\n";
        List<Hit> hits = scan("text/event-stream", chatEvent(code), 3);
        assertThat(hits).singleElement().satisfies(h -> assertThat(h.length()).isEqualTo(literal.length()));
        assertThat(scan("text/event-stream", chatEvent("const k = process.env.OPENAI_API_KEY;"), 3)).isEmpty();
    }

    @Test
    void aLongAnswerIsScannedInBoundedWindowsAndASecretOnAWindowEdgeIsFoundOnce() {
        StringBuilder body = new StringBuilder();
        String filler = "lorem ipsum dolor sit amet, ".repeat(20);
        int written = 0;
        while (written < ResponseScan.WINDOW - token.length() / 2) {
            body.append(chatEvent(filler));
            written += filler.length();
        }
        body.append(chatEvent(token));
        for (int i = 0; i < 20; i++) {
            body.append(chatEvent(filler));
        }
        assertThat(scan("text/event-stream", body.toString(), 1024)).extracting(Hit::ruleId)
                .containsExactly("github-pat");
    }

    @Test
    void bodiesThatAreNotTextAreNotRead() {
        assertThat(ResponseScan.forResponse(DETECTOR, keyed, "text/event-stream", "gzip", callId -> { })).isNull();
        assertThat(ResponseScan.forResponse(DETECTOR, keyed, "image/png", null, callId -> { })).isNull();
        assertThat(ResponseScan.forResponse(DETECTOR, keyed, null, null, callId -> { })).isNull();
        assertThat(ResponseScan.forResponse(DETECTOR, keyed, "application/json", "identity", callId -> { })).isNotNull();
    }

    @Test
    void aStreamsSecretPrintingCallsAreHandedOnByTheirCallIdWhereverTheBytesBreak() {
        String call = "{\"type\":\"function_call\",\"arguments\":\"{\\\"cmd\\\":\\\"op read op://P/db/password\\\"}\","
                + "\"call_id\":\"call_op\",\"name\":\"exec_command\"}";
        String body = "event: response.function_call_arguments.delta\ndata: {\"type\":"
                + "\"response.function_call_arguments.delta\",\"delta\":\"op read op://P/db/password\"}\n\n"
                + "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":" + call
                + "}\n\n" + "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":"
                + call.replace("op read op://P/db/password", "ls -la").replace("call_op", "call_ls") + "}\n\n";
        byte[] bytes = body.getBytes(UTF_8);
        for (int piece : new int[] {1, 7, bytes.length}) {
            List<String> made = new java.util.ArrayList<>();
            ResponseScan scan = ResponseScan.forResponse(DETECTOR, keyed, "text/event-stream", null, made::add);
            for (int i = 0; i < bytes.length; i += piece) {
                scan.feed(bytes, i, Math.min(piece, bytes.length - i));
            }
            scan.finish();
            assertThat(made).as("pieces of %d bytes", piece).containsExactly("call_op");
        }
    }
}
