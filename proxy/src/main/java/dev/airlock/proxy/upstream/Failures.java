package dev.airlock.proxy.upstream;

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
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host";
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
