package dev.airlock.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code routes} list: base-URL routes, each a name, an upstream URL, the provider dialect and the findings it
 * accepts.
 */
final class RoutesBinder {

    static final String PATH = "routes";
    private static final Set<String> KEYS = Set.of("name", "upstream", "provider", AllowBinder.FINGERPRINTS, AllowBinder.FILES);

    private RoutesBinder() {
    }

    static List<RouteConfig> bind(YamlFields f, YamlNode node) {
        List<RouteConfig> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<YamlNode> items = f.list(node, PATH, "a list of routes");
        for (int i = 0; i < items.size(); i++) {
            RouteConfig route = route(f, items.get(i), YamlFields.item(PATH, i), names);
            if (route != null) {
                routes.add(route);
            }
        }
        return routes;
    }

    /** A route with no {@code provider} named after a built-in route speaks that route's dialect. */
    static Dialect defaultDialect(String name) {
        return switch (name) {
            case "anthropic" -> Dialect.ANTHROPIC;
            case "gemini" -> Dialect.GEMINI;
            case "ollama" -> Dialect.OLLAMA;
            default -> Dialect.OPENAI;
        };
    }

    private static RouteConfig route(YamlFields f, YamlNode node, String path, Set<String> names) {
        YamlNode.Mapping m = f.mapping(node, path);
        if (m == null) {
            return null;
        }
        int before = f.problemCount();
        f.onlyKeys(m, path, KEYS);
        String name = f.required(m, path, "name");
        if (name != null) {
            int line = m.entries().get("name").line();
            if (!RouteConfig.NAME.matcher(name).matches()) {
                f.problem(path + ".name", line, "\"" + name
                        + "\" (expected: kebab-case, lowercase letters, digits and dashes, e.g. my-openai)");
            } else if (!names.add(name)) {
                f.problem(path + ".name", line, "\"" + name + "\" is used twice (expected: unique route names)");
            }
        }
        String upstream = f.required(m, path, "upstream");
        String problem = upstream == null ? null : RouteConfig.upstreamProblem(upstream);
        if (problem != null) {
            f.problem(path + ".upstream", m.entries().get("upstream").line(), problem);
        }
        Dialect dialect = f.choice(YamlFields.get(m, "provider"), path + ".provider", Arrays.asList(Dialect.values()));
        AllowConfig allow = AllowBinder.bind(f, m, path);
        if (f.problemCount() > before) {
            return null;
        }
        Dialect chosen = dialect == null ? defaultDialect(name) : dialect;
        return f.build(m, path, Set.of(), () -> new RouteConfig(name, upstream, chosen, allow));
    }
}
