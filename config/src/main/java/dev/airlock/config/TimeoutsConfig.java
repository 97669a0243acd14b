package dev.airlock.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits; each one has a defined answer when it runs out.
 *
 * @param upstreamConnect TCP connect plus TLS handshake to a provider (502)
 * @param upstreamIdle    no byte from the provider for this long (504 before the response starts, an abort after);
 *                        there is no total limit, so a long stream is never cut
 * @param clientHeader    a client's request head must arrive within this (408, then close)
 * @param clientBodyIdle  no body byte from the client for this long (408, then close)
 * @param keepAlive       an idle client connection is closed after this
 * @param drain           on shutdown, requests and streams in flight get this long to finish
 * @param scan            scanning one request or message takes at most this (400, nothing forwarded): what a
 *                        hostile body can hold a scan thread for
 */
public record TimeoutsConfig(Duration upstreamConnect, Duration upstreamIdle, Duration clientHeader,
                             Duration clientBodyIdle, Duration keepAlive, Duration drain, Duration scan) {

    public static final TimeoutsConfig DEFAULT = new TimeoutsConfig(Duration.ofSeconds(10), Duration.ofSeconds(600),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(75), Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    public TimeoutsConfig {
        positive("upstreamConnect", upstreamConnect);
        positive("upstreamIdle", upstreamIdle);
        positive("clientHeader", clientHeader);
        positive("clientBodyIdle", clientBodyIdle);
        positive("keepAlive", keepAlive);
        positive("scan", scan);
        Objects.requireNonNull(drain, "drain");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain " + drain + " (expected: zero or more)");
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " " + d + " (expected: more than zero)");
        }
    }
}
