package dev.airlock.config;

/**
 * One thing wrong with a configuration: where (dotted path such as {@code rules.custom[2].pattern}, and the
 * file line, 0 when unknown) and what was found versus what was expected.
 */
public record Problem(String path, int line, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ": " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
