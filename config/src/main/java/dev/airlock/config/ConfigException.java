package dev.airlock.config;

import java.util.List;

/** A configuration that cannot be used, with every problem found in it (not just the first). */
public final class ConfigException extends Exception {

    private final transient List<Problem> problems;

    public ConfigException(String source, List<Problem> problems) {
        super(describe(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String source, List<Problem> problems) {
        StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
