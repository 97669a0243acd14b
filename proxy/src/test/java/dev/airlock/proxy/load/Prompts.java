package dev.airlock.proxy.load;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bodies a load run sends. By default every body is new: a request number is written into the user's
 * message, so no memory of earlier bodies (checkpoints, leaf verdicts) can stand in for scanning it, and the run
 * measures the cost of a prompt Airlock has never seen. {@code repeat} sends one body over and over, as an agent
 * resending an unchanged conversation would, which those memories are for. Bodies keep one length either way.
 */
final class Prompts {

    private static final String MARK = "Review this code:";
    private static final int DIGITS = 12;

    private final byte[] template;
    private final int at;
    private final boolean repeat;
    private final AtomicLong sequence = new AtomicLong();

    Prompts(byte[] template, boolean repeat) {
        this.template = template;
        this.repeat = repeat;
        int mark = new String(template, StandardCharsets.ISO_8859_1).indexOf(MARK);
        if (mark < 0) {
            throw new IllegalArgumentException("the prompt has no '" + MARK + "' to number the requests after");
        }
        this.at = mark + MARK.length();
    }

    int length() {
        return template.length + (repeat ? 0 : DIGITS + 1);
    }

    byte[] next() {
        if (repeat) {
            return template;
        }
        byte[] body = new byte[template.length + DIGITS + 1];
        System.arraycopy(template, 0, body, 0, at);
        body[at] = ' ';
        long n = sequence.incrementAndGet();
        for (int i = DIGITS; i >= 1; i--) {
            body[at + i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        System.arraycopy(template, at, body, at + DIGITS + 1, template.length - at);
        return body;
    }
}
