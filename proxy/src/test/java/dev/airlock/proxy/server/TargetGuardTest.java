package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.HostPort;
import dev.airlock.detector.testing.Credentials;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses Airlock refuses to dial for a client (HARDENING §6), by kind and then through a real resolver. */
@Timeout(60)
class TargetGuardTest {

    private static final int OWN_PORT = 18080;
    private static final int ADMIN_PORT = 18081;

    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = Transport.best().group(1, "target-guard-test");
    }

    @AfterAll
    static void stopLoop() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "::1", "0.0.0.0", "::", "10.0.0.1", "10.255.255.255",
        "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.254", "169.254.169.254", "fe80::1", "fc00::1",
        "fd12::1", "fdff:ffff::1", "100.64.0.1", "100.127.255.255", "198.18.0.1", "198.19.255.255", "224.0.0.1",
        "239.255.255.250", "ff02::1", "240.0.0.1", "255.255.255.255", "0.1.2.3", "fec0::1"})
    void privateAddresses(String literal) throws UnknownHostException {
        assertThat(TargetGuard.isPrivate(address(literal))).as(literal).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2001:4860::8888", "172.15.255.255", "172.32.0.1",
        "100.63.255.255", "100.128.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255", "192.169.0.1",
        "169.255.0.1", "11.0.0.1", "fbff::1", "fe00::1", "2606:4700::1111"})
    void publicAddresses(String literal) throws UnknownHostException {
        assertThat(TargetGuard.isPrivate(address(literal))).as(literal).isFalse();
    }

    @Test
    void mappedAddressesAreTheirIpv4Address() throws UnknownHostException {
        InetAddress mappedPrivate = mapped(10, 0, 0, 1);
        InetAddress mappedPublic = mapped(8, 8, 8, 8);
        assertThat(mappedPrivate).as("the JDK keeps this form only when asked").isInstanceOf(Inet6Address.class);

        assertThat(TargetGuard.unmapped(mappedPrivate)).isInstanceOf(Inet4Address.class)
                .isEqualTo(address("10.0.0.1"));
        assertThat(TargetGuard.unmapped(mappedPublic)).isEqualTo(address("8.8.8.8"));
        assertThat(TargetGuard.isPrivate(TargetGuard.unmapped(mappedPrivate))).isTrue();
        assertThat(TargetGuard.isPrivate(TargetGuard.unmapped(mappedPublic))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "10.0.0.1", "2001:4860::8888", "::1", "fe80::1", "::"})
    void unmappedLeavesEverythingElseAlone(String literal) throws UnknownHostException {
        InetAddress a = address(literal);

        assertThat(TargetGuard.unmapped(a)).isSameAs(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::10.1.2.3", "64:ff9b::10.1.2.3", "64:ff9b::a01:203", "2002:a01:203::1"})
    void ipv6FormsCarryingAnIpv4AddressAreJudgedByIt(String literal) throws UnknownHostException {
        InetAddress a = address(literal);

        assertThat(TargetGuard.unmapped(a)).isEqualTo(address("10.1.2.3"));
        assertThat(TargetGuard.isPrivate(TargetGuard.unmapped(a))).isTrue();
    }

    @Test
    void almostMappedAddressesAreNotUnmapped() throws UnknownHostException {
        // ::fffe:a00:1 and 1::ffff:a00:1 differ from the mapped prefix by one bit.
        InetAddress fffe = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 10, 0, 0, 1);
        InetAddress leading = v6(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1);

        assertThat(TargetGuard.unmapped(fffe)).isSameAs(fffe);
        assertThat(TargetGuard.unmapped(leading)).isSameAs(leading);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "fe80::1", "fd12::1",
        "100.64.0.1", "198.18.0.1", "224.0.0.1", "240.0.0.1", "127.0.0.1", "::1", "0.0.0.0", "::"})
    void aGatewayRefusesPrivateTargetsOnAnyPort(String literal) throws UnknownHostException {
        try (TargetGuard gateway = guard(true, false); TargetGuard allowing = guard(true, true);
             TargetGuard local = guard(false, false)) {
            InetSocketAddress target = new InetSocketAddress(address(literal), 443);

            assertThat(gateway.problem(target)).as(literal)
                    .isEqualTo("resolves to a private, loopback or link-local address, which a gateway does not "
                            + "proxy to (access.privateTargets: refuse)");
            assertThat(allowing.problem(target)).as("allowed privately: " + literal).isNull();
            assertThat(local.problem(target)).as("not a gateway: " + literal).isNull();
        }
    }

    @Test
    void aGatewayRefusesMappedPrivateAddressesAndAcceptsMappedPublicOnes() throws UnknownHostException {
        try (TargetGuard gateway = guard(true, false)) {
            assertThat(gateway.problem(new InetSocketAddress(mapped(10, 0, 0, 1), 443))).isNotNull();
            assertThat(gateway.problem(new InetSocketAddress(mapped(127, 0, 0, 1), 443))).isNotNull();
            assertThat(gateway.problem(new InetSocketAddress(mapped(8, 8, 8, 8), 443))).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "2001:4860::8888", "172.32.0.1", "100.128.0.1"})
    void publicTargetsAreFineInEveryMode(String literal) throws UnknownHostException {
        try (TargetGuard gateway = guard(true, false); TargetGuard local = guard(false, false)) {
            for (int port : new int[] {443, 80, OWN_PORT, ADMIN_PORT}) {
                InetSocketAddress target = new InetSocketAddress(address(literal), port);
                assertThat(gateway.problem(target)).as(literal + ":" + port).isNull();
                assertThat(local.problem(target)).as(literal + ":" + port).isNull();
            }
        }
    }

    @Test
    void withoutGatewayModeOnlyAirlocksOwnPortsOnThisMachineAreRefused() throws UnknownHostException {
        String itself = "is Airlock itself (expected: a provider's address; the admin port is never reachable through "
                + "the proxy)";
        try (TargetGuard local = guard(false, false)) {
            for (String literal : new String[] {"127.0.0.1", "127.0.0.2", "::1", "0.0.0.0", "::"}) {
                assertThat(local.problem(new InetSocketAddress(address(literal), OWN_PORT))).as(literal)
                        .isEqualTo(itself);
                assertThat(local.problem(new InetSocketAddress(address(literal), ADMIN_PORT))).as(literal)
                        .isEqualTo(itself);
                assertThat(local.problem(new InetSocketAddress(address(literal), 11434))).as(literal + ", other port")
                        .isNull();
            }
            assertThat(local.problem(new InetSocketAddress(mapped(127, 0, 0, 1), ADMIN_PORT))).as("mapped loopback")
                    .isEqualTo(itself);
            assertThat(local.problem(new InetSocketAddress(address("10.0.0.1"), OWN_PORT)))
                    .as("a private address that is not this machine's").isNull();
        }
    }

    @Test
    void ownPortsOnThisMachinesOwnInterfaceAddressesAreRefusedToo() throws Exception {
        InetAddress own = null;
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address) {
                    own = a;
                }
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(own != null, "no non-loopback IPv4 interface address");
        try (TargetGuard local = guard(false, false)) {
            assertThat(local.problem(new InetSocketAddress(own, OWN_PORT))).startsWith("is Airlock itself");
            assertThat(local.problem(new InetSocketAddress(own, 443))).isNull();
        }
    }

    @Test
    void ownPortsAreRefusedEvenWhenPrivateTargetsAreAllowed() throws UnknownHostException {
        try (TargetGuard allowing = guard(true, true)) {
            assertThat(allowing.problem(new InetSocketAddress(address("127.0.0.1"), ADMIN_PORT)))
                    .startsWith("is Airlock itself");
            assertThat(allowing.problem(new InetSocketAddress(address("127.0.0.1"), 443))).isNull();
        }
    }

    @Test
    void ownPortsAreOnlyThoseLastSet() throws UnknownHostException {
        try (TargetGuard local = new TargetGuard(Transport.best(), false, false, Map.of(), false)) {
            InetSocketAddress loopback = new InetSocketAddress(address("127.0.0.1"), OWN_PORT);
            assertThat(local.problem(loopback)).as("no ports known yet").isNull();

            local.ownPorts(Set.of(OWN_PORT));
            assertThat(local.problem(loopback)).isNotNull();

            local.ownPorts(Set.of(ADMIN_PORT));
            assertThat(local.problem(loopback)).isNull();
        }
    }

    @Test
    void aLiteralPublicAddressIsDialledAsItself() throws Exception {
        try (TargetGuard gateway = guard(true, false)) {
            InetSocketAddress v4 = dial(gateway, new HostPort("8.8.8.8", 443)).getNow();
            InetSocketAddress v6 = dial(gateway, new HostPort("2001:4860::8888", 443)).getNow();

            assertThat(v4.isUnresolved()).isFalse();
            assertThat(v4.getAddress()).isEqualTo(address("8.8.8.8"));
            assertThat(v4.getPort()).isEqualTo(443);
            assertThat(v6.getAddress()).isEqualTo(address("2001:4860::8888"));
        }
    }

    @Test
    void aLiteralPrivateAddressIsRefusedAsForbidden() throws Exception {
        try (TargetGuard gateway = guard(true, false)) {
            for (HostPort target : new HostPort[] {new HostPort("10.0.0.1", 443), new HostPort("169.254.169.254", 80),
                new HostPort("::1", 443)}) {
                Future<InetSocketAddress> f = dial(gateway, target);

                assertThat(f.isSuccess()).as(target.toString()).isFalse();
                assertThat(f.cause()).isInstanceOf(TargetGuard.Refused.class)
                        .hasMessage(target + " resolves to a private, loopback or link-local address, which a gateway"
                                + " does not proxy to (access.privateTargets: refuse)");
                assertThat(((TargetGuard.Refused) f.cause()).forbidden()).isTrue();
            }
        }
    }

    @Test
    void aNameIsCheckedByWhatItResolvesTo() throws Exception {
        // /etc/hosts answers for localhost: the name is resolved here and the loopback address it gives is refused.
        try (TargetGuard gateway = guard(true, false); TargetGuard local = guard(false, false)) {
            Future<InetSocketAddress> refused = dial(gateway, new HostPort("localhost", 443));
            Future<InetSocketAddress> itself = dial(local, new HostPort("localhost", ADMIN_PORT));
            Future<InetSocketAddress> fine = dial(local, new HostPort("localhost", 443));

            assertThat(refused.cause()).isInstanceOf(TargetGuard.Refused.class).hasMessageStartingWith("localhost:443 ");
            assertThat(((TargetGuard.Refused) refused.cause()).forbidden()).isTrue();
            assertThat(((TargetGuard.Refused) itself.cause()).forbidden()).isTrue();
            assertThat(itself.cause()).hasMessageContaining("is Airlock itself");
            assertThat(fine.getNow().isUnresolved()).as("the checked address is the one dialled").isFalse();
            assertThat(fine.getNow().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void aConnectToTargetIsDialledAsConfiguredWithoutChecks() throws Exception {
        HostPort target = new HostPort("api.openai.com", 443);
        try (TargetGuard gateway = new TargetGuard(Transport.best(), true, false,
                Map.of(target, new HostPort("127.0.0.1", ADMIN_PORT)), false)) {
            gateway.ownPorts(Set.of(OWN_PORT, ADMIN_PORT));

            InetSocketAddress dial = dial(gateway, target).getNow();

            assertThat(dial.isUnresolved()).isTrue();
            assertThat(dial.getHostString()).isEqualTo("127.0.0.1");
            assertThat(dial.getPort()).isEqualTo(ADMIN_PORT);
        }
    }

    @Test
    void aNameThatDoesNotResolveFailsAsABadGatewayNamingTheTarget() throws Exception {
        try (TargetGuard gateway = guard(true, false)) {
            HostPort target = new HostPort("nonexistent.invalid", 443);

            Future<InetSocketAddress> f = dial(gateway, target);

            assertThat(f.isSuccess()).isFalse();
            assertThat(f.cause()).isInstanceOf(TargetGuard.Refused.class)
                    .hasMessage("nonexistent.invalid:443 cannot be resolved: unknown host");
            assertThat(((TargetGuard.Refused) f.cause()).forbidden()).isFalse();
        }
    }

    /** A name that does not resolve is the client's text: one shaped like a pasted key is never repeated. */
    @Test
    void aNameShapedLikeAKeyIsNotRepeated() throws Exception {
        Random random = new Random();
        String github = Credentials.githubToken(random);
        String awsKeyId = "AKIA" + Credentials.random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        try (TargetGuard gateway = guard(true, false)) {
            for (String host : List.of(github + ".example.com", awsKeyId.toLowerCase() + ".invalid")) {
                Future<InetSocketAddress> f = dial(gateway, new HostPort(host, 443));

                assertThat(f.cause()).isInstanceOf(TargetGuard.Refused.class)
                        .hasMessage("the requested host cannot be resolved: unknown host");
            }
        }
        assertThat(TargetGuard.shown(new HostPort("bedrock-runtime.us-east-1.amazonaws.com", 443)))
                .isEqualTo("bedrock-runtime.us-east-1.amazonaws.com:443");
    }

    @Test
    void throughAParentProxyNamesAreLeftToTheParentButLiteralsAreStillChecked() throws Exception {
        try (TargetGuard viaParent = new TargetGuard(Transport.best(), true, false, Map.of(), true)) {
            InetSocketAddress name = dial(viaParent, new HostPort("nonexistent.invalid", 443)).getNow();
            Future<InetSocketAddress> privateLiteral = dial(viaParent, new HostPort("10.0.0.1", 443));
            InetSocketAddress publicLiteral = dial(viaParent, new HostPort("8.8.8.8", 443)).getNow();

            assertThat(name.isUnresolved()).as("not resolved here").isTrue();
            assertThat(name.getHostString()).isEqualTo("nonexistent.invalid");
            assertThat(((TargetGuard.Refused) privateLiteral.cause()).forbidden()).isTrue();
            assertThat(publicLiteral.isUnresolved()).as("checked, then named to the parent").isTrue();
            assertThat(publicLiteral.getHostString()).isEqualTo("8.8.8.8");
        }
    }

    private static Future<InetSocketAddress> dial(TargetGuard guard, HostPort target) throws InterruptedException {
        EventLoop loop = group.next();
        Future<InetSocketAddress> f = guard.dial(loop, target);
        assertThat(f.await(30, TimeUnit.SECONDS)).as("dial of " + target + " completes").isTrue();
        return f;
    }

    private static TargetGuard guard(boolean gateway, boolean allowPrivate) {
        TargetGuard guard = new TargetGuard(Transport.best(), gateway, allowPrivate, Map.of(), false);
        guard.ownPorts(Set.of(OWN_PORT, ADMIN_PORT));
        return guard;
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        // Literals only: getByName parses them without a lookup.
        return InetAddress.getByName(literal);
    }

    /** {@code ::ffff:a.b.c.d} as an {@link Inet6Address}, the form a dual-stack resolver or socket may report. */
    private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
        return v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d);
    }

    private static InetAddress v6(int... bytes) throws UnknownHostException {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) bytes[i];
        }
        return Inet6Address.getByAddress(null, b, -1);
    }
}
