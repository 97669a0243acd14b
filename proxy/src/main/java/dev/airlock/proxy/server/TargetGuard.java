package dev.airlock.proxy.server;

import dev.airlock.config.HostPort;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides where a client-chosen target (a CONNECT or absolute-form request) is dialled, and refuses the ones
 * Airlock must not reach for a client: its own listeners always, and in gateway mode anything private — loopback,
 * link-local, private and unique-local ranges, CGNAT, multicast, the unspecified address and this machine's own
 * addresses. The name is resolved here and the checked address is the one dialled, so a second lookup cannot
 * answer differently (DNS rebinding). {@code upstream.connectTo} targets are the operator's choice and dialled as
 * configured. Through a parent proxy the parent dials by name, but a name is still resolved here first and refused
 * when it resolves to this machine or a private range; a name only the parent can resolve is left to it.
 */
final class TargetGuard implements AutoCloseable {

    private final boolean gateway;
    private final boolean allowPrivate;
    private final Map<HostPort, HostPort> connectTo;
    private final boolean viaParent;
    private final DnsAddressResolverGroup resolver;
    private final Set<InetAddress> localAddresses;
    private volatile Set<Integer> ownPorts = Set.of();

    TargetGuard(Transport transport, boolean gateway, boolean allowPrivate, Map<HostPort, HostPort> connectTo,
                boolean viaParent) {
        this.gateway = gateway;
        this.allowPrivate = allowPrivate;
        this.connectTo = connectTo;
        this.viaParent = viaParent;
        this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel()));
        this.localAddresses = localAddresses();
    }

    private TargetGuard(TargetGuard base, boolean allowPrivate) {
        this.gateway = base.gateway;
        this.allowPrivate = allowPrivate;
        this.connectTo = base.connectTo;
        this.viaParent = base.viaParent;
        this.resolver = base.resolver;
        this.localAddresses = base.localAddresses;
        this.ownPorts = base.ownPorts;
    }

    /** The same guard with another {@code access.privateTargets} (a reload); it shares this one's resolver. */
    TargetGuard allowingPrivate(boolean allow) {
        return new TargetGuard(this, allow);
    }

    /** Resolves names without blocking an event loop; shared with the tunnels. */
    DnsAddressResolverGroup resolver() {
        return resolver;
    }

    /** The ports Airlock listens on, known once both listeners are bound. */
    void ownPorts(Set<Integer> ports) {
        this.ownPorts = Set.copyOf(ports);
    }

    /**
     * Where to dial {@code target}: a resolved, checked address; an unresolved one when {@code upstream.connectTo}
     * or a parent proxy takes over. Fails with {@link Refused} naming why.
     */
    Future<InetSocketAddress> dial(EventLoop loop, HostPort target) {
        Promise<InetSocketAddress> result = loop.newPromise();
        HostPort mapped = connectTo.get(target);
        if (mapped != null) {
            return result.setSuccess(InetSocketAddress.createUnresolved(mapped.host(), mapped.port()));
        }
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved(target.host(), target.port());
        boolean byName = viaParent && !isLiteral(target.host());
        AddressResolver<InetSocketAddress> r = resolver.getResolver(loop);
        r.resolve(unresolved).addListener(f -> {
            if (!f.isSuccess()) {
                if (byName) {
                    // Names only the parent proxy knows (the usual reason for one) are its to resolve and police.
                    result.setSuccess(unresolved);
                } else {
                    result.setFailure(new Refused(shown(target) + " cannot be resolved: unknown host", false));
                }
                return;
            }
            InetSocketAddress address = (InetSocketAddress) f.getNow();
            String problem = problem(address);
            if (problem != null) {
                // Through a parent too: a name that resolves here to this machine or a private range (localhost, a
                // rebinding name) is refused before the parent is asked to reach it.
                result.setFailure(new Refused(target + " " + problem, true));
            } else {
                result.setSuccess(viaParent ? unresolved : address);
            }
        });
        return result;
    }

    /**
     * The target as answers and logs may show it: a name that does not resolve is the client's text, and a pasted
     * key can be written as one ({@code ghp_…:443}). It is named only when it reads like a host name: DNS characters
     * and no long label mixing letters and digits.
     */
    static String shown(HostPort target) {
        String host = target.host();
        if (host.length() > 253 || !host.matches("[A-Za-z0-9.-]+")) {
            return "the requested host";
        }
        for (String label : host.split("\\.")) {
            if (label.length() >= 16 && label.matches(".*[0-9].*") && label.matches(".*[A-Za-z].*")) {
                return "the requested host";
            }
        }
        return target.toString();
    }

    /** Why Airlock will not dial this address for a client, or null. */
    String problem(InetSocketAddress address) {
        InetAddress a = unmapped(address.getAddress());
        boolean local = a.isLoopbackAddress() || a.isAnyLocalAddress() || localAddresses.contains(a);
        if (local && ownPorts.contains(address.getPort())) {
            return "is Airlock itself (expected: a provider's address; the admin port is never reachable through the proxy)";
        }
        if (gateway && !allowPrivate && (local || isPrivate(a))) {
            return "resolves to a private, loopback or link-local address, which a gateway does not proxy to "
                    + "(access.privateTargets: refuse)";
        }
        return null;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 || first == 100 && second >= 64 && second < 128 || first == 198 && (second & 0xFE) == 18
                    || first >= 240;
        }
        return (b[0] & 0xFE) == 0xFC; // fc00::/7, unique local
    }

    /**
     * An IPv6 address that carries an IPv4 one is that IPv4 address as far as reachability goes: mapped
     * ({@code ::ffff:10.0.0.1}), compatible ({@code ::10.0.0.1}), NAT64 ({@code 64:ff9b::10.0.0.1}) and 6to4
     * ({@code 2002:0a00:0001::}). {@code ::} and {@code ::1} stay what they are.
     */
    static InetAddress unmapped(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a;
        }
        byte[] b = a.getAddress();
        if (b[0] == 0x20 && b[1] == 0x02) {
            return v4(b[2], b[3], b[4], b[5]);
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B;
        boolean zeros = true;
        for (int i = nat64 ? 4 : 0; i < 10 && zeros; i++) {
            zeros = b[i] == 0;
        }
        if (!zeros) {
            return a;
        }
        boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
        boolean compatible = !nat64 && b[10] == 0 && b[11] == 0 && (b[12] | b[13] | b[14]) != 0;
        boolean nat64Zero = nat64 && b[10] == 0 && b[11] == 0;
        return mapped || compatible || nat64Zero ? v4(b[12], b[13], b[14], b[15]) : a;
    }

    private static InetAddress v4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    out.add(a instanceof Inet6Address v6 && v6.getScopeId() != 0
                            ? InetAddress.getByAddress(v6.getAddress()) : a);
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // No interface list: loopback and the private ranges are still refused by kind.
        }
        return Set.copyOf(out);
    }

    @Override
    public void close() {
        resolver.close();
    }

    /** A target Airlock will not dial; the message names the target and why, never request data. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean forbidden;

        Refused(String message, boolean forbidden) {
            super(message, null, false, false);
            this.forbidden = forbidden;
        }

        /** True for a refusal by policy (403), false for a name that does not resolve (502). */
        boolean forbidden() {
            return forbidden;
        }
    }
}
