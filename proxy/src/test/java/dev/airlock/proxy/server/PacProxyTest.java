package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.HostPort;
import org.junit.jupiter.api.Test;

/** The proxy address the served PAC names: the bound one, or for a wildcard listener the host the client used. */
class PacProxyTest {

    @Test
    void aWildcardListenerIsNamedByTheHostTheClientFetchedThePacFrom() {
        HostPort any = new HostPort("0.0.0.0", 8080);
        assertThat(ProxyServer.pacProxy(any, "gw.corp.example:8081")).isEqualTo(new HostPort("gw.corp.example", 8080));
        assertThat(ProxyServer.pacProxy(any, "10.1.2.3")).isEqualTo(new HostPort("10.1.2.3", 8080));
        assertThat(ProxyServer.pacProxy(new HostPort("::", 8080), "[2001:db8::7]:8081"))
                .isEqualTo(new HostPort("2001:db8::7", 8080));
    }

    @Test
    void aHostHeaderThatIsNoPlainNameOrABoundAddressIsNotUsed() {
        HostPort any = new HostPort("0.0.0.0", 8080);
        assertThat(ProxyServer.pacProxy(any, "evil\"); alert(1); (\"")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(ProxyServer.pacProxy(any, null)).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(ProxyServer.pacProxy(new HostPort("127.0.0.1", 8080), "gw.corp.example"))
                .isEqualTo(new HostPort("127.0.0.1", 8080));
    }
}
