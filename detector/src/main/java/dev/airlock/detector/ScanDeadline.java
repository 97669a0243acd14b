package dev.airlock.detector;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A time budget for the scans a thread runs: every scan is linear in its text, but some texts (thousands of one
 * rule's keyword in a row) cost a rule its full look around each of them, so a megabyte can take a second. A caller
 * that must answer in time runs its scans {@link #within} a budget; past it the scan in progress stops with
 * {@link ExceededException}, which the caller turns into a refusal. Checked every few hundred rule calls, so the
 * check costs nothing measurable.
 */
public final class ScanDeadline {

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();
    /** Rule calls between two looks at the clock. */
    static final int CHECK_EVERY = 256;

    private ScanDeadline() {
    }

    /** Runs {@code work} with every scan it makes on this thread bounded by {@code budget} from now. */
    public static <T> T within(Duration budget, Supplier<T> work) {
        Long previous = DEADLINE.get();
        long deadline = System.nanoTime() + Math.max(0, budget.toNanos());
        DEADLINE.set(previous == null || deadline - previous < 0 ? deadline : previous);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /** This thread's deadline ({@link System#nanoTime} scale), or null when its scans have none. */
    static Long current() {
        return DEADLINE.get();
    }

    /** The budget ran out before the scan finished. Carries no text and no stack: it is an answer, not a bug. */
    public static final class ExceededException extends RuntimeException {
        ExceededException() {
            super("the scan ran past its time budget", null, false, false);
        }
    }
}
