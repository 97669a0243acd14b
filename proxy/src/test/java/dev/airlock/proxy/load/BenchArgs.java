package dev.airlock.proxy.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a benchmark's command: {@code name=value} as the README documents them, or bare values in the
 * order of the names. An unknown name or a value that is not a number where one is expected stops the run with a
 * message naming what was expected, before anything is measured.
 */
public final class BenchArgs {

    private final List<String> names;
    private final Map<String, String> given = new HashMap<>();

    private BenchArgs(List<String> names) {
        this.names = names;
    }

    /** @param names the accepted names, in the order bare values are taken */
    public static BenchArgs parse(String[] args, String... names) {
        BenchArgs parsed = new BenchArgs(List.of(names));
        for (int i = 0; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String name = eq < 0 ? (i < names.length ? names[i] : null) : args[i].substring(0, eq);
            if (name == null || !parsed.names.contains(name)) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "': expected name=value with "
                        + "a name among " + parsed.names);
            }
            parsed.given.put(name, eq < 0 ? args[i] : args[i].substring(eq + 1));
        }
        return parsed;
    }

    public String text(String name, String otherwise) {
        return given.getOrDefault(known(name), otherwise);
    }

    public int integer(String name, int otherwise) {
        String value = given.get(known(name));
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a whole number", e);
        }
    }

    public boolean has(String name) {
        return given.containsKey(known(name));
    }

    private String known(String name) {
        if (!names.contains(name)) {
            throw new IllegalStateException("benchmark reads an argument it does not declare: " + name);
        }
        return name;
    }
}
