package dev.airlock.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Receives a JDK {@code HttpClient} response body as it streams in, so a test can wait (with a
 * timeout) for a given piece of a stream, see when each byte arrived, cancel to simulate a client
 * that goes away, or observe the error a broken stream ends with. Use with
 * {@code client.sendAsync(request, collector.handler())}.
 */
public final class BodyCollector implements Flow.Subscriber<List<ByteBuffer>> {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<long[]> arrivals = new ArrayList<>(); // {end offset, nanoTime}
    private Flow.Subscription subscription;
    private boolean complete;
    private Throwable error;

    /**
     * A body handler feeding this collector. Unlike {@code BodyHandlers.fromSubscriber}, the response
     * future completes as soon as the head arrives, while the body keeps streaming in here.
     */
    public HttpResponse.BodyHandler<Void> handler() {
        return info -> new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<Void> getBody() {
                return CompletableFuture.completedStage(null);
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                BodyCollector.this.onSubscribe(s);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                BodyCollector.this.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                BodyCollector.this.onError(throwable);
            }

            @Override
            public void onComplete() {
                BodyCollector.this.onComplete();
            }
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        synchronized (this) {
            subscription = s;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        long now = System.nanoTime();
        for (ByteBuffer buffer : buffers) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
        arrivals.add(new long[] {bytes.size(), now});
        notifyAll();
    }

    @Override
    public synchronized void onError(Throwable throwable) {
        error = throwable;
        notifyAll();
    }

    @Override
    public synchronized void onComplete() {
        complete = true;
        notifyAll();
    }

    /** Cancels the body subscription; the JDK client then drops the connection. */
    public void cancel() {
        Flow.Subscription s;
        synchronized (this) {
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }

    /** The body received so far, as UTF-8. */
    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the body contains {@code needle}; returns the text so far. */
    public String awaitContains(String needle, Duration timeout) {
        return await(t -> t.contains(needle), "body containing " + needle, timeout);
    }

    /** Waits until the body ended normally; returns it. Fails if it ended with an error. */
    public String awaitComplete(Duration timeout) {
        await(t -> complete, "end of body", timeout);
        return text();
    }

    /** Waits until the body ended with an error and returns that error. Fails if it completed normally. */
    public Throwable awaitError(Duration timeout) {
        synchronized (this) {
            waitFor(() -> error != null || complete, "error", timeout);
            if (error == null) {
                throw new AssertionError("body completed normally: " + text());
            }
            return error;
        }
    }

    /** {@link System#nanoTime()} when the bytes completing the first occurrence of {@code needle} arrived. */
    public synchronized long receivedAt(String needle) {
        String latin = bytes.toString(StandardCharsets.ISO_8859_1);
        int at = latin.indexOf(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        if (at < 0) {
            throw new AssertionError("not received: " + needle);
        }
        long end = at + needle.getBytes(StandardCharsets.UTF_8).length;
        for (long[] arrival : arrivals) {
            if (arrival[0] >= end) {
                return arrival[1];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private synchronized String await(Predicate<String> condition, String what, Duration timeout) {
        waitFor(() -> {
            if (error != null) {
                throw new AssertionError("body failed while waiting for " + what + "; got: " + text(), error);
            }
            return condition.test(text());
        }, what, timeout);
        return text();
    }

    private interface Condition {
        boolean met();
    }

    private synchronized void waitFor(Condition condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; got: " + text());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
