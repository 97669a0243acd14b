package dev.airlock.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A base-URL route: requests to {@code /<name>/rest} go to {@code upstream + /rest}.
 *
 * @param name     the first path segment; lowercase letters, digits and dashes
 * @param upstream an http or https URL without query or fragment; its host may hold the placeholder
 *                 {@code {resource}}, filled from the path segment after the route name (Azure:
 *                 {@code /azure/<resource>/openai/...} goes to {@code https://<resource>.openai.azure.com/openai/...})
 * @param dialect  how the upstream's errors look, so a block reads like one of its own errors
 * @param allow    findings accepted on this route besides those of {@code policy.allow}
 */
public record RouteConfig(String name, String upstream, Dialect dialect, AllowConfig allow) {

    public static final String RESOURCE = "{resource}";
    static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(allow, "allow");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" (expected: lowercase letters, digits and dashes)");
        }
        String problem = upstreamProblem(upstream);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A route that accepts no finding beyond {@code policy.allow}. */
    public RouteConfig(String name, String upstream, Dialect dialect) {
        this(name, upstream, dialect, AllowConfig.NONE);
    }

    /** True when the upstream host is filled from the request path. */
    public boolean perResource() {
        return upstream.contains(RESOURCE);
    }

    /** The upstream for a resource name (ignored unless {@link #perResource()}); null if the name is not a DNS label. */
    public URI upstreamFor(String resource) {
        if (!perResource()) {
            return URI.create(upstream);
        }
        String label = resource.toLowerCase(Locale.ROOT);
        return DNS_LABEL.matcher(label).matches() ? URI.create(upstream.replace(RESOURCE, label)) : null;
    }

    /** Why a text is not a usable upstream URL, or null when it is. */
    public static String upstreamProblem(String text) {
        String expected = " (expected: an http or https URL such as https://api.example.com/v1, without query or fragment)";
        URI uri;
        try {
            uri = new URI(text.replace(RESOURCE, "resource"));
        } catch (URISyntaxException e) {
            return "\"" + text + "\" is not a URL" + expected;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "\"" + text + "\"" + expected;
        }
        if (uri.getHost() == null) {
            return "\"" + text + "\" has no host" + expected;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            // Only scheme and host are repeated: a query (Gemini's ?key=) or user info is where credentials sit.
            return "the URL of host " + uri.getHost() + " has a query, fragment or user info" + expected;
        }
        return null;
    }
}
