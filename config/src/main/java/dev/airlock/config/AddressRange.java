package dev.airlock.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR form: {@code 10.0.0.0/8}, {@code 2001:db8::/32}; a single address is a
 * {@code /32} or {@code /128}.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is its IPv4 address, both as a network and as an address
 * to test: a dual-stack socket reports IPv4 clients that way, and a range must not match them in one form and miss
 * them in the other. So a mapped network is stored as the IPv4 range it covers ({@code ::ffff:10.0.0.0/104} is
 * {@code 10.0.0.0/8}), and an IPv6 range (even {@code ::/0}) contains no IPv4 address.
 *
 * @param network      the first address of the range: no bits set past the prefix
 * @param prefixLength leading bits that every address in the range shares: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record AddressRange(InetAddress network, int prefixLength) {

    static final String FORMS = "an IP address or CIDR range such as 10.0.0.0/8, 192.0.2.7, 2001:db8::/32 or ::1";

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern V4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    /**
     * Hex digits, colons and dots, starting with a hex digit or a colon and holding a colon: InetAddress reads such
     * text as an IPv6 literal or refuses it, and never looks it up as a name.
     */
    private static final Pattern V6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    public AddressRange {
        Objects.requireNonNull(network, "network");
        byte[] bytes = network.getAddress();
        if (mapped(bytes) && prefixLength >= 96 && prefixLength <= 128) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            prefixLength -= 96;
        }
        String problem = problem(bytes, prefixLength);
        if (problem != null) {
            throw new IllegalArgumentException(cidr(bytes, prefixLength) + problem);
        }
        // A fresh address drops any host name or IPv6 scope the caller's object carried: only the bits count.
        network = address(bytes);
    }

    /**
     * Reads {@code address} or {@code address/prefix}. Only IP literals are accepted: a host name is refused,
     * never looked up.
     *
     * @throws IllegalArgumentException naming the text, what is wrong with it and what was expected
     */
    public static AddressRange parse(String text) {
        String quoted = "\"" + text + "\"";
        String t = text.strip();
        int slash = t.indexOf('/');
        String addressText = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addressText);
        if (bytes == null) {
            boolean name = !addressText.isEmpty() && NAME.matcher(addressText).matches()
                    && !addressText.chars().allMatch(c -> c == '.' || Character.isDigit(c));
            throw new IllegalArgumentException(quoted + (name ? " is a host name, and host names are not looked up"
                    : " is not an IP address") + " (expected: " + FORMS + ")");
        }
        int prefix = bits(bytes);
        if (slash >= 0) {
            String digits = t.substring(slash + 1);
            if (!PREFIX.matcher(digits).matches()) {
                throw new IllegalArgumentException(quoted + " has no valid prefix length after the / (expected: " + FORMS + ")");
            }
            prefix = Integer.parseInt(digits);
        }
        String problem = problem(bytes, prefix);
        if (problem != null) {
            throw new IllegalArgumentException(quoted + problem);
        }
        if (mapped(bytes)) {
            // No host bits past the prefix means the prefix covers the mapped marker: 96 or more.
            return new AddressRange(address(Arrays.copyOfRange(bytes, 12, 16)), prefix - 96);
        }
        return new AddressRange(address(bytes), prefix);
    }

    /** Whether {@code a} lies in this range; an IPv4-mapped IPv6 address is tested as its IPv4 address. */
    public boolean contains(InetAddress a) {
        byte[] bytes = a.getAddress();
        if (mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        byte[] net = network.getAddress();
        return bytes.length == net.length && Arrays.equals(mask(bytes, prefixLength), net);
    }

    /** CIDR form, IPv6 compressed as RFC 5952 writes it: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return cidr(network.getAddress(), prefixLength);
    }

    /** The address of a literal without looking anything up, or null when the text is not one. */
    private static byte[] literal(String text) {
        if (V4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return b;
        }
        if (!V6.matcher(text).matches()) {
            return null;
        }
        try {
            // The pattern admits no name and no zone: InetAddress parses this as a literal or refuses it.
            InetAddress a = InetAddress.getByName(text);
            byte[] b = a.getAddress();
            if (b.length == 4) {
                // The JDK turns ::ffff:a.b.c.d into an IPv4 address; keep the 128-bit form the prefix is counted in.
                byte[] mapped = Arrays.copyOf(MAPPED, 16);
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** What is wrong with a network and prefix, as the rest of a message after the subject; null when nothing. */
    private static String problem(byte[] bytes, int prefix) {
        int bits = bits(bytes);
        if (prefix < 0 || prefix > bits) {
            return " has prefix length " + prefix + " (expected: 0 to " + bits + " for an IPv"
                    + (bits == 32 ? "4" : "6") + " address)";
        }
        byte[] masked = mask(bytes, prefix);
        if (!Arrays.equals(bytes, masked)) {
            return " has host bits set (expected: " + cidr(masked, prefix) + ")";
        }
        return null;
    }

    private static int bits(byte[] bytes) {
        return bytes.length * 8;
    }

    private static boolean mapped(byte[] bytes) {
        return bytes.length == 16 && Arrays.equals(bytes, 0, 12, MAPPED, 0, 12);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff00 >> keep);
        }
        return out;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an address", e);
        }
    }

    private static String cidr(byte[] bytes, int prefix) {
        return (bytes.length == 4 ? ((Inet4Address) address(bytes)).getHostAddress() : v6(bytes)) + "/" + prefix;
    }

    /** RFC 5952: lowercase hex, no leading zeros, the longest run of two or more zero groups (the first) as {@code ::}. */
    private static String v6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
