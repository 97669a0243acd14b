package dev.airlock.proxy.response;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.Restore;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One request's redactor and the placeholders it made, for restore tests: a generated GitHub token behind a
 * placeholder, and helpers to run a body through a {@link RestoreStream} and read the client's side of it.
 */
final class Restoring {

    static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = new ObjectMapper();

    /** The placeholders the request made, as the vault collects them while inspecting it. */
    final Map<String, String> made = new LinkedHashMap<>();
    final PlaceholderVault vault = new PlaceholderVault();
    final Redactor redactor = new Redactor(Credentials.randomKey()).withListener((p, s) -> made.put(p, s.toString()));
    final String secret = Credentials.githubToken(RANDOM);
    final String placeholder = redactor.placeholder("github-pat", secret);
    final Map<Restored, Integer> counts = new EnumMap<>(Restored.class);

    /** A secret that needs escaping in JSON: a quote, a backslash, a newline and a tab around random characters. */
    static String awkwardSecret() {
        return Credentials.issued("pa\"ss\\" + Credentials.random(RANDOM, Credentials.BASE62, 12) + "\nline\t2");
    }

    RestoreStream stream(Restore mode, String contentType) {
        RestoreStream s = RestoreStream.forResponse(placeholders(), mode, 200, contentType, null,
                (where, n) -> counts.merge(where, n, Integer::sum));
        assertThat(s).as("a rewriter for %s, restore %s", contentType, mode).isNotNull();
        return s;
    }

    /** What this request's answer may restore. */
    Placeholders placeholders() {
        return vault.only(made);
    }

    int restored(Restored where) {
        return counts.getOrDefault(where, 0);
    }

    /** The body through a fresh rewriter, fed in these pieces. */
    String run(Restore mode, String contentType, List<String> pieces) {
        RestoreStream s = stream(mode, contentType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String piece : pieces) {
            out.writeBytes(s.feed(piece.getBytes(UTF_8)));
        }
        out.writeBytes(s.finish());
        return out.toString(UTF_8);
    }

    /** The body through a fresh rewriter in pieces of {@code piece} bytes, as the client gets it. */
    byte[] runBytes(Restore mode, String contentType, byte[] body, int piece) {
        RestoreStream s = stream(mode, contentType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += piece) {
            out.writeBytes(s.feed(Arrays.copyOfRange(body, i, Math.min(i + piece, body.length))));
        }
        out.writeBytes(s.finish());
        return out.toByteArray();
    }

    String sse(Restore mode, List<String> events) {
        return run(mode, "text/event-stream", events);
    }

    /** The body cut into two pieces at byte {@code cut} (a TCP chunk boundary anywhere, even inside a character). */
    String sseCut(Restore mode, String body, int cut) {
        return cut(mode, "text/event-stream", body, cut);
    }

    /** A body of this type cut into two pieces at byte {@code cut}. */
    String cut(Restore mode, String contentType, String body, int cut) {
        byte[] bytes = body.getBytes(UTF_8);
        RestoreStream s = stream(mode, contentType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(s.feed(Arrays.copyOfRange(bytes, 0, cut)));
        out.writeBytes(s.feed(Arrays.copyOfRange(bytes, cut, bytes.length)));
        out.writeBytes(s.finish());
        return out.toString(UTF_8);
    }

    /**
     * SSE events as Gemini streams them without {@code alt=sse}: one JSON array, each event's payload an element,
     * elements separated by a comma and a line break.
     */
    static String geminiArray(List<String> events) {
        return "[" + String.join(",\r\n", events.stream()
                .map(e -> e.substring("data: ".length()).strip()).toList()) + "]";
    }

    /** The elements of a JSON array body (failing unless the whole body is one valid JSON array). */
    static List<JsonNode> elementsOf(String body) {
        JsonNode array = json(body);
        if (!array.isArray()) {
            throw new AssertionError("not a JSON array: " + body);
        }
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** The JSON of every {@code data:} line (failing on any that is not JSON, apart from {@code [DONE]}). */
    static List<JsonNode> dataOf(String sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\r\n|\n", -1)) {
            if (line.startsWith("data:") && !line.substring(5).strip().equals("[DONE]")) {
                out.add(json(line.substring(5)));
            }
        }
        return out;
    }

    /** The string each event holds at {@code at} (missing or non-string: nothing), joined. */
    static String joined(List<JsonNode> events, Function<JsonNode, JsonNode> at) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : events) {
            JsonNode v = at.apply(e);
            if (v != null && v.isTextual()) {
                sb.append(v.asText());
            }
        }
        return sb.toString();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + text, e);
        }
    }

    /** A JSON string literal, quotes included. */
    static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A string literal's content as it sits inside JSON text that is itself inside a JSON string. */
    static String inner(String s) {
        String once = quoted(s);
        String twice = quoted(once.substring(1, once.length() - 1));
        return twice.substring(1, twice.length() - 1);
    }

    /** A real transcript from the shared shapes, or null when this checkout has none. */
    static String shape(String name) {
        // Beside the checkout (../shared/shapes), or where the other shape tests read them.
        List<Path> places = new java.util.ArrayList<>();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            places.add(p.resolveSibling("shared").resolve("shapes"));
        }
        places.add(Path.of("/work/shared/shapes"));
        for (Path dir : places) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file, UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }
}
