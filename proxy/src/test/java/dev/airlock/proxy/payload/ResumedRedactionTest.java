package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Reading a body from a remembered checkpoint gives exactly what reading it whole gives: the same output bytes,
 * findings (pointers, lines, fingerprints, unredactable and split flags), placeholders told to the redactor's
 * listener in the same order, and the same error for a broken body.
 */
class ResumedRedactionTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final JsonLimits LIMITS = new JsonLimits(64, 1 << 22);

    /** The outcome of one redaction: what a caller can observe. */
    private record Outcome(byte[] body, boolean changed, List<JsonFinding> findings, List<String> told,
                           String error) {
    }

    private static Outcome run(JsonRedaction redaction, List<String> told, byte[] body,
                               BiPredicate<String, String> redactFinding, String partition) {
        told.clear();
        try {
            RedactionResult r = redaction.redactFindings(body, redactFinding, partition);
            return new Outcome(r.body(), r.changed(), r.findings(), List.copyOf(told), null);
        } catch (PayloadException e) {
            return new Outcome(null, false, List.of(), List.copyOf(told), e.reason() + " " + e.getMessage());
        }
    }

    private static void assertSame(Outcome resumed, Outcome whole, Object turn) {
        assertThat(resumed.error()).as("error of %s", turn).isEqualTo(whole.error());
        assertThat(resumed.findings()).as("findings of %s", turn).isEqualTo(whole.findings());
        assertThat(resumed.body()).as("output of %s", turn).isEqualTo(whole.body());
        assertThat(resumed.changed()).isEqualTo(whole.changed());
        assertThat(resumed.told()).as("placeholders made for %s", turn).isEqualTo(whole.told());
    }

    @Property(tries = 100)
    void aConversationReadFromCheckpointsIsRedactedExactlyAsReadWhole(@ForAll long seed,
                                                                     @ForAll @IntRange(min = 0, max = 2) int gapKind) {
        Random r = new Random(seed);
        byte[] key = new byte[32];
        r.nextBytes(key);
        List<String> toldWarm = new ArrayList<>();
        List<String> toldCold = new ArrayList<>();
        Redactor warmRedactor = new Redactor(key).withListener((p, s) -> toldWarm.add(p + "=" + s));
        Redactor coldRedactor = new Redactor(key).withListener((p, s) -> toldCold.add(p + "=" + s));
        int gap = gapKind == 0 ? 1 : gapKind == 1 ? 64 : 1024;
        InspectedPrefixes prefixes = new InspectedPrefixes(0, gap, r.nextBoolean() ? 200 : 65_536, r.nextInt(3) * 100);
        JsonRedaction warm = new JsonRedaction(DETECTOR, warmRedactor, LIMITS, ProtectedLeaves.SIGNED_REASONING,
                prefixes);
        // Policy per rule, and an allow list accepting some fingerprints.
        int ruleMask = r.nextInt(8);
        boolean allowSome = r.nextBoolean();
        BiPredicate<String, String> policy = (rule, fingerprint) -> ((rule.hashCode() & 7) != ruleMask)
                && !(allowSome && fingerprint.charAt(0) < '4');
        Conversations conversation = new Conversations(seed);
        String partition = r.nextBoolean() ? "" : "authorization\0Bearer " + r.nextInt(3);
        int turns = 12 + r.nextInt(20);
        for (int t = 0; t < turns; t++) {
            Conversations.Turn turn = conversation.next();
            long before = prefixes.resumes();
            long restsBefore = prefixes.restsTaken();
            Outcome resumed = run(warm, toldWarm, turn.body(), policy, partition);
            JsonRedaction cold = new JsonRedaction(DETECTOR, coldRedactor, LIMITS, ProtectedLeaves.SIGNED_REASONING,
                    null);
            Outcome whole = run(cold, toldCold, turn.body(), policy, partition);
            assertSame(resumed, whole, "turn " + t + " of " + conversation.shape());
            Statistics.label("resumed").collect(prefixes.resumes() > before);
            Statistics.label("rest remembered").collect(prefixes.restsTaken() > restsBefore);
            Statistics.label("broken").collect(turn.broken());
            Statistics.label("unredactable").collect(whole.findings().stream().anyMatch(JsonFinding::unredactable));
            Statistics.label("split").collect(whole.findings().stream().anyMatch(JsonFinding::split));
        }
        assertThat(prefixes.failures()).isZero();
        Statistics.label("resumed").coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("rest remembered").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("broken").coverage(c -> c.check(true).percentage(p -> p > 3));
        Statistics.label("unredactable").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("split").coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    @Test
    void aCredentialInTheHistoryIsFoundEveryTurnWithItsPlaceAndLine() throws Exception {
        String token = Credentials.githubToken(new Random());
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 65_536, 0);
        JsonRedaction redaction = redaction(prefixes);
        List<String> messages = new ArrayList<>();
        messages.add(message("user", "my token is " + token));
        RedactionResult first = null;
        for (int t = 0; t < 6; t++) {
            messages.add(message(t % 2 == 0 ? "assistant" : "user", "ok ".repeat(100) + t));
            RedactionResult r = redaction.redact(chat(messages));
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.pointer()).isEqualTo("/messages/0/content");
                assertThat(f.line()).isEqualTo(3);
            });
            String out = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(out).doesNotContain(token);
            if (first == null) {
                first = r;
            } else {
                // The history comes out byte for byte as it did the turn before: placeholders included.
                String before = new String(first.body(), StandardCharsets.UTF_8);
                assertThat(out).startsWith(before.substring(0, before.lastIndexOf('}', before.lastIndexOf(']'))));
            }
        }
        assertThat(prefixes.resumes()).as("the first turn is only sighted, the second read whole and remembered")
                .isEqualTo(4);
    }

    @Test
    void aBodyThatContinuesNoEarlierOneIsOnlySighted() throws Exception {
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 65_536, 0);
        JsonRedaction redaction = redaction(prefixes);
        List<List<String>> conversations = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                messages.add(message("user", "conversation " + c + " " + "text ".repeat(60) + i));
            }
            conversations.add(messages);
            redaction.redact(chat(messages));
        }
        assertThat(prefixes.units()).as("bodies never seen before leave nothing that lives").isZero();

        List<String> sharingLittle = new ArrayList<>(conversations.get(0).subList(0, 2));
        for (int i = 0; i < 6; i++) {
            sharingLittle.add(message("user", "another turn " + "text ".repeat(60) + i));
        }
        redaction.redact(chat(sharingLittle));
        assertThat(prefixes.units()).as("a quarter of it was an earlier body's beginning: not a continuation").isZero();

        List<String> continued = conversations.get(1);
        continued.add(message("assistant", "an answer " + "text ".repeat(60)));
        redaction.redact(chat(continued));
        assertThat(prefixes.resumes()).isZero();
        assertThat(prefixes.units()).as("it continues an earlier body: remembered").isPositive();
        continued.add(message("user", "and another question"));
        redaction.redact(chat(continued));
        assertThat(prefixes.resumes()).isEqualTo(1);
    }

    @Test
    void aByteChangedInsideTheHistoryIsReadAgainWhateverComesAfter() throws Exception {
        String token = Credentials.githubToken(new Random());
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 65_536, 0);
        JsonRedaction redaction = redaction(prefixes);
        String filler = "x".repeat(token.length());
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(message("user", "part " + i + " " + filler + " " + "text ".repeat(50)));
        }
        assertThat(redaction.redact(chat(messages)).findings()).isEmpty();
        // Same length, same structure, same everything but the bytes of one old message.
        messages.set(2, message("user", "part 2 " + token + " " + "text ".repeat(50)));
        messages.add(message("assistant", "more"));
        RedactionResult r = redaction.redact(chat(messages));
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.pointer())
                .isEqualTo("/messages/2/content"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(token);
        assertThat(prefixes.skippedBytes()).as("resumed no further than the end of messages[1]")
                .isLessThan(chat(messages).length / 3);
    }

    @Test
    void oneClientsHistoryIsNeverTheBeginningOfAnothers() throws Exception {
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 65_536, 0);
        JsonRedaction redaction = redaction(prefixes);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(message("user", "text ".repeat(60) + i));
        }
        byte[] body = chat(messages);
        redaction.redactFindings(body, (rule, fp) -> true, "x-api-key\0one");
        redaction.redactFindings(body, (rule, fp) -> true, "x-api-key\0one"); // remembered from its second sight
        redaction.redactFindings(body, (rule, fp) -> true, "x-api-key\0two");
        redaction.redactFindings(body, (rule, fp) -> true, "x-api-key\0two");
        assertThat(prefixes.resumes()).isZero();
        redaction.redactFindings(body, (rule, fp) -> true, "x-api-key\0one");
        assertThat(prefixes.resumes()).isEqualTo(1);
    }

    @Test
    void memoryStaysWithinItsBoundAndTheLeastRecentConversationGoesFirst() throws Exception {
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 300, 0);
        JsonRedaction redaction = redaction(prefixes);
        List<byte[]> firsts = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                messages.add(message("user", "conversation " + c + " " + "text ".repeat(30) + i));
            }
            firsts.add(chat(messages));
            redaction.redact(firsts.get(c));
            redaction.redact(firsts.get(c)); // remembered from its second sight
            assertThat(prefixes.units()).isLessThanOrEqualTo(300);
        }
        long before = prefixes.resumes();
        redaction.redact(firsts.get(0));
        assertThat(prefixes.resumes()).as("the first conversation was forgotten").isEqualTo(before);
        redaction.redact(firsts.get(39));
        assertThat(prefixes.resumes()).as("the last one was not").isEqualTo(before + 1);
    }

    @Test
    void aBrokenBodyAfterTheHistoryFailsAsItWouldReadWhole() throws Exception {
        JsonRedaction warm = redaction(new InspectedPrefixes(0, 64, 65_536, 0));
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(message("user", "text ".repeat(60) + i));
        }
        warm.redact(chat(messages));
        String broken = new String(chat(messages), StandardCharsets.UTF_8).replace("}\n]", "\n]");
        byte[] body = broken.getBytes(StandardCharsets.UTF_8);
        JsonRedaction cold = new JsonRedaction(DETECTOR, new Redactor(Credentials.randomKey()));
        String expected = null;
        try {
            cold.redact(body);
        } catch (PayloadException e) {
            expected = e.getMessage();
        }
        assertThat(expected).isNotNull();
        assertThatThrownBy(() -> warm.redact(body)).isInstanceOf(PayloadException.class).hasMessage(expected);
    }

    /**
     * The bytes before a rest taken from memory are checked after the read, the rest not at all (it is the same bytes
     * as a body checked before): an invalid sequence in the newest message still fails exactly as in a whole read.
     */
    @Test
    void invalidUtf8BeforeARememberedRestFailsAsItWouldReadWhole() throws Exception {
        InspectedPrefixes prefixes = new InspectedPrefixes(0, 64, 65_536, 0);
        JsonRedaction warm = redaction(prefixes);
        String rest = ",\"system\":\"" + "Answer briefly. ".repeat(100) + "\",\"stream\":true}";
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", "text ".repeat(60) + i));
            warm.redact(("{\"model\":\"m\",\n\"messages\":[\n" + String.join(",\n", messages) + "\n]" + rest)
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(prefixes.restsTaken()).as("the rest was taken from memory").isPositive();
        messages.add(message("user", "text ".repeat(60) + "\u00e9"));
        byte[] body = ("{\"model\":\"m\",\n\"messages\":[\n" + String.join(",\n", messages) + "\n]" + rest)
                .getBytes(StandardCharsets.UTF_8);
        int e = new String(body, StandardCharsets.UTF_8).lastIndexOf('\u00e9');
        int at = new String(body, StandardCharsets.UTF_8).substring(0, e).getBytes(StandardCharsets.UTF_8).length;
        // é (C3 A9) replaced by C1 81, an overlong 'A'.
        body[at] = (byte) 0xC1;
        body[at + 1] = (byte) 0x81;
        String expected = null;
        try {
            new JsonRedaction(DETECTOR, new Redactor(Credentials.randomKey())).redact(body);
        } catch (PayloadException whole) {
            expected = whole.getMessage();
        }
        assertThat(expected).startsWith("invalid UTF-8");
        byte[] broken = body;
        assertThatThrownBy(() -> warm.redact(broken)).isInstanceOf(PayloadException.class).hasMessage(expected);
        // The same body unbroken is read from its checkpoint and its rest taken from memory: the path taken above.
        long restsBefore = prefixes.restsTaken();
        warm.redact(("{\"model\":\"m\",\n\"messages\":[\n" + String.join(",\n", messages) + "\n]" + rest)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(prefixes.restsTaken()).isEqualTo(restsBefore + 1);
    }

    private static JsonRedaction redaction(InspectedPrefixes prefixes) {
        return new JsonRedaction(DETECTOR, new Redactor(Credentials.randomKey()), LIMITS,
                ProtectedLeaves.SIGNED_REASONING, prefixes);
    }

    private static String message(String role, String content) {
        return "{\"role\":\"" + role + "\",\"content\":\"" + content + "\"}";
    }

    private static byte[] chat(List<String> messages) {
        return ("{\"model\":\"m\",\n\"messages\":[\n" + String.join(",\n", messages) + "\n],\"stream\":true}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
