package dev.airlock.proxy.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read the way Docker reads it, which is all the tests need without a Docker engine: comment lines
 * dropped (also inside a continued instruction), lines ending in a backslash joined, stages split at {@code FROM}.
 */
record Dockerfile(List<Dockerfile.Stage> stages) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instruction: its keyword in upper case and the rest of the line, flags included. */
    record Instruction(String keyword, String arguments) {

        /** The exec form ({@code ["java", "-jar", …]}) as a list. */
        List<String> exec() {
            try {
                return JSON.readValue(arguments, new TypeReference<List<String>>() { });
            } catch (Exception e) {
                throw new AssertionError(keyword + " " + arguments + ": not the exec (JSON array) form", e);
            }
        }

        List<String> words() {
            return List.of(arguments.trim().split("\\s+"));
        }
    }

    /** A build stage: its base image, its name ({@code AS …}, empty when it has none) and its instructions. */
    record Stage(String from, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The stage's one instruction of that kind. */
        Instruction one(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.size() != 1) {
                throw new AssertionError("stage " + name + " has " + found.size() + " " + keyword + " (expected: one)");
            }
            return found.get(0);
        }
    }

    static Dockerfile read(Path file) throws Exception {
        List<String> joined = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(file, UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            String body = continues ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
            current = current == null ? new StringBuilder(body) : current.append(' ').append(body);
            if (!continues) {
                joined.add(current.toString().strip());
                current = null;
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (String line : joined) {
            int space = line.indexOf(' ');
            String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : line.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] words = arguments.split("\\s+");
                String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
                stages.add(new Stage(words[0], name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                throw new AssertionError(file + ": " + keyword + " before the first FROM");
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    /** The stage the image is made of. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
