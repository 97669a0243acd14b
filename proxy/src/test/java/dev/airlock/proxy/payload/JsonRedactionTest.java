package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.Confidence;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Redaction of well-formed bodies: what is found, what is rewritten, and that nothing else moves. */
class JsonRedactionTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Random random = new Random();
    private final Redactor redactor = new Redactor(Credentials.randomKey());
    private final JsonRedaction redaction = new JsonRedaction(DETECTOR, redactor);
    private final String token = Credentials.githubToken(random);
    private final String password = Credentials.password(random);

    /** JSON written with single quotes for readability; the tests never need a literal single quote. */
    private static String q(String json) {
        return json.replace('\'', '"');
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private String tokenPlaceholder() {
        return redactor.placeholder("github-pat", token);
    }

    private RedactionResult redact(String json) throws PayloadException {
        return redaction.redact(utf8(json));
    }

    @Test
    void secretInMessageContentIsReplacedAndEverythingElseKept() throws Exception {
        String in = q("{'model': 'gpt-x',\n 'messages': [{'role':'system','content':'be brief'},"
                + " {'role':'user','content':'my token is " + token + " thanks'}],\n 'temperature': 0.70}");

        RedactionResult r = redact(in);

        assertThat(r.changed()).isTrue();
        assertThat(text(r.body())).isEqualTo(in.replace(token, tokenPlaceholder()));
        assertThat(r.findings()).containsExactly(new JsonFinding("github-pat", Confidence.HIGH,
                "/messages/1/content", false, 12, 12 + token.length(), 2, 1, redactor.fingerprint(token), false, false));
        assertThat(r.findings().get(0).length()).isEqualTo(40);
        assertThat(r.hasUnredactable()).isFalse();
    }

    @Test
    void memberValuesAreJudgedWithTheirNames() throws Exception {
        // A tool result as an object (Gemini functionResponse.response): the value alone has no context.
        String in = q("{'functionResponse': {'name': 'read_config', 'response': {'db_password': '" + password
                + "', 'prompt_cache_key': '2442d30f-2543-48fc-8fd2-bf595e099655', 'note': '" + password + "'}}}");

        RedactionResult r = redact(in);

        String placeholder = redactor.placeholder("generic-password", password);
        assertThat(text(r.body())).isEqualTo(in.replaceFirst(java.util.regex.Pattern.quote(password), placeholder));
        assertThat(r.findings()).extracting(JsonFinding::ruleId, JsonFinding::pointer)
                .containsExactly(tuple("generic-password", "/functionResponse/response/db_password"));
    }

    @Test
    void theStringsOfAHeaderListAreJudgedWithTheHeadersName() throws Exception {
        // Go's http.Header as JSON: every header's value is a list. A list inside a list has no name, and other
        // lists are not values of their member's name (a test runner's passed tests).
        String apiKey = Credentials.random(new Random(5), Credentials.BASE62, 30) + "7";
        String in = q("{'headers': {'X-Api-Key': ['" + apiKey + "'], 'Accept': ['" + apiKey + "']},"
                + " 'rows': [['api_key', '" + apiKey + "']], 'pass': ['test_login_flow', '" + password + "']}");

        RedactionResult r = redact(in);

        assertThat(r.findings()).extracting(JsonFinding::ruleId, JsonFinding::pointer)
                .containsExactly(tuple("generic-secret", "/headers/X-Api-Key/0"));
    }

    @Test
    void aValueIsJudgedWithTheNameItsObjectGaveIt() throws Exception {
        // A container's environment or a list of parameters as a tool's structured input.
        String in = q("{'input': {'env': [{'name': 'DB_PASSWORD', 'value': '" + password + "'},"
                + " {'name': 'REGION', 'value': '" + password + "'}, {'value': '" + password + "'}]}}");

        RedactionResult r = redact(in);

        assertThat(r.findings()).extracting(JsonFinding::ruleId, JsonFinding::pointer)
                .containsExactly(tuple("generic-password", "/input/env/0/value"));

        // Terraform's outputs and CloudFormation's parameters.
        RedactionResult outputs = redact(q("{'db_password': {'sensitive': true, 'value': '" + password + "'},"
                + " 'region': {'value': '" + password + "'}, 'Parameters': [{'ParameterKey': 'DBPassword',"
                + " 'ParameterValue': '" + password + "'}]}"));
        assertThat(outputs.findings()).extracting(JsonFinding::pointer)
                .containsExactly("/db_password/value", "/Parameters/0/ParameterValue");

        // A password manager's item as its CLI prints it (op item get --format json): the label names the field.
        RedactionResult item = redact(q("{'fields': [{'id': 'username', 'type': 'STRING', 'label': 'username',"
                + " 'value': 'deploy'}, {'id': 'password', 'type': 'CONCEALED', 'label': 'password', 'value': '"
                + password + "'}, {'id': 'notes', 'label': 'notes', 'value': '" + password + "'}]}"));
        assertThat(item.findings()).extracting(JsonFinding::pointer).containsExactly("/fields/1/value");
    }

    @Test
    void aPairedNameIsHeldUpTo256Characters() throws Exception {
        String near = "a".repeat(244) + "_DB_PASSWORD"; // 256 characters
        String far = "a".repeat(245) + "_DB_PASSWORD";
        RedactionResult r = redact(q("{'env': [{'name': '" + near + "', 'value': '" + password + "'},"
                + " {'name': '" + far + "', 'value': '" + password + "'}]}"));
        assertThat(r.findings()).extracting(JsonFinding::pointer).containsExactly("/env/0/value");
    }

    @Test
    void aTokenAloneInAnAuthorizationMemberIsFound() throws Exception {
        String bare = Credentials.issued(Credentials.random(random, Credentials.BASE62, 22) + "7q"); // a digit: not a word
        String in = q("{'arguments': {'url': 'https://api.example.com', 'headers': {'Authorization': '" + bare
                + "', 'Accept': '" + bare + "'}}}");

        RedactionResult r = redact(in);

        assertThat(r.findings()).extracting(JsonFinding::ruleId, JsonFinding::pointer)
                .containsExactly(tuple("authorization-scheme", "/arguments/headers/Authorization"));
        assertThat(text(r.body())).doesNotContain("'Authorization': '" + bare);
    }

    @Test
    void cleanBodyIsReturnedAsTheSameArray() throws Exception {
        byte[] in = utf8(q("{'messages':[{'role':'user','content':'hello \\n world \\u00e9'}], 'n': 1e3}"));

        RedactionResult r = redaction.redact(in);

        assertThat(r.changed()).isFalse();
        assertThat(r.body()).isSameAs(in);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void secretInAKeyIsRedactedAndNeverShownInPointers() throws Exception {
        String in = q("{'env': {'" + token + "': 'DB_PASSWORD=" + password + "', 'other': 1}}");

        RedactionResult r = redact(in);

        String keyPlaceholder = tokenPlaceholder();
        assertThat(text(r.body())).isEqualTo(in.replace(token, keyPlaceholder)
                .replace(password, redactor.placeholder("generic-password", password)));
        assertThat(r.findings()).extracting(JsonFinding::ruleId, JsonFinding::pointer, JsonFinding::inKey)
                .containsExactly(
                        tuple("github-pat", "/env", true),
                        tuple("generic-password", "/env/" + keyPlaceholder, false));
        assertThat(r.findings().toString()).doesNotContain(token).doesNotContain(password);
    }

    @Test
    void secretInToolCallArgumentsKeepsBothDocumentsValid() throws Exception {
        String arguments = q("{'path':'.env','content':'A=1\\nDB_PASSWORD=" + password + "\\nB=2'}");
        String in = MAPPER.writeValueAsString(MAPPER.createObjectNode().set("tool_calls", MAPPER.createArrayNode()
                .add(MAPPER.createObjectNode().put("id", "call_1").set("function", MAPPER.createObjectNode()
                        .put("name", "write_file").put("arguments", arguments)))));

        RedactionResult r = redact(in);

        JsonNode out = MAPPER.readTree(r.body());
        String newArguments = out.at("/tool_calls/0/function/arguments").asText();
        JsonNode inner = MAPPER.readTree(newArguments);
        assertThat(inner.get("content").asText())
                .isEqualTo("A=1\nDB_PASSWORD=" + redactor.placeholder("generic-password", password) + "\nB=2");
        assertThat(text(r.body())).doesNotContain(password);
        assertThat(r.findings()).singleElement()
                .returns("/tool_calls/0/function/arguments", JsonFinding::pointer);
    }

    @Test
    void secretRightAfterAnEscapedNewlineIsFoundAndTheEscapesKept() throws Exception {
        String in = q("{'content':'FOO=bar\\n" + token + "\\nBAZ=1\\tx'}");

        RedactionResult r = redact(in);

        assertThat(text(r.body())).isEqualTo(q("{'content':'FOO=bar\\n" + tokenPlaceholder() + "\\nBAZ=1\\tx'}"));
        assertThat(r.findings()).singleElement().returns(8, JsonFinding::start);
    }

    @Test
    void secretWrittenWithUnicodeEscapesIsReplacedEscapesAndAll() throws Exception {
        String escaped = "\\u0067\\u0068\\u0070\\u005f" + token.substring(4);
        String in = q("{'content':'x \\u0041\\/ " + escaped + " \\u00e9'}");

        RedactionResult r = redact(in);

        assertThat(text(r.body())).isEqualTo(q("{'content':'x \\u0041\\/ " + tokenPlaceholder() + " \\u00e9'}"));
        assertThat(r.findings()).singleElement().returns(5, JsonFinding::start).returns(45, JsonFinding::end);
    }

    @Test
    void surrogatePairsNextToTheSecretSurvive() throws Exception {
        String in = q("{'content':'\uD83D\uDE00" + token + "\\ud83d\\ude00 \uD83D\uDC4D\\uD83C\\uDFFD'}");

        RedactionResult r = redact(in);

        assertThat(text(r.body())).isEqualTo(in.replace(token, tokenPlaceholder()));
        assertThat(r.findings()).singleElement().returns(2, JsonFinding::start).returns(42, JsonFinding::end);
        assertThat(MAPPER.readTree(r.body()).get("content").asText())
                .isEqualTo("\uD83D\uDE00" + tokenPlaceholder() + "\uD83D\uDE00 \uD83D\uDC4D\uD83C\uDFFD");
    }

    @Test
    void everyValueOfADuplicateKeyIsScanned() throws Exception {
        String second = Credentials.githubToken(random);
        String in = q("{'k':'" + token + "','k':'" + second + "','k':'clean'}");

        RedactionResult r = redact(in);

        assertThat(text(r.body())).isEqualTo(q("{'k':'" + tokenPlaceholder() + "','k':'"
                + redactor.placeholder("github-pat", second) + "','k':'clean'}"));
        assertThat(r.findings()).extracting(JsonFinding::pointer).containsExactly("/k", "/k");
    }

    @Test
    void bytesOutsideTheSecretAreIdentical() throws Exception {
        String in = "\r\n  {\t\"z\" :[ 1.0e+2 ,-0, 0.000 , 123456789012345678901234567890, true,null ] ,"
                + "\"a\\/b\": \"\\u00E9t\\u00e9 \\\" \\\\ " + token + " \\b\\f\"  ,\"z\":{} }\n ";

        RedactionResult r = redact(in);

        assertThat(text(r.body())).isEqualTo(in.replace(token, tokenPlaceholder()));
        assertThat(r.findings()).singleElement().returns("/a~1b", JsonFinding::pointer).returns(2, JsonFinding::line);
    }

    @Test
    void rootStringAndEscapedPointerSegments() throws Exception {
        assertThat(redact(q("'" + token + "'")).findings()).singleElement().returns("", JsonFinding::pointer);
        assertThat(redact(q("{'a/b':{'m~n':[0, '" + token + "']}}")).findings()).singleElement()
                .returns("/a~1b/m~0n/1", JsonFinding::pointer);
    }

    @Test
    void redactingTheOutputAgainChangesNothing() throws Exception {
        RedactionResult first = redact(q("{'a':'" + token + "','b':['DB_PASSWORD=" + password + "']}"));

        RedactionResult second = redaction.redact(first.body());

        assertThat(second.changed()).isFalse();
        assertThat(second.body()).isSameAs(first.body());
        assertThat(second.findings()).isEmpty();
    }

    @Test
    void secretInASignedThinkingBlockIsReportedUnredactable() throws Exception {
        JsonRedaction guarded = new JsonRedaction(DETECTOR, redactor, JsonLimits.DEFAULT,
                ProtectedLeaves.SIGNED_REASONING);
        String in = q("{'messages':[{'role':'assistant','content':["
                + "{'thinking':'the user pasted " + token + " earlier','signature':'EqQBCkgIARABGAIiQ',"
                + "'type':'thinking'},"
                + "{'type':'text','text':'DB_PASSWORD=" + password + "'}]}]}");

        RedactionResult r = guarded.redact(utf8(in));

        assertThat(r.hasUnredactable()).isTrue();
        assertThat(r.findings()).extracting(JsonFinding::pointer, JsonFinding::unredactable).containsExactly(
                tuple("/messages/0/content/0/thinking", true),
                tuple("/messages/0/content/1/text", false));
        assertThat(text(r.body())).contains(token)
                .isEqualTo(in.replace(password, redactor.placeholder("generic-password", password)));
    }

    @Test
    void protectionHookSeesTheLeafAndItsObjectType() throws Exception {
        List<LeafLocation> seen = new ArrayList<>();
        JsonRedaction recording = new JsonRedaction(DETECTOR, redactor, JsonLimits.DEFAULT, leaf -> {
            seen.add(leaf);
            return true;
        });
        String in = q("{'input':[{'type':'reasoning','encrypted_content':'" + token + "'},['" + token + "'],"
                + "{'" + token + "':1}]}");

        RedactionResult r = recording.redact(utf8(in));

        assertThat(r.changed()).isFalse();
        assertThat(r.body()).isEqualTo(utf8(in));
        assertThat(seen).containsExactly(
                new LeafLocation("/input/0/encrypted_content", "encrypted_content", false, "reasoning"),
                new LeafLocation("/input/1/0", null, false, null),
                new LeafLocation("/input/2", null, true, null));
        assertThat(ProtectedLeaves.SIGNED_REASONING.isProtected(seen.get(0))).isTrue();
        assertThat(ProtectedLeaves.SIGNED_REASONING.isProtected(
                new LeafLocation("/x/data", "data", false, "redacted_thinking"))).isTrue();
        assertThat(ProtectedLeaves.SIGNED_REASONING.isProtected(
                new LeafLocation("/x/text", "text", false, "text"))).isFalse();
    }

    @Test
    void theProtectionHookNeverSeesASecret() throws Exception {
        List<LeafLocation> seen = new ArrayList<>();
        JsonRedaction recording = new JsonRedaction(DETECTOR, redactor, JsonLimits.DEFAULT, leaf -> {
            seen.add(leaf);
            return false;
        });

        recording.redact(utf8(q("{'x':'" + token + "','type':'" + token + "','" + token + "':'" + token + "'}")));

        String shown = tokenPlaceholder();
        assertThat(seen).containsExactly(
                new LeafLocation("/x", "x", false, shown),
                new LeafLocation("/type", "type", false, shown),
                new LeafLocation("", null, true, shown),
                new LeafLocation("/" + shown, shown, false, shown));
    }

    @Test
    void widenedFindingsNeverSplitASurrogatePair() {
        String text = "a\uD83D\uDE00bc";

        assertThat(LeafRewriter.widen(text, List.of(new Finding("r", 2, 3, Confidence.LOW))))
                .containsExactly(new Finding("r", 1, 3, Confidence.LOW));
        assertThat(LeafRewriter.widen(text, List.of(new Finding("r", 0, 2, Confidence.LOW))))
                .containsExactly(new Finding("r", 0, 3, Confidence.LOW));
        // Widened neighbours that would overlap are merged, named after the first.
        assertThat(LeafRewriter.widen(text, List.of(
                new Finding("r", 0, 2, Confidence.LOW), new Finding("s", 2, 4, Confidence.HIGH))))
                .containsExactly(new Finding("r", 0, 4, Confidence.LOW));
    }

    @Test
    void placeholderBytesAreAlwaysValidStringContent() {
        assertThat(text(LeafRewriter.jsonStringBytes("[REDACTED:a-b:0123abcd]"))).isEqualTo("[REDACTED:a-b:0123abcd]");
        assertThat(text(LeafRewriter.jsonStringBytes("q\"b\\c\n\u0001é"))).isEqualTo("q\\\"b\\\\c\\n\\u0001é");
    }
}
