package dev.airlock.proxy.response;

import dev.airlock.detector.Redactor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The secrets behind the placeholders one request was redacted into, so they can be put back where the model repeats
 * a placeholder in a tool call of that request's answer. Nothing outlives the exchange: each request's own
 * placeholders are collected while it is inspected ({@link #recording}) and handed to its answer ({@link #only}); the
 * install keeps no map of every secret it ever redacted, since no answer may restore another request's secret. Memory
 * only, never written, logged or counted by value.
 *
 * <p>Thread-safe: filled from the threads that redact requests, read from the event loops relaying answers.
 */
public final class PlaceholderVault implements Redactor.Listener {

    private boolean enabled = true;
    /** Collects the placeholders made while one request is inspected on this thread. */
    private static final ThreadLocal<Map<String, String>> MADE = new ThreadLocal<>();

    /** With {@code restore: off} no answer restores anything. */
    public synchronized void enable(boolean on) {
        enabled = on;
    }

    /**
     * Runs {@code inspection}, adding to {@code into} every placeholder it makes on this thread with its secret: what
     * a request's own secrets became, the only thing its answer may get back.
     */
    public static <T> T recording(Map<String, String> into, Supplier<T> inspection) {
        MADE.set(into);
        try {
            return inspection.get();
        } finally {
            MADE.remove();
        }
    }

    /**
     * What one answer may restore: the placeholders its own request was redacted into, with the secrets of that very
     * request — never another request's, whose client's secret could sit under the same placeholder. A client
     * that copies someone's placeholder into its prompt gets the placeholder back, since its request held no secret.
     */
    public Placeholders only(Map<String, String> made) {
        Map<String, String> allowed = Map.copyOf(made);
        boolean on;
        synchronized (this) {
            on = enabled;
        }
        boolean restoring = on;
        return new Placeholders() {
            @Override
            public String secretFor(String placeholder) {
                return restoring ? allowed.get(placeholder) : null;
            }

            @Override
            public boolean startsAPlaceholder(String text, int from) {
                String prefix = text.substring(from);
                for (String p : allowed.keySet()) {
                    if (restoring && p.length() > prefix.length() && p.startsWith(prefix)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public boolean isEmpty() {
                return !restoring || allowed.isEmpty();
            }

            @Override
            public String toString() {
                return "Placeholders[" + allowed.size() + " of this request]";
            }
        };
    }

    @Override
    public void placeholderMade(String placeholder, CharSequence secret) {
        Map<String, String> made = MADE.get();
        if (made != null) {
            made.put(placeholder, secret.toString());
        }
    }

    @Override
    public synchronized String toString() {
        return "PlaceholderVault[restore " + (enabled ? "on" : "off") + "]";
    }
}
