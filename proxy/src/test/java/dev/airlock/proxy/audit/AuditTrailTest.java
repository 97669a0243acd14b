package dev.airlock.proxy.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.Action;
import dev.airlock.config.AuditConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail on disk: one chained JSON line per event, continued across restarts and rotations, and verified. */
class AuditTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The clock of the trails written here: the time of their events, so a trail reopened in another test run is never
     * a day older than its first line (it would be rotated at open).
     */
    private static final Clock EVENT_TIME = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final byte[] key = Credentials.randomKey();

    static AuditEvent event(int n) {
        Hit hit = new Hit("github-pat", "messages[" + n + "].content, line 2", "/messages/" + n + "/content", 40,
                "0123456789abcdef", false,
                Action.REDACT);
        return new AuditEvent(Instant.parse("2026-11-28T10:00:00Z"), "evt" + n, "127.0.0.1", null, "openai",
                "api.openai.com", "/v1/chat/completions", "openai", "redact", 0, List.of(hit), null);
    }

    AuditConfig config(long rotateBytes, Duration rotateAge) {
        return new AuditConfig(dir.resolve("logs").resolve("audit.jsonl"), rotateBytes, rotateAge, 3, false);
    }

    void write(AuditConfig config, int from, int to, Clock clock) throws Exception {
        try (AuditLog trail = AuditTrail.open(config, key, new PrintStream(new ByteArrayOutputStream()), clock)) {
            for (int i = from; i < to; i++) {
                trail.record(event(i));
            }
        }
    }

    List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            List<Path> all = new ArrayList<>(s.sorted().toList());
            // Rotated files first (oldest first), the live file last.
            Path live = dir.resolve("logs").resolve("audit.jsonl");
            all.remove(live);
            all.add(live);
            return all;
        }
    }

    @Test
    void eventsAreChainedLinesThatSurviveARestartAndVerify() throws Exception {
        AuditConfig config = config(AuditConfig.DEFAULT_ROTATE_BYTES, AuditConfig.DEFAULT_ROTATE_AGE);
        write(config, 0, 3, EVENT_TIME);
        write(config, 3, 5, EVENT_TIME);

        List<String> lines = Files.readAllLines(config.file(), UTF_8);
        assertThat(lines).hasSize(5);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = JSON.readTree(lines.get(i));
            assertThat(n.get("seq").asLong()).isEqualTo(i);
            assertThat(n.get("event").asText()).isEqualTo("evt" + i);
            assertThat(n.get("findings").get(0).get("rule").asText()).isEqualTo("github-pat");
            assertThat(n.get("findings").get(0).get("fingerprint").asText()).isEqualTo("0123456789abcdef");
            assertThat(n.get("prev").asText()).isEqualTo(i == 0 ? AuditChain.GENESIS
                    : new AuditChain(key).link(lines.get(i - 1).getBytes(UTF_8)));
        }
        AuditVerifier.Report report = new AuditVerifier(key).verify(List.of(config.file()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(5);
    }

    @Test
    void anEditedRemovedOrInsertedLineIsFound() throws Exception {
        AuditConfig config = config(AuditConfig.DEFAULT_ROTATE_BYTES, AuditConfig.DEFAULT_ROTATE_AGE);
        write(config, 0, 5, EVENT_TIME);
        List<String> lines = Files.readAllLines(config.file(), UTF_8);

        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replace("\"redact\"", "\"allow\""));
        assertThat(verify(edited)).anyMatch(p -> p.contains(":4: the chain is broken"));

        List<String> removed = new ArrayList<>(lines);
        removed.remove(2);
        assertThat(verify(removed)).anyMatch(p -> p.contains(":3: gap: event 3 follows event 1"))
                .anyMatch(p -> p.contains(":3: the chain is broken"));

        List<String> inserted = new ArrayList<>(lines);
        inserted.add(1, lines.get(1));
        assertThat(verify(inserted)).isNotEmpty();

        assertThat(new AuditVerifier(Credentials.randomKey()).verify(List.of(config.file())).problems())
                .as("another install's key cannot vouch for this trail").isNotEmpty();
    }

    private List<String> verify(List<String> lines) throws Exception {
        Path copy = dir.resolve("copy-" + System.nanoTime() + ".jsonl");
        Files.write(copy, lines, UTF_8);
        return new AuditVerifier(key).verify(List.of(copy)).problems();
    }

    @Test
    void rotationBySizeKeepsTheChainAcrossFilesAndPrunesTheOldest() throws Exception {
        AuditConfig config = config(4096, AuditConfig.DEFAULT_ROTATE_AGE);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        try (AuditLog trail = AuditTrail.open(config, key, new PrintStream(new ByteArrayOutputStream()), clock)) {
            for (int i = 0; i < 200; i++) {
                clock.advance(Duration.ofSeconds(1)); // distinct rotation stamps
                trail.record(event(i));
                if (i % 10 == 9) {
                    Thread.onSpinWait();
                }
            }
        }
        List<Path> files = files();
        assertThat(files).hasSize(1 + config.keep());
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(4096);
        }
        AuditVerifier.Report report = new AuditVerifier(key).verify(files);
        assertThat(report.problems()).isEmpty();
        assertThat(report.notes()).anyMatch(n -> n.contains("the chain starts at event"));
        List<String> last = Files.readAllLines(config.file(), UTF_8);
        assertThat(JSON.readTree(last.get(last.size() - 1)).get("seq").asLong()).isEqualTo(199);
    }

    @Test
    void rotationByAgeStartsANewFileOnceTheFirstEventIsOld() throws Exception {
        AuditConfig config = config(AuditConfig.DEFAULT_ROTATE_BYTES, Duration.ofHours(1));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        write(config, 0, 2, clock);
        clock.advance(Duration.ofMinutes(59));
        write(config, 2, 3, clock);
        assertThat(files()).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        write(config, 3, 4, clock);
        List<Path> files = files();
        assertThat(files).hasSize(2);
        assertThat(Files.readAllLines(files.get(0), UTF_8)).hasSize(3);
        assertThat(Files.readAllLines(files.get(1), UTF_8)).hasSize(1);
        assertThat(new AuditVerifier(key).verify(files).problems()).isEmpty();
    }

    @Test
    void anEventWithVeryManyFindingsKeepsTheFirstHundredAndTheirTotal() throws Exception {
        AuditConfig config = config(AuditConfig.DEFAULT_ROTATE_BYTES, AuditConfig.DEFAULT_ROTATE_AGE);
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            hits.add(event(i).findings().get(0));
        }
        AuditEvent many = new AuditEvent(Instant.parse("2026-11-28T10:00:00Z"), "evt-many", "127.0.0.1", null,
                "openai", "api.openai.com", "/v1/chat/completions", "openai", "redact", 0, hits, null);
        try (AuditLog trail = AuditTrail.open(config, key, new PrintStream(new ByteArrayOutputStream()),
                EVENT_TIME)) {
            trail.record(many);
        }
        JsonNode line = JSON.readTree(Files.readAllLines(config.file(), UTF_8).get(0));
        assertThat(line.get("findingsTotal").asInt()).isEqualTo(150);
        assertThat(line.get("findings").size()).isEqualTo(AuditJson.MAX_FINDINGS);
    }

    @Test
    void standardOutputGetsTheSameLines() throws Exception {
        AuditConfig config = new AuditConfig(null, AuditConfig.DEFAULT_ROTATE_BYTES, AuditConfig.DEFAULT_ROTATE_AGE, 3,
                true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditLog trail = AuditTrail.open(config, key, new PrintStream(out, true, UTF_8), EVENT_TIME)) {
            trail.record(event(0));
            trail.record(event(1));
        }
        String[] lines = out.toString(UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[1]).get("prev").asText())
                .isEqualTo(new AuditChain(key).link(lines[0].getBytes(UTF_8)));
        assertThat(AuditTrail.open(AuditConfig.DEFAULT, key)).isSameAs(AuditLog.NONE);
    }

    @Test
    void aLineCutShortByACrashIsReportedAndTheNextStartsOnItsOwnLine() throws Exception {
        AuditConfig config = config(AuditConfig.DEFAULT_ROTATE_BYTES, AuditConfig.DEFAULT_ROTATE_AGE);
        write(config, 0, 2, EVENT_TIME);
        Files.writeString(config.file(), "{\"seq\":2,\"time\":\"2026", UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThat(new AuditVerifier(key).verify(List.of(config.file())).problems())
                .anyMatch(p -> p.contains("incomplete"));
        write(config, 2, 3, EVENT_TIME);
        List<String> lines = Files.readAllLines(config.file(), UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(JSON.readTree(lines.get(3)).get("event").asText()).isEqualTo("evt2");
    }

    /** A full disk loses events, never the trail: they are counted, and writing resumes once the file takes bytes. */
    @Test
    void aFailedWriteIsRetriedAndTheLostEventsAreCounted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        AuditConfig config = config(AuditConfig.DEFAULT_ROTATE_BYTES, AuditConfig.DEFAULT_ROTATE_AGE);
        Files.createDirectories(config.file().getParent());
        Files.createSymbolicLink(config.file(), Path.of("/dev/full")); // every write fails: no space left
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        Path disk = dir.resolve("disk.jsonl");
        try (AuditTrail trail = (AuditTrail) AuditTrail.open(config, key, new PrintStream(new ByteArrayOutputStream()),
                clock)) {
            trail.record(event(0));
            trail.record(event(1));
            awaitDropped(trail, 2);
            Files.delete(config.file());
            Files.createSymbolicLink(config.file(), disk); // space again
            trail.record(event(2)); // within the retry interval: counted, not written
            awaitDropped(trail, 3);
            clock.advance(AuditTrail.RETRY.plusSeconds(1));
            trail.record(event(3));
        }
        List<String> lines = Files.readAllLines(disk, UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode dropped = JSON.readTree(lines.get(0));
        assertThat(dropped.get("kind").asText()).isEqualTo("dropped");
        assertThat(dropped.get("count").asLong()).isEqualTo(3);
        assertThat(JSON.readTree(lines.get(1)).get("event").asText()).isEqualTo("evt3");
        assertThat(JSON.readTree(lines.get(1)).get("prev").asText())
                .isEqualTo(new AuditChain(key).link(lines.get(0).getBytes(UTF_8)));
    }

    private static void awaitDropped(AuditTrail trail, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (trail.dropped() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(trail.dropped()).isEqualTo(count);
    }
}
