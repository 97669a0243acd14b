package dev.airlock.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How Airlock reaches providers.
 *
 * @param caFile    extra PEM roots trusted for upstream TLS, on top of the JDK's; null for none
 * @param connectTo dial the value instead of the key ({@code host:port}), like curl's {@code --connect-to}; TLS
 *                  still checks the original host name
 * @param proxy     parent HTTP proxy ({@code http://host:port}) to reach upstreams through; null for direct
 */
public record UpstreamConfig(Path caFile, Map<HostPort, HostPort> connectTo, URI proxy) {

    public static final UpstreamConfig DEFAULT = new UpstreamConfig(null, Map.of(), null);

    public UpstreamConfig {
        connectTo = Map.copyOf(connectTo);
    }
}
