package dev.airlock.proxy.response;

import static dev.airlock.proxy.response.Restoring.dataOf;
import static dev.airlock.proxy.response.Restoring.joined;
import static dev.airlock.proxy.response.Restoring.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.config.Restore;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code response.action: redact} on bodies fed piece by piece, as the relay feeds them: a credential the model writes
 * leaves as its placeholder wherever the provider cut it, every event stays valid JSON, and events with nothing
 * pending go out at once, byte for byte.
 */
class RedactStreamTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Redactor keyed = new Redactor(Credentials.randomKey());
    private final ResponseRedaction redaction = new ResponseRedaction(DETECTOR, keyed);
    private final String token = Credentials.githubToken(RANDOM);
    private final List<String> redacted = new ArrayList<>();

    private BodyRewrite stream(String contentType) {
        BodyRewrite s = redaction.forResponse(contentType, (rule, fp) -> redacted.add(rule));
        assertThat(s).isNotNull();
        return s;
    }

    /** Each piece through the stage; what the client has after each piece, and after the end. */
    private List<String> run(String contentType, List<String> pieces) {
        BodyRewrite s = stream(contentType);
        List<String> out = new ArrayList<>();
        for (String piece : pieces) {
            out.add(new String(s.feed(piece.getBytes(UTF_8)), UTF_8));
        }
        out.add(new String(s.finish(), UTF_8));
        return out;
    }

    private static String text(List<JsonNode> events) {
        return joined(events, e -> e.path("choices").path(0).path("delta").path("content"));
    }

    @Test
    void aTokenSplitAcrossTwoChatDeltasLeavesAsItsPlaceholderWhereverItIsCut() {
        String placeholder = keyed.placeholder("github-pat", token);
        for (int cut = 1; cut < token.length(); cut++) {
            List<String> out = run("text/event-stream", List.of(
                    ProviderEvents.chatText("Here it is: " + token.substring(0, cut)),
                    ProviderEvents.chatText(token.substring(cut) + " for the deploy."),
                    ProviderEvents.chatFinish(), ProviderEvents.DONE));
            String body = String.join("", out);
            assertThat(body).as("cut at %d", cut).doesNotContain(token.substring(Math.min(cut, 4)));
            assertThat(text(dataOf(body))).as("cut at %d", cut)
                    .isEqualTo("Here it is: " + placeholder + " for the deploy.");
            assertThat(out.get(0)).as("the first event goes out before the second exists").contains("Here it is: ");
        }
        assertThat(redacted).containsOnly("github-pat").hasSize(token.length() - 1);
    }

    /**
     * An event between the two pieces of a token (an empty or content-filter chunk, a citation, another call's
     * delta) passes while the first piece stays held: the token still leaves as its placeholder, wherever it is cut.
     */
    @Test
    void aTokenSplitAroundAnotherEventLeavesAsItsPlaceholder() {
        String placeholder = keyed.placeholder("github-pat", token);
        String emptyChunk = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"content_filter_results\":{}}]}\n\n";
        String citation = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"web_search_result_location\",\"url\":"
                + "\"https://example.com\",\"cited_text\":\"docs\"}}}\n\n";
        // From 4 on: a start of letters only (g, gh, ghp) is held for one event only, here the one between.
        for (int cut = 4; cut < token.length(); cut += 3) {
            String chat = String.join("", run("text/event-stream", List.of(
                    ProviderEvents.chatText("my token is " + token.substring(0, cut)), emptyChunk,
                    ProviderEvents.chatText(token.substring(cut) + " ok"), ProviderEvents.chatFinish(),
                    ProviderEvents.DONE)));
            assertThat(chat).as("chat, cut at %d", cut).doesNotContain(token.substring(Math.min(cut, 4)));
            assertThat(text(dataOf(chat))).as("chat, cut at %d", cut).isEqualTo("my token is " + placeholder + " ok");

            String anthropic = String.join("", run("text/event-stream", List.of(
                    ProviderEvents.anthropicText(0, "my token is " + token.substring(0, cut)), citation,
                    ProviderEvents.anthropicText(0, token.substring(cut) + " ok"), ProviderEvents.anthropicStop(0))));
            assertThat(anthropic).as("anthropic, cut at %d", cut).doesNotContain(token.substring(Math.min(cut, 4)));
            assertThat(joined(dataOf(anthropic), e -> e.path("delta").path("text"))).as("anthropic, cut at %d", cut)
                    .isEqualTo("my token is " + placeholder + " ok");
        }
    }

    /** A byte order mark opening the body is passed on, and the event behind it is read like any. */
    @Test
    void aByteOrderMarkBeforeTheFirstEventHidesNothing() {
        String placeholder = keyed.placeholder("github-pat", token);
        String body = String.join("", run("text/event-stream", List.of("\uFEFF" + ProviderEvents.chatText("key " + token
                + " ok"), ProviderEvents.chatFinish(), ProviderEvents.DONE)));
        assertThat(body).startsWith("\uFEFF").doesNotContain(token);
        assertThat(text(dataOf(body.substring(1)))).isEqualTo("key " + placeholder + " ok");
    }

    @Test
    void eventsWithNothingPendingPassAtOnceByteForByte() {
        BodyRewrite s = stream("text/event-stream");
        for (String event : List.of(ProviderEvents.chatText("Sure, here is"), ProviderEvents.chatText(" the plan."),
                ProviderEvents.chatText(" Step one: read the file"), ProviderEvents.chatFinish(), ProviderEvents.DONE)) {
            byte[] in = event.getBytes(UTF_8);
            assertThat(s.feed(in)).as(event).isSameAs(in);
        }
        assertThat(s.finish()).isEmpty();
    }

    @Test
    void anUnfinishedCandidateIsHeldOnlyUntilItsStreamMovesOn() {
        String placeholder = keyed.placeholder("github-pat", token);
        List<String> out = run("text/event-stream", List.of(
                ProviderEvents.anthropicText(0, "token " + token.substring(0, 10)),
                ProviderEvents.ANTHROPIC_PING,
                ProviderEvents.anthropicText(0, token.substring(10)),
                ProviderEvents.anthropicStop(0)));
        assertThat(out.get(0)).contains("\"text\":\"token \"").doesNotContain(token.substring(0, 10));
        assertThat(out.get(1)).as("a ping passes the held text").isEqualTo(ProviderEvents.ANTHROPIC_PING);
        assertThat(out.get(2)).as("the token is still the last word: it may go on").doesNotContain("REDACTED");
        assertThat(out.get(3)).as("the stop ends the block: the held token goes out just before it")
                .contains(placeholder).endsWith(ProviderEvents.anthropicStop(0));
        assertThat(joined(dataOf(String.join("", out)), e -> e.path("delta").path("text")))
                .isEqualTo("token " + placeholder);
    }

    @Test
    void toolArgumentsThatAreJsonTextStayJsonAndLoseTheToken() {
        String secret = "GITHUB_TOKEN=" + token;
        String args = "{\"path\": \".env\", \"content\": \"# deploy\\n" + secret + "\\nDEBUG=1\\n\"}";
        for (int cut = 10; cut < args.length(); cut += 7) {
            List<String> out = run("text/event-stream", List.of(ProviderEvents.anthropicToolStart(1),
                    ProviderEvents.anthropicJson(1, args.substring(0, cut)),
                    ProviderEvents.anthropicJson(1, args.substring(cut)), ProviderEvents.anthropicStop(1)));
            String joinedArgs = joined(dataOf(String.join("", out)), e -> e.path("delta").path("partial_json"));
            JsonNode input = json(joinedArgs);
            assertThat(input.path("content").asText()).as("cut at %d", cut)
                    .isEqualTo("# deploy\nGITHUB_TOKEN=" + keyed.placeholder("github-pat", token) + "\nDEBUG=1\n");
        }
    }

    @Test
    void theResponsesApiDeltasAndTheirDoneEventsAgree() {
        String placeholder = keyed.placeholder("github-pat", token);
        String text = "export GH=" + token;
        List<String> out = run("text/event-stream", List.of(
                ProviderEvents.responsesTextDelta(text.substring(0, 14), 1),
                ProviderEvents.responsesTextDelta(text.substring(14), 2),
                ProviderEvents.responsesCompleted(text, "{}", 3)));
        List<JsonNode> events = dataOf(String.join("", out));
        assertThat(joined(events, e -> e.path("delta"))).isEqualTo("export GH=" + placeholder);
        assertThat(events.get(events.size() - 1).path("response").path("output").path(0).path("content").path(0)
                .path("text").asText()).isEqualTo("export GH=" + placeholder);
    }

    @Test
    void geminiCrlfChunksNdjsonLinesAndWholeJsonAnswersAreRedactedToo() {
        String placeholder = keyed.placeholder("github-pat", token);
        String gemini = String.join("", run("text/event-stream", List.of(
                ProviderEvents.geminiText("use " + token.substring(0, 20)), ProviderEvents.geminiText(token.substring(20)),
                ProviderEvents.geminiCall("{\"value\": \"" + token + "\"}"))));
        assertThat(gemini).doesNotContain(token.substring(4, 20)).contains("\r\n\r\n");
        List<JsonNode> chunks = dataOf(gemini);
        assertThat(joined(chunks, e -> e.path("candidates").path(0).path("content").path("parts").path(0).path("text")))
                .isEqualTo("use " + placeholder);
        assertThat(chunks.get(chunks.size() - 1).path("candidates").path(0).path("content").path("parts").path(0)
                .path("functionCall").path("args").path("value").asText()).isEqualTo(placeholder);

        String ndjson = String.join("", run("application/x-ndjson", List.of(
                "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"key " + token.substring(0, 9)
                        + "\"},\"done\":false}\n",
                "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"" + token.substring(9)
                        + "\"},\"done\":false}\n{\"done\":true}\n")));
        StringBuilder content = new StringBuilder();
        for (String line : ndjson.split("\n")) {
            content.append(json(line).path("message").path("content").asText(""));
        }
        assertThat(content.toString()).isEqualTo("key " + placeholder);

        String whole = String.join("", run("application/json", List.of(
                ProviderEvents.anthropicMessage("Your token: " + token, "{\"content\": \"" + token + "\"}"))));
        JsonNode message = json(whole);
        assertThat(message.path("content").path(0).path("text").asText()).isEqualTo("Your token: " + placeholder);
        assertThat(message.path("content").path(1).path("input").path("content").asText()).isEqualTo(placeholder);
    }

    @Test
    void geminiStreamedAsAJsonArrayHasATokenSplitBetweenElementsRedactedAndStaysOneArray() {
        String placeholder = keyed.placeholder("github-pat", token);
        for (int cut : new int[] {2, 10, 20, token.length() - 1}) { // a lone first letter is a plain word
            String body = Restoring.geminiArray(List.of(ProviderEvents.geminiText("use " + token.substring(0, cut)),
                    ProviderEvents.geminiText(token.substring(cut) + " now"), ProviderEvents.geminiText(" thanks")));
            int second = body.indexOf(",\r\n");
            List<String> out = run("application/json", List.of(body.substring(0, second + 3), body.substring(second + 3)));
            String whole = String.join("", out);
            assertThat(whole).as("cut at %d", cut).doesNotContain(token.substring(Math.min(cut, 4)));
            List<JsonNode> elements = Restoring.elementsOf(whole);
            assertThat(joined(elements, e -> e.path("candidates").path(0).path("content").path("parts").path(0)
                    .path("text"))).as("cut at %d", cut).isEqualTo("use " + placeholder + " now thanks");
            assertThat(out.get(0)).as("the first element leaves before the second arrives").startsWith("[{")
                    .contains("\"text\":\"use \"");
        }
    }

    @Test
    void aTokenSplitAcrossCohereContentDeltasLeavesAsItsPlaceholder() {
        String placeholder = keyed.placeholder("github-pat", token);
        List<String> out = run("text/event-stream", List.of(ProviderEvents.cohereText("use " + token.substring(0, 12)),
                ProviderEvents.cohereText(token.substring(12) + " now"), ProviderEvents.COHERE_END));
        String whole = String.join("", out);
        assertThat(whole).doesNotContain(token.substring(4, 12));
        assertThat(joined(dataOf(whole), e -> e.path("delta").path("message").path("content").path("text")))
                .isEqualTo("use " + placeholder + " now");
        assertThat(out.get(0)).as("the first delta leaves before the second arrives").contains("\"use \"");
    }

    @Test
    void aPrivateKeyStreamedLineByLineIsHeldUntilItsEndAndLeavesWhole() {
        String pem = Credentials.pemPrivateKey(RANDOM);
        List<String> events = new ArrayList<>();
        events.add(ProviderEvents.chatText("Here:\n"));
        for (String line : pem.split("(?<=\n)")) {
            events.add(ProviderEvents.chatText(line));
        }
        events.add(ProviderEvents.chatText("\nDone."));
        events.add(ProviderEvents.chatFinish());
        String body = String.join("", run("text/event-stream", events));
        String all = text(dataOf(body));
        assertThat(all).matches("Here:\n\\[REDACTED:private-key:[0-9a-f]{8}]\n+Done\\.");
        assertThat(body).doesNotContain(pem.split("\n")[1]);
    }

    @Test
    void whatIsHeldNeverExceedsTheLongestTokenRulesWaitFor() {
        BodyRewrite s = stream("text/event-stream");
        StringBuilder sent = new StringBuilder();
        StringBuilder received = new StringBuilder();
        int delta = 100;
        int maxHeld = 0;
        for (int i = 0; i < 100; i++) {
            String piece = Credentials.random(RANDOM, Credentials.BASE62, delta);
            sent.append(piece);
            received.append(text(dataOf(new String(s.feed(ProviderEvents.chatText(piece).getBytes(UTF_8)), UTF_8))));
            maxHeld = Math.max(maxHeld, sent.length() - received.length());
        }
        received.append(text(dataOf(new String(s.feed(ProviderEvents.chatFinish().getBytes(UTF_8)), UTF_8))));
        assertThat(maxHeld).isGreaterThan(0).isLessThanOrEqualTo(CredentialTail.MAX_TOKEN + delta);
        assertThat(received.length()).as("everything arrives once the stream moves on").isEqualTo(sent.length());
    }

    @Test
    void proseIsNeverHeldAndAWordThatMayStartAKeyWaitsOneDelta() {
        BodyRewrite s = stream("text/event-stream");
        byte[] prose = ProviderEvents.chatText("Hello world, this is plain prose").getBytes(UTF_8);
        assertThat(s.feed(prose)).isSameAs(prose);
        String cutAtPrefix = new String(s.feed(ProviderEvents.chatText(" and ghp").getBytes(UTF_8)), UTF_8);
        assertThat(text(dataOf(cutAtPrefix))).isEqualTo(" and ");
        String rest = new String(s.feed(ProviderEvents.chatText(token.substring(3) + " done.").getBytes(UTF_8)), UTF_8);
        assertThat(text(dataOf(rest))).isEqualTo(keyed.placeholder("github-pat", token) + " done.");
    }

    @Test
    void redactionBeforeRestoreLeavesTheRequestsOwnSecretRestoredAndTakesOutWhatTheModelWrote() {
        Restoring r = new Restoring();
        ResponseRedaction sameInstall = new ResponseRedaction(DETECTOR, r.redactor.withListener((p, v) -> { }));
        String written = Credentials.githubToken(RANDOM);
        String args = "{\"path\": \".env\", \"content\": \"A=" + r.placeholder + "\\nB=" + written + "\"}";
        BodyRewrite chain = BodyRewrite.chain(
                sameInstall.forResponse("text/event-stream", (rule, fp) -> { }),
                r.stream(Restore.TOOLS, "text/event-stream"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String event : List.of(ProviderEvents.chatToolStart(0, "write_file"),
                ProviderEvents.chatArgs(0, args.substring(0, 40)), ProviderEvents.chatArgs(0, args.substring(40)),
                ProviderEvents.chatFinish(), ProviderEvents.DONE)) {
            out.writeBytes(chain.feed(event.getBytes(UTF_8)));
        }
        out.writeBytes(chain.finish());
        String arguments = joined(dataOf(out.toString(UTF_8)), e -> e.path("choices").path(0).path("delta")
                .path("tool_calls").path(0).path("function").path("arguments"));
        assertThat(json(arguments).path("content").asText()).as("restored, then never redacted again")
                .isEqualTo("A=" + r.secret + "\nB=" + r.redactor.placeholder("github-pat", written));
        assertThat(r.restored(Restored.TOOL_ARGUMENTS)).isEqualTo(1);
    }

    @Test
    void aReplacementInJsonTextNeverCutsAnEscape() {
        String s = "a\\u00e9b\\nc";
        assertThat(EventRedactor.escapeStart(s, 3)).isEqualTo(1);
        assertThat(EventRedactor.escapeEnd(s, 3)).isEqualTo(7);
        assertThat(EventRedactor.escapeEnd(s, 9)).isEqualTo(10);
        assertThat(EventRedactor.escapeStart(s, 7)).isEqualTo(7);
    }
}
