package dev.airlock.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@code upstream} section: how Airlock reaches providers (extra CA roots, address overrides, parent proxy). */
final class UpstreamBinder {

    static final String PATH = "upstream";
    static final Set<String> KEYS = Set.of("caFile", "connectTo", "proxy");
    private static final String DIAL_FORMS = "host:port or [ipv6]:port";
    private static final String PROXY_FORM = " (expected: an http URL with host and port, such as http://proxy.example.com:3128)";

    private UpstreamBinder() {
    }

    static UpstreamConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return UpstreamConfig.DEFAULT;
        }
        int before = f.problemCount();
        Path caFile = f.file(YamlFields.get(m, "caFile"), PATH + ".caFile", true);
        Map<HostPort, HostPort> connectTo = connectTo(f, YamlFields.get(m, "connectTo"), PATH + ".connectTo");
        URI proxy = proxy(f, YamlFields.get(m, "proxy"), PATH + ".proxy");
        return f.problemCount() > before ? UpstreamConfig.DEFAULT : new UpstreamConfig(caFile, connectTo, proxy);
    }

    private static Map<HostPort, HostPort> connectTo(YamlFields f, YamlNode node, String path) {
        Map<HostPort, HostPort> out = new LinkedHashMap<>();
        YamlNode.Mapping m = f.mapping(node, path);
        if (m == null) {
            return out;
        }
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String entryPath = YamlFields.mapKey(path, e.getKey());
            HostPort from = dial(f, e.getKey(), entryPath, m.keyLines().get(e.getKey()));
            String to = f.text(e.getValue(), entryPath, DIAL_FORMS);
            HostPort target = to == null ? null : dial(f, to, entryPath, e.getValue().line());
            if (from != null && target != null) {
                out.put(from, target);
            }
        }
        return out;
    }

    /** A dialled address: a lowercase host (requests are matched by name) and a real port, never the bare-port form. */
    private static HostPort dial(YamlFields f, String text, String path, int line) {
        String found = "\"" + text + "\"";
        HostPort hp;
        try {
            hp = text.strip().chars().allMatch(Character::isDigit) ? null : HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            f.problem(path, line, e.getMessage().replace("host:port, [ipv6]:port or a port", DIAL_FORMS));
            return null;
        }
        if (hp == null) {
            f.problem(path, line, found + " has no host (expected: " + DIAL_FORMS + ")");
        } else if (hp.port() == 0) {
            f.problem(path, line, found + " has port 0 (expected: " + DIAL_FORMS + " with a port from 1 to 65535)");
        } else if (!hp.host().equals(hp.host().toLowerCase(Locale.ROOT))) {
            f.problem(path, line, found + " has capital letters (expected: " + DIAL_FORMS + " with a lowercase host)");
        } else {
            return hp;
        }
        return null;
    }

    private static URI proxy(YamlFields f, YamlNode node, String path) {
        String text = f.text(node, path, "an http URL");
        if (text == null) {
            return null;
        }
        String problem = proxyProblem(text);
        if (problem != null) {
            f.problem(path, node.line(), problem);
            return null;
        }
        return URI.create(text);
    }

    /** Why a text is not a usable parent proxy URL, or null when it is. */
    static String proxyProblem(String text) {
        String found = "\"" + text + "\"";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return found + " is not a URL" + PROXY_FORM;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return found + ": https parent proxies are not supported yet" + PROXY_FORM;
        }
        if (!scheme.equals("http")) {
            return found + PROXY_FORM;
        }
        if (uri.getRawUserInfo() != null) {
            // Not repeated: user info is a password more often than not.
            return "the URL of host " + uri.getHost() + " has user info: parent proxy credentials are not supported yet"
                    + PROXY_FORM;
        }
        if (uri.getHost() == null) {
            return found + " has no host" + PROXY_FORM;
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            return found + (uri.getPort() < 0 ? " has no port" : " has port " + uri.getPort()) + PROXY_FORM;
        }
        String p = uri.getRawPath();
        if ((p != null && !p.isEmpty() && !p.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return found + " has a path, query or fragment" + PROXY_FORM;
        }
        return null;
    }
}
