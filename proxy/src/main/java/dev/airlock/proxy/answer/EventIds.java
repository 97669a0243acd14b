package dev.airlock.proxy.answer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids that tie an answer to its log line and audit event: the millisecond clock first, so ids sort by time, then
 * 48 random bits, so ids from several replicas do not collide. Not secret, so a fast generator will do.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String next() {
        long random = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL;
        return String.format("%011x%012x", System.currentTimeMillis(), random);
    }
}
