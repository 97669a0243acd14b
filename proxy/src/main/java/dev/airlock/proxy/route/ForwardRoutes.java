package dev.airlock.proxy.route;

import dev.airlock.config.Dialect;
import dev.airlock.config.RouteConfig;
import java.net.URI;
import java.util.Locale;

/**
 * Forward mode's routing: the client names the host, so the route only lends a name (for metrics and logs) and a
 * dialect (for answers). A host a route's upstream points at takes that route's; any other intercepted host is
 * route {@value #FORWARD}, speaking the dialect its domain suggests. Immutable.
 */
public final class ForwardRoutes {

    public static final String FORWARD = "forward";

    private final Routes routes;

    public ForwardRoutes(Routes routes) {
        this.routes = routes;
    }

    /**
     * Where a forward request goes: {@code scheme://host:port} and the client's origin-form target unchanged.
     *
     * @param host a host name the caller has checked (lowercase)
     */
    public RouteMatch match(boolean tls, String host, int port, String target) {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        URI upstream = URI.create((tls ? "https://" : "http://") + authority);
        return new RouteMatch(routeFor(host, tls), upstream, target.isEmpty() ? "/" : target);
    }

    private RouteConfig routeFor(String host, boolean tls) {
        for (RouteConfig route : routes.all()) {
            if (route.perResource()) {
                String sample = route.upstreamFor("resource").getHost();
                String suffix = sample.substring("resource".length());
                int dot = host.indexOf('.');
                if (sample.startsWith("resource.") && dot > 0 && host.substring(dot).equals(suffix)) {
                    return route;
                }
            } else if (host.equalsIgnoreCase(route.upstreamFor("").getHost())) {
                return route;
            }
        }
        return new RouteConfig(FORWARD, (tls ? "https://" : "http://") + "forward.invalid", dialectFor(host));
    }

    /** The error shape a client of this host expects; OpenAI's is what most compatible APIs copy. */
    static Dialect dialectFor(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("anthropic.com") || h.endsWith(".anthropic.com")) {
            return Dialect.ANTHROPIC;
        }
        if (h.endsWith(".googleapis.com")) {
            return Dialect.GEMINI;
        }
        if (h.equals("api.cohere.com") || h.equals("api.cohere.ai")) {
            return Dialect.COHERE;
        }
        return Dialect.OPENAI;
    }
}
