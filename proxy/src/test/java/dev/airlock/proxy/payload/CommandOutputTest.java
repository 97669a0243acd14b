package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tool call whose command prints a secret ({@code op read …}, {@code kubectl get secret … | base64 -d},
 * {@code echo $DB_PASSWORD}) makes its result a secret with no name of its own: the value is redacted in each
 * provider's shape, the same whether the body is read whole or from a checkpoint, and a result after any other
 * command is left alone.
 */
class CommandOutputTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private final Random random = new Random(11);
    private final String password = Credentials.random(random, "abcdefghijkmnopqrstuvwxyz", 7)
            + Credentials.random(random, "23456789", 2) + "Q";

    private static RedactionResult redact(String json) throws PayloadException {
        return new JsonRedaction(DETECTOR, new Redactor(Credentials.randomKey()))
                .redact(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String out(RedactionResult r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theResultOfACommandThatPrintsASecretIsRedactedInEveryShape() throws PayloadException {
        List<String> bodies = List.of(
                // Anthropic: tool_use input, then tool_result content (a string, then text blocks).
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":"
                        + "\"Bash\",\"input\":{\"command\":\"op read op://Private/db/password\",\"description\":\"Read "
                        + "it\"}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                        + "\"content\":\"" + password + "\\n\"}]}]}",
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":"
                        + "\"Bash\",\"input\":{\"command\":\"echo $DB_PASSWORD\"}}]},{\"role\":\"user\",\"content\":[{"
                        + "\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":[{\"type\":\"text\",\"text\":\""
                        + password + "\"}]}]}]}",
                // OpenAI chat: the command inside the arguments' JSON text, then the tool message.
                "{\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":"
                        + "\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":\\\"kubectl get "
                        + "secret db -o jsonpath={.data.password} | base64 -d\\\"}\"}}]},{\"role\":\"tool\","
                        + "\"tool_call_id\":\"c1\",\"content\":\"" + password + "\"}]}",
                // Responses: a shell call's argument vector, then its output.
                "{\"input\":[{\"type\":\"local_shell_call\",\"call_id\":\"c1\",\"action\":{\"type\":\"exec\",\"command\":"
                        + "[\"bash\",\"-lc\",\"aws configure get aws_secret_access_key\"]}},{\"type\":"
                        + "\"local_shell_call_output\",\"call_id\":\"c1\",\"output\":\"" + password + "\\n\"}]}",
                // Codex: a shell function call, then its report with the output below a label.
                "{\"input\":[{\"type\":\"function_call\",\"name\":\"shell\",\"call_id\":\"c2\",\"arguments\":"
                        + "\"{\\\"command\\\":[\\\"bash\\\",\\\"-lc\\\",\\\"op read op://Private/db/password\\\"],"
                        + "\\\"workdir\\\":\\\"/src\\\"}\"},{\"type\":\"function_call_output\",\"call_id\":\"c2\","
                        + "\"output\":\"Exit code: 0\\nWall time: 0.8 seconds\\nOutput:\\n" + password + "\\n\"}]}",
                // Gemini CLI: the shell tool's call, then its report as the function's response.
                "{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"run_shell_command\","
                        + "\"args\":{\"command\":\"printenv DB_PASSWORD\"}}}]},{\"role\":\"user\",\"parts\":[{"
                        + "\"functionResponse\":{\"name\":\"run_shell_command\",\"response\":{\"output\":\"Command: "
                        + "printenv DB_PASSWORD\\nDirectory: (root)\\nOutput: " + password + "\\nError: (none)\\n"
                        + "Exit Code: 0\\nSignal: (none)\"}}}]}]}",
                // The model's own words after its call (content written after tool_calls, a text block after
                // tool_use) are not the call's result: the tool's message is.
                "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c3\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":\\\"printenv "
                        + "DB_PASSWORD\\\"}\"}}],\"content\":\"Reading it now.\"},{\"role\":\"tool\",\"tool_call_id\":"
                        + "\"c3\",\"content\":\"" + password + "\"}]}",
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_2\","
                        + "\"name\":\"Bash\",\"input\":{\"command\":\"gh auth token\"}},{\"type\":\"text\",\"text\":"
                        + "\"Let me check.\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                        + "\"tool_use_id\":\"toolu_2\",\"content\":\"" + password + "\"}]}]}",
                // Claude Code's bash mode: the user's own command, then its output, as two texts of one message...
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<bash-input>gh auth "
                        + "token</bash-input>\"},{\"type\":\"text\",\"text\":\"<bash-stdout>" + password
                        + "</bash-stdout><bash-stderr></bash-stderr>\"}]}]}",
                // ... or as two messages.
                "{\"messages\":[{\"role\":\"user\",\"content\":\"<bash-input>echo $DB_PASSWORD</bash-input>\"},"
                        + "{\"role\":\"user\",\"content\":\"<bash-stdout>" + password + "\\n</bash-stdout>"
                        + "<bash-stderr></bash-stderr>\"}]}");
        for (String body : bodies) {
            RedactionResult r = redact(body);
            assertThat(out(r)).as(body).doesNotContain(password).contains("[REDACTED:credential-next-line:");
            assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("credential-next-line"));
        }
    }

    @Test
    void otherCommandsResultsAndLongerOutputsAreLeftAlone() throws PayloadException {
        for (String body : List.of(
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\","
                        + "\"input\":{\"command\":\"git rev-parse --abbrev-ref HEAD\"}}]},{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"" + password + "\"}]}]}",
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\","
                        + "\"input\":{\"command\":\"op read op://Private/db/password\"}}]},{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"[ERROR] item not found in "
                        + "vault Private\"}]}]}",
                // A command with no result in this body: the root array ends, and a later text is not its output.
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\","
                        + "\"input\":{\"command\":\"op read op://Private/db/password\"}}]}],\"system\":[{\"type\":"
                        + "\"text\",\"text\":\"" + password + "\"}]}",
                // Bash mode with a command that prints no secret.
                "{\"messages\":[{\"role\":\"user\",\"content\":\"<bash-input>git branch --show-current</bash-input>\"},"
                        + "{\"role\":\"user\",\"content\":\"<bash-stdout>" + password + "</bash-stdout>"
                        + "<bash-stderr></bash-stderr>\"}]}")) {
            RedactionResult r = redact(body);
            assertThat(r.findings()).as(body).isEmpty();
            assertThat(out(r)).isEqualTo(body);
        }
    }

    /**
     * Parallel calls: an agent runs a harmless command and one that prints a secret at once, and the results come back
     * in either order. Each result is paired with its call by id, so the harmless one's output (here a branch name
     * as random as a password) is left alone and the secret is found, whichever is first; Codex names a function
     * call's {@code call_id} after its arguments.
     */
    @Test
    void parallelCallsArePairedWithTheirResultsById() throws PayloadException {
        String branch = Credentials.random(random, "abcdefghijkmnopqrstuvwxyz", 6) + Credentials.random(random,
                "23456789", 3) + "Z";
        for (boolean secretFirst : new boolean[] {true, false}) {
            String anthropicResults = secretFirst
                    ? toolResult("toolu_b", password) + "," + toolResult("toolu_a", branch)
                    : toolResult("toolu_a", branch) + "," + toolResult("toolu_b", password);
            String chatResults = secretFirst
                    ? toolMessage("cb", password) + "," + toolMessage("ca", branch)
                    : toolMessage("ca", branch) + "," + toolMessage("cb", password);
            String codexResults = secretFirst
                    ? callOutput("call_b", password) + "," + callOutput("call_a", branch)
                    : callOutput("call_a", branch) + "," + callOutput("call_b", password);
            for (String body : List.of(
                    "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_a\","
                            + "\"name\":\"Bash\",\"input\":{\"command\":\"git branch --show-current\"}},{\"type\":"
                            + "\"tool_use\",\"id\":\"toolu_b\",\"name\":\"Bash\",\"input\":{\"command\":\"op read "
                            + "op://Private/db/password\"}}]},{\"role\":\"user\",\"content\":[" + anthropicResults + "]}]}",
                    "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"ca\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":\\\"git branch "
                            + "--show-current\\\"}\"}},{\"id\":\"cb\",\"type\":\"function\",\"function\":{\"name\":"
                            + "\"shell\",\"arguments\":\"{\\\"command\\\":\\\"printenv DB_PASSWORD\\\"}\"}}]},"
                            + chatResults + "]}",
                    "{\"input\":[{\"type\":\"function_call\",\"id\":\"fc_a\",\"name\":\"shell\",\"arguments\":"
                            + "\"{\\\"command\\\":[\\\"git\\\",\\\"branch\\\",\\\"--show-current\\\"]}\","
                            + "\"call_id\":\"call_a\"},{\"type\":\"function_call\",\"id\":\"fc_b\",\"name\":\"shell\","
                            + "\"arguments\":\"{\\\"command\\\":[\\\"op\\\",\\\"read\\\",\\\"op://Private/db/"
                            + "password\\\"]}\",\"call_id\":\"call_b\"}," + codexResults + "]}")) {
                RedactionResult r = redact(body);
                assertThat(r.findings()).as(body).singleElement()
                        .satisfies(f -> assertThat(f.ruleId()).isEqualTo("credential-next-line"));
                assertThat(out(r)).as(body).doesNotContain(password).contains("\"" + branch + "\"");
            }
        }
    }

    /**
     * Pending calls are bounded: of seventeen secret printers run at once only sixteen are remembered, so the result
     * of the last (answered first here, by its id) is not judged, and every other one is.
     */
    @Test
    void moreSecretPrintersAtOnceThanAreRememberedLeaveTheExtraOneUnjudged() throws PayloadException {
        StringBuilder calls = new StringBuilder();
        StringBuilder results = new StringBuilder();
        for (int i = 0; i <= PendingCalls.MAX; i++) {
            calls.append(i == 0 ? "" : ",").append("{\"type\":\"tool_use\",\"id\":\"t").append(i)
                    .append("\",\"name\":\"Bash\",\"input\":{\"command\":\"op read op://Private/db").append(i)
                    .append("/password\"}}");
        }
        for (int i = PendingCalls.MAX; i >= 0; i--) {
            results.append(i == PendingCalls.MAX ? "" : ",").append(toolResult("t" + i, password + i));
        }
        String body = "{\"messages\":[{\"role\":\"assistant\",\"content\":[" + calls + "]},{\"role\":\"user\","
                + "\"content\":[" + results + "]}]}";
        RedactionResult r = redact(body);
        assertThat(r.findings()).hasSize(PendingCalls.MAX)
                .allSatisfy(f -> assertThat(f.ruleId()).isEqualTo("credential-next-line"));
        assertThat(out(r)).contains("\"" + password + PendingCalls.MAX + "\"").doesNotContain("\"" + password + "0\"");
    }

    /** Keys in sorted order put a result's text before its id: such results are paired with the calls by order. */
    @Test
    void aResultWhoseIdComesAfterItsTextIsPairedByOrder() throws PayloadException {
        String body = "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":"
                + "\"{\\\"command\\\":\\\"printenv DB_PASSWORD\\\"}\",\"name\":\"shell\"},\"id\":\"c1\","
                + "\"type\":\"function\"}]},{\"content\":\"" + password + "\",\"role\":\"tool\",\"tool_call_id\":"
                + "\"c1\"}]}";
        RedactionResult r = redact(body);
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("credential-next-line"));
        assertThat(out(r)).doesNotContain(password);
    }

    private static String toolResult(String id, String content) {
        return "{\"type\":\"tool_result\",\"tool_use_id\":\"" + id + "\",\"content\":\"" + content + "\"}";
    }

    private static String toolMessage(String id, String content) {
        return "{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":\"" + content + "\"}";
    }

    private static String callOutput(String id, String output) {
        return "{\"type\":\"function_call_output\",\"call_id\":\"" + id + "\",\"output\":\"" + output + "\"}";
    }

    /** A checkpoint between the call and its result carries the pending command: resumed reads judge as whole ones. */
    @Test
    void aCheckpointBetweenTheCallAndItsResultKeepsItPending() throws PayloadException {
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 65_536, 0);
        byte[] key = Credentials.randomKey();
        JsonRedaction warm = new JsonRedaction(DETECTOR, new Redactor(key), JsonLimits.DEFAULT,
                ProtectedLeaves.SIGNED_REASONING, prefixes);
        List<String> messages = new ArrayList<>();
        for (int turn = 0; turn < 6; turn++) {
            messages.add("{\"role\":\"user\",\"content\":\"" + "please look again ".repeat(20) + turn + "\"}");
            messages.add("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t" + turn + "\",\"name\":"
                    + "\"Bash\",\"input\":{\"command\":\"op read op://Private/db/password\"}}]}");
            String body = "{\"model\":\"m\",\"messages\":[" + String.join(",", messages) + "]}";
            warm.redact(body.getBytes(StandardCharsets.UTF_8)); // the turn ends with the call; the result comes next
            messages.add("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t" + turn
                    + "\",\"content\":\"" + password + turn + "\"}]}");
            byte[] withResult = ("{\"model\":\"m\",\"messages\":[" + String.join(",", messages) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            RedactionResult resumed = warm.redact(withResult);
            RedactionResult whole = new JsonRedaction(DETECTOR, new Redactor(key), JsonLimits.DEFAULT,
                    ProtectedLeaves.SIGNED_REASONING, null).redact(withResult);
            assertThat(resumed.findings()).as("turn %d", turn).isEqualTo(whole.findings()).hasSize(turn + 1);
            assertThat(resumed.body()).isEqualTo(whole.body());
        }
        assertThat(prefixes.resumes()).as("read from checkpoints").isPositive();
    }

    /** A Responses request that continues an earlier answer: only the call's output, under its call id. */
    private String continuation(String callId) {
        return "{\"model\":\"gpt-5\",\"previous_response_id\":\"resp_1\",\"input\":[{\"type\":"
                + "\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"Chunk ID: 62f4fa\\n"
                + "Wall time: 0.0000 seconds\\nProcess exited with code 0\\nOriginal token count: 3\\nOutput:\\n"
                + password + "\\n\"}],\"stream\":true}";
    }

    @Test
    void aResultWhoseCallCameInAnEarlierAnswerIsPairedByItsIdForThatClientOnly() throws PayloadException {
        JsonRedaction json = new JsonRedaction(DETECTOR, new Redactor(Credentials.randomKey()));
        byte[] body = continuation("call_op").getBytes(StandardCharsets.UTF_8);
        assertThat(out(json.redactFindings(body, (rule, fp) -> true, "client-a"))).as("no call noted yet")
                .contains(password);

        json.earlierCalls().made("client-a", "call_op");
        RedactionResult paired = json.redactFindings(body, (rule, fp) -> true, "client-a");
        assertThat(out(paired)).doesNotContain(password).contains("[REDACTED:");
        assertThat(out(json.redactFindings(body, (rule, fp) -> true, "client-b"))).as("another client's call")
                .contains(password);
        assertThat(out(json.redactFindings(continuation("call_ls").getBytes(StandardCharsets.UTF_8),
                (rule, fp) -> true, "client-a"))).as("the output of another call").contains(password);
        // Earlier calls pair by id only: a result naming no call is not theirs.
        String anonymous = "{\"messages\":[{\"role\":\"tool\",\"content\":\"" + password + "\"}]}";
        assertThat(out(json.redactFindings(anonymous.getBytes(StandardCharsets.UTF_8), (rule, fp) -> true,
                "client-a"))).contains(password);
    }
}
