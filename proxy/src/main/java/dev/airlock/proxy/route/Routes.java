package dev.airlock.proxy.route;

import dev.airlock.config.Dialect;
import dev.airlock.config.RouteConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a base-URL request ({@code /<route>/<rest>}) to its upstream. Configured routes replace built-in ones of the
 * same name. Immutable.
 */
public final class Routes {

    /**
     * The first path segments of Anthropic's API, all of it under {@code /v1}. Clients disagree on what
     * {@code ANTHROPIC_BASE_URL} holds: Anthropic's SDKs and Claude Code add {@code /v1/messages} to it, the Vercel AI
     * SDK (OpenCode and the apps built on it) adds only {@code /messages}, taking the variable to end in {@code /v1}.
     * So that one exported line serves both, {@code /anthropic/messages} on a route to Anthropic's own origin goes to
     * {@code /v1/messages}; any other path is forwarded as written.
     */
    private static final Set<String> ANTHROPIC_V1 = Set.of("messages", "models", "complete", "files", "skills",
            "organizations");

    private final Map<String, RouteConfig> byName;
    /** Upstreams of the routes without a {@code {resource}}, parsed once rather than per request. */
    private final Map<String, URI> fixed;

    private Routes(Map<String, RouteConfig> byName) {
        this.byName = byName;
        Map<String, URI> uris = new LinkedHashMap<>();
        byName.forEach((name, route) -> {
            if (!route.perResource()) {
                uris.put(name, route.upstreamFor(""));
            }
        });
        this.fixed = Map.copyOf(uris);
    }

    /** The built-in routes, overridden and extended by the configured ones. */
    public static Routes of(List<RouteConfig> configured) {
        return of(configured, true);
    }

    /**
     * @param builtInLoopback whether built-in routes to this machine ({@code ollama}) are kept: a gateway drops
     *                        them, or every user it serves could drive the gateway host's local services; a route
     *                        configured by the operator is always kept
     */
    public static Routes of(List<RouteConfig> configured, boolean builtInLoopback) {
        Map<String, RouteConfig> all = new LinkedHashMap<>();
        BuiltInRoutes.ALL.stream().filter(r -> builtInLoopback || r.perResource() || !isLoopback(r))
                .forEach(r -> all.put(r.name(), r));
        configured.forEach(r -> all.put(r.name(), r));
        return new Routes(Map.copyOf(all));
    }

    private static boolean isLoopback(RouteConfig route) {
        String host = route.upstreamFor("").getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    public List<RouteConfig> all() {
        List<RouteConfig> out = new ArrayList<>(byName.values());
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /**
     * Resolves an origin-form request target ({@code /openai/v1/chat/completions?x=1}).
     *
     * @throws NoRouteException naming what was wrong and which routes exist
     */
    public RouteMatch match(String target) throws NoRouteException {
        if (!target.startsWith("/")) {
            throw new NoRouteException("the request target is not a path");
        }
        int queryAt = target.indexOf('?');
        String path = queryAt < 0 ? target : target.substring(0, queryAt);
        String query = queryAt < 0 ? "" : target.substring(queryAt);
        int slash = path.indexOf('/', 1);
        String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "" : path.substring(slash);
        RouteConfig route = byName.get(name);
        if (route == null) {
            // The segment is not echoed: a path can carry a pasted credential.
            throw new NoRouteException(name.isEmpty() ? "no route in the path" : "the first path segment names no route");
        }
        URI upstream;
        if (route.perResource()) {
            int next = rest.indexOf('/', 1);
            String resource = firstSegment(rest);
            upstream = resource.isEmpty() ? null : route.upstreamFor(resource);
            if (upstream == null) {
                throw new NoRouteException("route \"" + name + "\" needs a resource name after it (expected: /"
                        + name + "/<resource>/..., where <resource> is a DNS label)");
            }
            rest = next < 0 ? "" : rest.substring(next);
        } else {
            upstream = fixed.get(name);
        }
        String base = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty() && route.dialect() == Dialect.ANTHROPIC && ANTHROPIC_V1.contains(firstSegment(rest))) {
            rest = "/v1" + rest;
        }
        String upstreamPath = base + rest;
        return new RouteMatch(route, upstream, (upstreamPath.isEmpty() ? "/" : upstreamPath) + query);
    }

    /** {@code messages} of {@code /messages/count_tokens}; "" for an empty path. */
    private static String firstSegment(String path) {
        int next = path.indexOf('/', 1);
        return path.isEmpty() ? "" : next < 0 ? path.substring(1) : path.substring(1, next);
    }

    /** The request names no route; the message says which exist. */
    public final class NoRouteException extends Exception {
        NoRouteException(String what) {
            super(what + " (expected one of: " + String.join(", ", all().stream().map(RouteConfig::name).toList())
                    + "; e.g. http://127.0.0.1:8080/openai/v1)", null, false, false);
        }
    }
}
