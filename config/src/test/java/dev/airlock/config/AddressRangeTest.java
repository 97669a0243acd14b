package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangeTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "192.0.2.7, 192.0.2.7/32",
        "' 192.0.2.0/24 ', 192.0.2.0/24",
        "0.0.0.0/0, 0.0.0.0/0",
        "2001:DB8::/32, 2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0000/32, 2001:db8::/32",
        "::1, ::1/128",
        "::/0, ::/0",
        "fe80::/10, fe80::/10",
        "2001:db8:0:0:1:0:0:0/80, 2001:db8:0:0:1::/80",
        "2001:db8:0:1:0:0:1:0/128, 2001:db8:0:1::1:0/128",
        "1:0:0:2:0:0:0:3/128, 1:0:0:2::3/128",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
        "::ffff:192.0.2.7, 192.0.2.7/32",
        "::ffff:0:0/96, 0.0.0.0/0",
        "::10.0.0.1, ::a00:1/128",
    })
    void parsesLiteralsAndWritesCidr(String text, String cidr) {
        AddressRange r = AddressRange.parse(text);
        assertThat(r).hasToString(cidr);
        assertThat(AddressRange.parse(cidr)).isEqualTo(r);
    }

    @Test
    void theRecordChecksItsFieldsToo() throws UnknownHostException {
        assertThatThrownBy(() -> new AddressRange(v4("10.1.2.3"), 8))
                .hasMessage("10.1.2.3/8 has host bits set (expected: 10.0.0.0/8)");
        assertThatThrownBy(() -> new AddressRange(v4("10.0.0.0"), 33))
                .hasMessage("10.0.0.0/33 has prefix length 33 (expected: 0 to 32 for an IPv4 address)");
        assertThatThrownBy(() -> new AddressRange(v4("10.0.0.0"), -1))
                .hasMessage("10.0.0.0/-1 has prefix length -1 (expected: 0 to 32 for an IPv4 address)");
        assertThatThrownBy(() -> new AddressRange(InetAddress.getByName("::1"), 129))
                .hasMessage("::1/129 has prefix length 129 (expected: 0 to 128 for an IPv6 address)");
        assertThatThrownBy(() -> new AddressRange(null, 8)).isInstanceOf(NullPointerException.class);

        AddressRange named = new AddressRange(InetAddress.getByAddress("office.example", new byte[] {10, 0, 0, 0}), 8);
        assertThat(named).isEqualTo(AddressRange.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(named.network().toString()).doesNotContain("office");
    }

    @Test
    void aMappedNetworkIsItsIpv4Range() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        AddressRange r = new AddressRange(Inet6Address.getByAddress(null, mapped, -1), 104);
        assertThat(r).isEqualTo(AddressRange.parse("10.0.0.0/8"));
        assertThat(r.network()).isInstanceOf(Inet4Address.class);
        assertThat(r.prefixLength()).isEqualTo(8);
    }

    @Test
    void containsIpv4() throws UnknownHostException {
        AddressRange r = AddressRange.parse("10.0.0.0/8");
        assertThat(r.contains(v4("10.0.0.0"))).isTrue();
        assertThat(r.contains(v4("10.255.255.255"))).isTrue();
        assertThat(r.contains(v4("9.255.255.255"))).isFalse();
        assertThat(r.contains(v4("11.0.0.0"))).isFalse();

        AddressRange odd = AddressRange.parse("192.0.2.64/27");
        assertThat(odd.contains(v4("192.0.2.64"))).isTrue();
        assertThat(odd.contains(v4("192.0.2.95"))).isTrue();
        assertThat(odd.contains(v4("192.0.2.63"))).isFalse();
        assertThat(odd.contains(v4("192.0.2.96"))).isFalse();
    }

    @Test
    void aSingleAddressContainsOnlyItself() throws UnknownHostException {
        AddressRange one = AddressRange.parse("192.0.2.7/32");
        assertThat(one.contains(v4("192.0.2.7"))).isTrue();
        assertThat(one.contains(v4("192.0.2.6"))).isFalse();
        assertThat(one.contains(v4("192.0.2.8"))).isFalse();
        assertThat(one.contains(v4("192.0.3.7"))).isFalse();

        AddressRange loop6 = AddressRange.parse("::1");
        assertThat(loop6.contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(loop6.contains(InetAddress.getByName("::2"))).isFalse();
        assertThat(loop6.contains(InetAddress.getByName("::"))).isFalse();
        assertThat(loop6.contains(v4("127.0.0.1"))).isFalse();
    }

    @Test
    void slashZeroIsEveryAddressOfItsFamilyOnly() throws UnknownHostException {
        AddressRange all4 = AddressRange.parse("0.0.0.0/0");
        AddressRange all6 = AddressRange.parse("::/0");
        for (String a : new String[] {"0.0.0.0", "255.255.255.255", "127.0.0.1", "::ffff:203.0.113.9"}) {
            assertThat(all4.contains(InetAddress.getByName(a))).as(a).isTrue();
            assertThat(all6.contains(InetAddress.getByName(a))).as(a).isFalse();
        }
        for (String a : new String[] {"::", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::1"}) {
            assertThat(all6.contains(InetAddress.getByName(a))).as(a).isTrue();
            assertThat(all4.contains(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void containsIpv6() throws UnknownHostException {
        AddressRange r = AddressRange.parse("2001:db8::/32");
        assertThat(r.contains(InetAddress.getByName("2001:db8::"))).isTrue();
        assertThat(r.contains(InetAddress.getByName("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(r.contains(InetAddress.getByName("2001:db9::"))).isFalse();
        assertThat(r.contains(InetAddress.getByName("2001:db7:ffff::"))).isFalse();
        assertThat(r.contains(InetAddress.getByName("fe80::1%1"))).isFalse();
        assertThat(AddressRange.parse("fe80::/10").contains(InetAddress.getByName("fe80::1%1"))).isTrue();
        assertThat(AddressRange.parse("fe80::/10").contains(InetAddress.getByName("febf:ffff::"))).isTrue();
        assertThat(AddressRange.parse("fe80::/10").contains(InetAddress.getByName("fec0::"))).isFalse();
    }

    @Test
    void aMappedAddressIsTestedAsItsIpv4Address() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(new byte[] {10, 1, 2, 3}, 0, mapped, 12, 4);
        // The JDK never hands out a mapped Inet6Address from getByName; a socket or a caller still can.
        InetAddress asV6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(asV6).isInstanceOf(Inet6Address.class);
        assertThat(AddressRange.parse("10.0.0.0/8").contains(asV6)).isTrue();
        assertThat(AddressRange.parse("10.1.2.3").contains(asV6)).isTrue();
        assertThat(AddressRange.parse("11.0.0.0/8").contains(asV6)).isFalse();
        assertThat(AddressRange.parse("::/0").contains(asV6)).isFalse();
        assertThat(AddressRange.parse("::ffff:10.0.0.0/104").contains(v4("10.9.9.9"))).isTrue();
    }

    @Property(tries = 2000)
    void ipv4ContainmentIsSharingTheLeadingBits(@ForAll int network, @ForAll @IntRange(max = 32) int prefix,
                                                @ForAll("nearby") int delta) throws UnknownHostException {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        AddressRange r = AddressRange.parse(v4(network & mask).getHostAddress() + "/" + prefix);
        int probe = network + delta;

        assertThat(r.contains(v4(probe))).isEqualTo((probe & mask) == (network & mask));
        assertThat(r.contains(mappedV6(probe))).isEqualTo((probe & mask) == (network & mask));
        assertThat(AddressRange.parse(r.toString())).isEqualTo(r);
    }

    @Property(tries = 2000)
    void ipv6ContainmentIsSharingTheLeadingBits(@ForAll("v6") BigInteger network, @ForAll @IntRange(max = 128) int prefix,
                                                @ForAll("v6") BigInteger other) throws UnknownHostException {
        BigInteger all = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        BigInteger mask = all.shiftRight(prefix).xor(all);
        BigInteger net = network.and(mask);
        InetAddress netAddress = v6(net);
        if (netAddress instanceof Inet4Address) {
            return; // the mapped block is IPv4's; covered by the IPv4 property
        }
        AddressRange r = new AddressRange(netAddress, prefix);

        assertThat(r.contains(v6(network))).isTrue();
        assertThat(AddressRange.parse(r.toString())).isEqualTo(r);
        InetAddress probe = v6(other);
        if (!(probe instanceof Inet4Address)) {
            assertThat(r.contains(probe)).isEqualTo(other.and(mask).equals(net));
        }
    }

    @Provide
    Arbitrary<Integer> nearby() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-300, 300), Arbitraries.integers());
    }

    @Provide
    Arbitrary<BigInteger> v6() {
        Arbitrary<BigInteger> any = Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        // Sparse addresses too, so that zero runs (and :: in the text form) turn up.
        Arbitrary<BigInteger> sparse = Arbitraries.integers().between(0, 127).list().ofMaxSize(4)
                .map(bits -> bits.stream().map(BigInteger.ONE::shiftLeft).reduce(BigInteger.ZERO, BigInteger::or));
        return Arbitraries.oneOf(any, sparse);
    }

    private static InetAddress v4(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    private static InetAddress v4(int bits) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
            (byte) bits});
    }

    private static InetAddress mappedV6(int bits) throws UnknownHostException {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4(bits).getAddress(), 0, b, 12, 4);
        return Inet6Address.getByAddress(null, b, -1);
    }

    /** The 16 bytes of a 128-bit number; InetAddress turns the mapped block into IPv4 addresses. */
    private static InetAddress v6(BigInteger n) throws UnknownHostException {
        byte[] raw = n.toByteArray();
        byte[] b = new byte[16];
        int copy = Math.min(16, raw.length);
        System.arraycopy(raw, raw.length - copy, b, 16 - copy, copy);
        return InetAddress.getByAddress(b);
    }
}
