package dev.airlock.config;

/**
 * One thing wrong with a configuration: where (dotted path such as {@code rules.custom[2].pattern}, and the
 * file line, 0 when unknown) and what was found versus what was expected.
 *
 * <p>Paths join schema keys with dots and index lists ({@code routes[1].upstream}); keys the user chooses, the
 * entries of a map, are written in double quotes with {@code "} and {@code \} escaped by a backslash, since they
 * may hold dots and colons themselves: {@code upstream.connectTo."api.openai.com:443"},
 * {@code policy.rules."github-pat"}. The empty path is the whole file.
 */
public record Problem(String path, int line, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ": " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
