package dev.airlock.proxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.IgnoreFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A baseline: the findings a repository held when it adopted Airlock, so that only new ones fail. Entries are places
 * ({@link Place}), which every clone and CI runner computes alike and which reveal nothing about the secrets; rule,
 * file, line and commit are there for the people reading the file.
 *
 * <pre>{"airlockBaseline":1,"findings":[{"rule":"github-pat","file":"src/app.env","line":2,"place":"place:…"}]}</pre>
 */
final class Baseline {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_FILE_BYTES = 64L << 20;

    private Baseline() {
    }

    /** Thrown with a message naming the file and what is wrong with it. */
    static final class BadBaseline extends Exception {
        BadBaseline(String message) {
            super(message);
        }
    }

    /** The places a baseline file records. */
    static Set<String> read(Path file) throws BadBaseline {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new BadBaseline(file + ": larger than " + (MAX_FILE_BYTES >> 20) + " MiB (expected: a baseline "
                        + "written by airlock baseline create)");
            }
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new BadBaseline(file + ": not JSON (line " + e.getLocation().getLineNr() + "; expected: a baseline "
                    + "written by airlock baseline create)");
        } catch (IOException e) {
            throw new BadBaseline(file + ": " + AirlockCommand.describe(e));
        }
        if (root == null || !root.path("airlockBaseline").isInt() || root.path("airlockBaseline").asInt() != VERSION) {
            throw new BadBaseline(file + ": airlockBaseline is not " + VERSION + " (expected: a baseline written by "
                    + "airlock baseline create)");
        }
        JsonNode findings = root.path("findings");
        if (!findings.isArray()) {
            throw new BadBaseline(file + ": findings is not a list (expected: a baseline written by airlock baseline "
                    + "create)");
        }
        Set<String> places = new LinkedHashSet<>();
        for (int i = 0; i < findings.size(); i++) {
            String place = findings.get(i).path("place").asText("").toLowerCase(Locale.ROOT);
            if (!IgnoreFile.PLACE.matcher(place).matches()) {
                throw new BadBaseline(file + ": findings[" + i + "].place is not a place (expected: place: and 16 hex "
                        + "characters)");
            }
            places.add(place);
        }
        return places;
    }

    /** Writes the findings that fail today (accepted ones need no baseline), in report order. */
    static int write(Path file, List<Located> located) throws IOException {
        StringWriter text = new StringWriter();
        int[] count = {0};
        Set<String> seen = new LinkedHashSet<>();
        JsonOutput.write(new PrintWriter(text), true, g -> {
            g.writeStartObject();
            g.writeNumberField("airlockBaseline", VERSION);
            g.writeArrayFieldStart("findings");
            for (Located l : located) {
                if (l.accepted() != null || !seen.add(l.place() + "\n" + l.file() + "\n" + l.line())) {
                    continue;
                }
                count[0]++;
                g.writeStartObject();
                g.writeStringField("rule", l.finding().ruleId());
                g.writeStringField("file", l.file());
                g.writeNumberField("line", l.line());
                if (l.commit() != null) {
                    g.writeStringField("commit", l.commit().id());
                }
                g.writeStringField("place", l.place());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return count[0];
    }
}
