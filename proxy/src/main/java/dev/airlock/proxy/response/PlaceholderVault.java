package dev.airlock.proxy.response;

import dev.airlock.detector.Redactor;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.LongSupplier;

/**
 * The secrets behind the placeholders this install sent to providers, so they can be put back where a model repeats a
 * placeholder in a tool call. Memory only, never written, logged or counted by value; bounded in entries (the least
 * recently redacted go first) and in time: an entry lives {@link #DEFAULT_TTL} from the last request that carried it,
 * so a conversation that keeps sending its history keeps its secrets, and an abandoned one loses them.
 *
 * <p>Thread-safe: filled from the threads that redact requests, read from the event loops relaying answers.
 */
public final class PlaceholderVault implements Redactor.Listener, Placeholders {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(String secret, long expiresAt) {
        @Override
        public String toString() {
            return "Entry[expiresAt=" + expiresAt + "]";
        }
    }

    /** In order of the last remember, so the head is always the first to expire and the first to evict. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    /** The same placeholders sorted, to answer "does a known placeholder start with this?" in log time. */
    private final TreeMap<String, Boolean> sorted = new TreeMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private boolean enabled = true;
    /** The length of the longest placeholder ever held: no longer ending can be the start of one. */
    private int longest;
    /** Collects the placeholders made while one request is inspected on this thread. */
    private static final ThreadLocal<Map<String, String>> MADE = new ThreadLocal<>();

    public PlaceholderVault() {
        this(DEFAULT_TTL, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime()} outside tests) */
    public PlaceholderVault(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("a vault needs a positive time limit and room for one entry");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /**
     * With {@code restore: off} nothing is kept: what is already held is dropped, and placeholders made from now on
     * are not remembered.
     */
    public synchronized void enable(boolean on) {
        enabled = on;
        if (!on) {
            entries.clear();
            sorted.clear();
        }
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
     * request — never the shared memory, where another client's secret could sit under the same placeholder. A client
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
    public synchronized void placeholderMade(String placeholder, CharSequence secret) {
        Map<String, String> made = MADE.get();
        if (made != null) {
            made.put(placeholder, secret.toString());
        }
        if (!enabled) {
            return;
        }
        long now = nanoClock.getAsLong();
        purge(now);
        if (entries.remove(placeholder) == null) {
            sorted.put(placeholder, Boolean.TRUE);
        }
        entries.put(placeholder, new Entry(secret.toString(), now + ttlNanos));
        longest = Math.max(longest, placeholder.length());
        while (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            sorted.remove(eldest.next().getKey());
            eldest.remove();
        }
    }

    /** The secret behind {@code placeholder}, or null when it is unknown or its time is up. */
    @Override
    public synchronized String secretFor(String placeholder) {
        purge(nanoClock.getAsLong());
        Entry e = entries.get(placeholder);
        return e == null ? null : e.secret();
    }

    /**
     * Whether {@code text} from {@code from} on is the start (not the whole) of a placeholder held now: only then is
     * a cut-off ending worth holding, so a {@code [} followed by anything else is never held.
     */
    @Override
    public synchronized boolean startsAPlaceholder(String text, int from) {
        if (text.length() - from >= longest) {
            return false;
        }
        purge(nanoClock.getAsLong());
        String prefix = text.substring(from);
        String next = sorted.ceilingKey(prefix);
        return next != null && next.length() > prefix.length() && next.startsWith(prefix);
    }

    /** Nothing to restore: an answer can be relayed untouched. */
    @Override
    public synchronized boolean isEmpty() {
        purge(nanoClock.getAsLong());
        return entries.isEmpty();
    }

    public synchronized int size() {
        return entries.size();
    }

    private void purge(long now) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().expiresAt() - now > 0) {
                return;
            }
            sorted.remove(e.getKey());
            it.remove();
        }
    }

    /** Says how much it holds, never what. */
    @Override
    public synchronized String toString() {
        return "PlaceholderVault[" + entries.size() + " entries]";
    }
}
