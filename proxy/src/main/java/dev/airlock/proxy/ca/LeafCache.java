package dev.airlock.proxy.ca;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

/**
 * Server contexts per host name, bounded (the oldest minted goes first). Called from several event loops: a host's
 * leaf is minted by the first caller, outside the lock, and a concurrent caller for the same host waits for that
 * leaf instead of minting its own. A failed mint is forgotten so the next call tries again.
 */
final class LeafCache {

    /** A minted leaf, the intermediate that signed it, and the context presenting both. */
    record Leaf(CertifiedKey certified, CertifiedKey issuer, SslContext context) {

        /** Once two thirds of the validity have passed: clients then still have weeks of margin. */
        Instant renewAt() {
            Instant from = certified.certificate().getNotBefore().toInstant();
            Instant to = certified.certificate().getNotAfter().toInstant();
            return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
        }
    }

    private final Map<String, FutureTask<Leaf>> entries;

    LeafCache(int capacity) {
        // Insertion order, so the eldest entry is the oldest mint (a re-mint is removed and put again).
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FutureTask<Leaf>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The cached leaf of {@code host} when {@code fresh} accepts it, else the one {@code mint} makes.
     *
     * @throws IllegalStateException when minting fails
     */
    Leaf get(String host, Predicate<Leaf> fresh, Callable<Leaf> mint) {
        FutureTask<Leaf> task;
        boolean mine = false;
        synchronized (entries) {
            task = entries.get(host);
            if (task != null && task.isDone() && !usable(task, fresh)) {
                entries.remove(host);
                task = null;
            }
            if (task == null) {
                task = new FutureTask<>(mint);
                entries.put(host, task);
                mine = true;
            }
        }
        if (mine) {
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            synchronized (entries) {
                entries.remove(host, task);
            }
            throw new IllegalStateException("cannot mint a certificate for " + host + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the certificate of " + host, e);
        }
    }

    /** The cached leaf of {@code host} when it is minted and {@code fresh} accepts it, else null; never mints. */
    Leaf peek(String host, Predicate<Leaf> fresh) {
        FutureTask<Leaf> task;
        synchronized (entries) {
            task = entries.get(host);
        }
        if (task == null || !task.isDone()) {
            return null;
        }
        try {
            Leaf leaf = task.get();
            return fresh.test(leaf) ? leaf : null;
        } catch (ExecutionException | InterruptedException e) {
            return null; // a failed mint: get() says why
        }
    }

    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static boolean usable(FutureTask<Leaf> done, Predicate<Leaf> fresh) {
        try {
            return fresh.test(done.get());
        } catch (ExecutionException | InterruptedException e) {
            return false; // a failed mint that its caller has not removed yet
        }
    }
}
