package dev.airlock.proxy.cli;

import dev.airlock.config.IgnoreFile;
import dev.airlock.detector.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The repository-portable name of a finding, {@code place:} and 16 hex characters: SHA-256 over the rule id, the
 * file's path in the repository and the text of its line with every finding on that line cut out, then trimmed.
 *
 * <p>Every clone and every CI runner computes the same place, which a keyed fingerprint cannot offer (the install key
 * differs per machine, and there is no secret the repository could share). The secret is not part of the input, so
 * the {@code .airlockignore} or baseline file that holds places is no oracle for it: an unkeyed hash of the value
 * itself would let anyone with the file test guesses offline, fatal for a short password. What a place gives up: it
 * accepts any value on that line, so editing an accepted fixture line into a real key goes unnoticed — the same
 * trade-off as the {@code file:rule:line} fingerprints of established scanners, without their line-number churn
 * (moving a line keeps its place; editing the text around the value changes it).
 */
final class Place {

    private static final byte[] DOMAIN = "airlock-place/1\n".getBytes(StandardCharsets.UTF_8);

    private Place() {
    }

    /**
     * @param path      the file's path relative to the repository root, {@code /}-separated
     * @param lineStart offset of the finding's first line in {@code text}
     * @param lineEnd   offset of that line's end (its line break excluded)
     * @param all       every finding of the text, ordered by start (those on the line are cut out)
     */
    static String of(String ruleId, String path, CharSequence text, int lineStart, int lineEnd, List<Finding> all) {
        StringBuilder kept = new StringBuilder(lineEnd - lineStart);
        int at = lineStart;
        for (Finding f : all) {
            if (f.end() <= lineStart || f.start() >= lineEnd) {
                continue;
            }
            if (f.start() > at) {
                kept.append(text, at, f.start());
            }
            kept.append('\0');
            at = Math.max(at, Math.min(lineEnd, f.end()));
        }
        if (at < lineEnd) {
            kept.append(text, at, lineEnd);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
        sha.update(DOMAIN);
        sha.update((ruleId + "\n" + path + "\n" + kept.toString().strip()).getBytes(StandardCharsets.UTF_8));
        return IgnoreFile.PLACE_PREFIX + HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    /** A path as places name it: {@code /}-separated, without a leading {@code ./}. */
    static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }
}
