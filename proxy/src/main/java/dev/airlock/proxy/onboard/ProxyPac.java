package dev.airlock.proxy.onboard;

import dev.airlock.proxy.route.InterceptHosts;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A proxy auto-config (PAC) file that sends the intercepted AI API hosts to Airlock and everything else
 * {@code DIRECT}, for browsers and OS proxy settings that take a PAC URL instead of {@code HTTPS_PROXY}.
 *
 * <p>The host patterns mean what they mean to {@link dev.airlock.proxy.route.InterceptHosts}: the host is
 * lowercased and one trailing dot dropped; a {@code *} that is the whole first label stands for one or more
 * leading labels, any other {@code *} for one or more characters inside its label. The file is plain ES3
 * JavaScript (regular-expression literals, no {@code shExpMatch} or other PAC helpers), so it behaves the same in
 * every PAC engine and runs in Node as it is.
 *
 * <p>There is no {@code DIRECT} fallback after the proxy: when Airlock is down, AI requests fail instead of
 * silently going around the scan.
 */
public final class ProxyPac {

    /** What a proxy address may hold: a host name, an IPv4 literal or a bracketed IPv6 literal, and a port. */
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.%A-Za-z]+]:[0-9]{1,5}");

    private ProxyPac() {
    }

    /**
     * The PAC file's text.
     *
     * @param interceptPatterns the {@code intercept.hosts} patterns, in the config's syntax
     * @param proxyHostPort     where clients reach Airlock: {@code 127.0.0.1:8080}, {@code [::1]:8080}
     * @throws IllegalArgumentException when the address is not {@code host:port} or a pattern holds a character
     *                                  outside printable ASCII (it could not be named in the file's comments)
     */
    public static String render(List<String> interceptPatterns, String proxyHostPort) {
        if (!HOST_PORT.matcher(proxyHostPort).matches()) {
            throw new IllegalArgumentException("proxy address \"" + proxyHostPort
                    + "\" (expected: host:port or [ipv6]:port)");
        }
        for (String p : interceptPatterns) {
            if (p.isEmpty() || !p.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("intercept host pattern \"" + p
                        + "\" (expected: a host name in printable ASCII)");
            }
        }
        StringBuilder js = new StringBuilder();
        js.append("// Airlock proxy auto-config (PAC) file.\n");
        js.append("// Only AI API hosts go through Airlock (").append(proxyHostPort)
                .append("), which scans prompts for credentials;\n");
        js.append("// every other host is reached DIRECT. With Airlock down, AI requests fail rather than skip the scan.\n");
        js.append("// Hosts sent through Airlock (intercept.hosts; a leading *. is one or more labels, another * part of a label):\n");
        for (String p : interceptPatterns) {
            js.append("//   ").append(p).append('\n');
        }
        js.append('\n');
        js.append("var AIRLOCK_PROXY = \"PROXY ").append(proxyHostPort).append("\";\n");
        js.append("var AIRLOCK_HOSTS = [");
        for (int i = 0; i < interceptPatterns.size(); i++) {
            js.append(i == 0 ? "\n" : ",\n").append("    /^").append(InterceptHosts.regex(interceptPatterns.get(i))).append("$/");
        }
        js.append("\n];\n\n");
        js.append("""
                function FindProxyForURL(url, host) {
                    var h = String(host).toLowerCase();
                    if (h.charAt(h.length - 1) === ".") {
                        h = h.substring(0, h.length - 1);
                    }
                    if (h.length === 0 || h.length > 253) {
                        return "DIRECT";
                    }
                    for (var i = 0; i < AIRLOCK_HOSTS.length; i++) {
                        if (AIRLOCK_HOSTS[i].test(h)) {
                            return AIRLOCK_PROXY;
                        }
                    }
                    return "DIRECT";
                }
                """);
        return js.toString();
    }

}
