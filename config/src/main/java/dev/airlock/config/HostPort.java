package dev.airlock.config;

import java.util.Objects;

/** A listen or dial address: a host name or IP literal (IPv6 without brackets) and a TCP port. */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0 to 65535)");
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port} or a bare port (which means loopback).
     *
     * @throws IllegalArgumentException naming what was wrong and what was expected
     */
    public static HostPort parse(String text) {
        String t = text.strip();
        String expected = " (expected: host:port, [ipv6]:port or a port)";
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            return new HostPort("127.0.0.1", port(t, text, expected));
        }
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("\"" + text + "\"" + expected);
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                throw new IllegalArgumentException("\"" + text + "\"" + expected);
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        return new HostPort(host, port(port, text, expected));
    }

    private static int port(String digits, String text, String expected) {
        try {
            int p = Integer.parseInt(digits);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + text + "\": port \"" + digits + "\"" + expected);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
