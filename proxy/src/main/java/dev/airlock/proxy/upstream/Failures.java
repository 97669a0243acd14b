package dev.airlock.proxy.upstream;

import io.netty.resolver.dns.DnsErrorCauseException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * Short words for network failures. Messages of JDK and Netty network exceptions name addresses and causes,
 * never payload, so they may be shown; anything unexpected is reduced to its type.
 */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable t) {
        Throwable root = t;
        boolean unresolved = t instanceof UnknownHostException;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            unresolved |= root instanceof UnknownHostException;
        }
        if (unresolved) {
            // Netty's resolver puts the DNS server's answer (NXDOMAIN, SERVFAIL, REFUSED) under the host's failure.
            return root instanceof DnsErrorCauseException dns ? "unknown host (DNS answered " + dns.getCode() + ")"
                    : "unknown host";
        }
        if (root instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (root instanceof ConnectException || root instanceof javax.net.ssl.SSLException
                || root instanceof java.io.IOException || root instanceof io.netty.handler.proxy.ProxyConnectException) {
            String m = root.getMessage();
            return m == null ? root.getClass().getSimpleName() : oneLine(m);
        }
        return root.getClass().getSimpleName();
    }

    private static String oneLine(String s) {
        String line = s.replace('\r', ' ').replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
