package dev.airlock.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An {@code .airlockignore} file: findings accepted on purpose, one entry a line, each with an optional
 * {@code # comment}; blank lines and lines starting with {@code #} are skipped.
 *
 * <p>Two kinds of entry, because no fingerprint can be both portable and safe:
 * <ul>
 *   <li>a <b>keyed fingerprint</b> ({@code 3f2a9c0d1e2b4a5f}, as {@code airlock scan} prints it): HMAC-SHA256 of the
 *       secret under this install's key. It accepts that value wherever it appears — files, history, prompts — but
 *       only on installs with the same key: another developer's machine or a CI runner computes another fingerprint.
 *       Without the key nobody can test a guess against it, so the file reveals nothing about the secret.</li>
 *   <li>a <b>place</b> ({@code place:9c1d04e2b7a3f5d6}): a hash of the rule, the file's path in the repository and the
 *       text of the line with every finding on it cut out. It is the same on every clone, and it is computed without
 *       the secret, so it cannot serve as an offline dictionary oracle (an unkeyed hash of a short password would:
 *       anyone with the file could hash guesses until one matched). The price: it accepts whatever value sits at that
 *       place, so changing the value of an accepted fixture line is not caught. Places name lines in files; prompts
 *       have none, so the proxy ignores them.</li>
 * </ul>
 *
 * @param fingerprints the keyed fingerprints, lowercase
 * @param places       the place entries, lowercase with their {@code place:} prefix
 */
public record IgnoreFile(Set<String> fingerprints, Set<String> places) {

    /** Ignore files are short lists; anything larger is a mistake. */
    static final long MAX_FILE_BYTES = 4L << 20;
    public static final String NAME = ".airlockignore";
    public static final String PLACE_PREFIX = "place:";
    public static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");
    public static final Pattern PLACE = Pattern.compile("place:[0-9a-f]{16}");
    public static final IgnoreFile EMPTY = new IgnoreFile(Set.of(), Set.of());

    public IgnoreFile {
        fingerprints = Set.copyOf(fingerprints);
        places = Set.copyOf(places);
    }

    public boolean isEmpty() {
        return fingerprints.isEmpty() && places.isEmpty();
    }

    /** Both files' entries. */
    public IgnoreFile with(IgnoreFile other) {
        Set<String> f = new LinkedHashSet<>(fingerprints);
        f.addAll(other.fingerprints);
        Set<String> p = new LinkedHashSet<>(places);
        p.addAll(other.places);
        return new IgnoreFile(f, p);
    }

    /** Reads a file; every bad line is reported with its number. */
    public static IgnoreFile read(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file.toString(), List.of(new Problem("", 0, "file is " + Files.size(file)
                        + " bytes (expected: at most " + MAX_FILE_BYTES + ", one fingerprint a line)")));
            }
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", 0, "cannot read the file ("
                    + e.getClass().getSimpleName() + ")")));
        }
    }

    public static IgnoreFile parse(String text, String source) throws ConfigException {
        Set<String> fingerprints = new LinkedHashSet<>();
        Set<String> places = new LinkedHashSet<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String entry = entryOf(lines[i]);
            if (entry == null) {
                continue;
            }
            String lower = entry.toLowerCase(Locale.ROOT);
            if (FINGERPRINT.matcher(lower).matches()) {
                fingerprints.add(lower);
            } else if (PLACE.matcher(lower).matches()) {
                places.add(lower);
            } else {
                problems.add(new Problem("", i + 1, problem(entry)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new IgnoreFile(fingerprints, places);
    }

    /** The entry of a line without its comment, or null for a blank or comment line. */
    private static String entryOf(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        int hash = s.indexOf('#');
        return (hash < 0 ? s : s.substring(0, hash)).strip();
    }

    /** What is wrong with an entry, without repeating it: a line of an ignore file may be a secret pasted by mistake. */
    static String problem(String entry) {
        return "not a fingerprint (" + entry.length() + " characters, not repeated here; expected: a keyed fingerprint"
                + " of 16 hex characters, or place: and 16 hex characters, then an optional # comment)";
    }
}
