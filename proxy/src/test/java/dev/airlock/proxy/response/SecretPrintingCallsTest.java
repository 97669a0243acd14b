package dev.airlock.proxy.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's calls whose command prints a secret, read from each shape a Responses answer gives them. */
class SecretPrintingCallsTest {

    private final List<String> made = new ArrayList<>();
    private final SecretPrintingCalls calls = new SecretPrintingCalls(Detector.builtIn(), made::add);

    private void read(String json) {
        byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        calls.read(bytes, 2, bytes.length - 4);
    }

    private static String done(String item) {
        return "{\"type\":\"response.output_item.done\",\"item\":" + item + ",\"output_index\":0,\"sequence_number\":4}";
    }

    @Test
    void aFinishedCallThatPrintsASecretIsNotedByItsCallId() {
        read(done("{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":"
                + "\"{\\\"cmd\\\":\\\"op read op://Private/db/password\\\"}\",\"call_id\":\"call_op\",\"name\":"
                + "\"exec_command\"}"));
        read(done("{\"type\":\"local_shell_call\",\"call_id\":\"call_env\",\"action\":{\"type\":\"exec\",\"command\":"
                + "[\"bash\",\"-lc\",\"printenv DB_PASSWORD\"]}}"));
        read(done("{\"type\":\"local_shell_call\",\"call_id\":\"call_argv\",\"action\":{\"type\":\"exec\",\"command\":"
                + "[\"gh\",\"auth\",\"token\"]}}"));
        read(done("{\"type\":\"custom_tool_call\",\"call_id\":\"call_custom\",\"name\":\"shell\",\"input\":"
                + "\"echo $DB_PASSWORD\"}"));
        assertThat(made).containsExactly("call_op", "call_env", "call_argv", "call_custom");
    }

    @Test
    void theCompletedResponseAndAWholeJsonAnswerNameTheirCallsToo() {
        String call = "{\"type\":\"function_call\",\"arguments\":\"{\\\"command\\\":\\\"gh auth token\\\"}\","
                + "\"call_id\":\"call_gh\",\"name\":\"shell\"}";
        read("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"output\":[" + call + "]}}");
        read("{\"id\":\"resp_2\",\"object\":\"response\",\"output\":[{\"type\":\"message\",\"content\":[]}," + call
                + "]}");
        assertThat(made).containsExactly("call_gh", "call_gh");
    }

    @Test
    void otherCallsDeltasAndBrokenPayloadsNoteNothing() {
        read(done("{\"type\":\"function_call\",\"arguments\":\"{\\\"cmd\\\":\\\"ls -la\\\"}\",\"call_id\":\"call_ls\"}"));
        read(done("{\"type\":\"message\",\"call_id\":\"call_x\",\"content\":\"op read op://Private/db/password\"}"));
        read("{\"type\":\"response.function_call_arguments.delta\",\"delta\":\"op read op://Private/db/password\","
                + "\"item_id\":\"fc_1\"}");
        read("{\"type\":\"response.output_item.done\",\"item\":{\"call_id\":\"call_cut\",\"arguments\":\"op read");
        read(done("{\"type\":\"function_call\",\"arguments\":\"{\\\"cmd\\\":\\\"op read op://P/db/password\\\"}\"}"));
        assertThat(made).isEmpty();
    }
}
