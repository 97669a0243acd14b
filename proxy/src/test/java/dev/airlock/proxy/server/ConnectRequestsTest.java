package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.HostPort;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CONNECT target ({@code authority-form}) parser: what it accepts, how it normalises, and what it refuses. */
class ConnectRequestsTest {

    @ParameterizedTest
    @CsvSource({
        "api.openai.com:443, api.openai.com, 443",
        "Host.Example.COM.:443, host.example.com, 443",
        "API.ANTHROPIC.COM:8443, api.anthropic.com, 8443",
        "[::1]:443, ::1, 443",
        "[2001:DB8::1]:443, 2001:db8::1, 443",
        "[::ffff:10.0.0.1]:443, ::ffff:10.0.0.1, 443",
        "10.0.0.1:1, 10.0.0.1, 1",
        "h:65535, h, 65535",
        "my_host-1.example:443, my_host-1.example, 443",
        "host:00443, host, 443",
    })
    void validTargets(String uri, String host, int port) {
        assertThat(ConnectRequests.authority(uri)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "host", "host:", ":443", "host:0", "host:00000", "host:65536", "host:99999",
        "host:123456", "host:4430000000000000000000000000000000000443", "host:-1", "host:+443", "host:44 3",
        "host: 443", " host:443", "host :443", "ho st:443", "host:443 ", "[::1", "[::1]", "[::1]:", "[]:443",
        "[::1:443", "::1:443", "a:b:443", "user@host:443", "user:pw@host:443", "host:443/path", "/path",
        "http://host:443", "host:443?x", "host:443#f", "ho%73t:443", "h\u00f6st:443", "h\tost:443", "host\r\n:443",
        ".:443", "..:443", "host..:443", "Host.Example.COM..:443", "host:0x1bb", "host:\u0664\u0664\u0663"})
    void invalidTargets(String uri) {
        assertThat(ConnectRequests.authority(uri)).as("\"%s\"", uri).isNull();
    }

    @Provide
    Arbitrary<String> authorities() {
        Arbitrary<String> hostish = Arbitraries.strings().withChars("aZ09.-_:[]@/ %\u00e9\u212a\u0130")
                .withCharRange('a', 'z').ofMaxLength(30);
        Arbitrary<String> portish = Arbitraries.oneOf(
                Arbitraries.integers().between(-2, 70000).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789+-x ").ofMaxLength(8));
        Arbitrary<String> shaped = Combinators.combine(hostish, portish).as((h, p) -> h + ":" + p);
        // Names as clients write them: labels in any case, and sometimes trailing dots.
        Arbitrary<String> named = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars("0-_").ofMinLength(1)
                        .ofMaxLength(6).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l)),
                Arbitraries.of("", ".", "..", "..."),
                Arbitraries.integers().between(0, 65536)).as((h, dots, p) -> h + dots + ":" + p);
        return Arbitraries.oneOf(shaped, named, Arbitraries.strings().ofMaxLength(40));
    }

    @Property(tries = 3000)
    void whateverIsAcceptedIsAUsableHostAndPort(@ForAll("authorities") String uri) {
        HostPort target = ConnectRequests.authority(uri);
        if (target == null) {
            return;
        }
        assertThat(target.port()).isBetween(1, 65535);
        assertThat(target.host()).isNotEmpty().matches("[a-z0-9.\\-:_]+").doesNotEndWith(".");
        // Parsing what was accepted, written back out, gives the same target.
        assertThat(ConnectRequests.authority(target.toString())).isEqualTo(target);
    }
}
