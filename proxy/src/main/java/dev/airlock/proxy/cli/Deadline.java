package dev.airlock.proxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The time one doctor check may take. Every blocking call gets what is left as its socket timeout, and
 * {@link #guard} closes the socket when the time is up, so a handshake made of several reads or a peer trickling
 * bytes cannot stretch a check past its budget either.
 */
final class Deadline {

    /** One daemon thread for every guard: it only closes sockets, and must not keep the JVM alive. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Duration budget;
    private final long end;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.end = System.nanoTime() + budget.toNanos();
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    Duration budget() {
        return budget;
    }

    boolean passed() {
        return System.nanoTime() - end >= 0;
    }

    /** Milliseconds left, at least 1 (0 would mean "no timeout" to a socket). */
    int remainingMillis() throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("no answer within " + seconds());
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** "5 s" */
    String seconds() {
        long ms = budget.toMillis();
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0)) + " s";
    }

    /** Closes {@code socket} when the deadline passes, unless the returned guard is closed first. */
    Guard guard(Socket socket) {
        ScheduledFuture<?> task = WATCHDOG.schedule(() -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all there is to do
            }
        }, Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        return () -> task.cancel(false);
    }

    /** {@code in} with the socket timeout set to what is left before each read. */
    InputStream input(Socket socket, InputStream in) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                socket.setSoTimeout(remainingMillis());
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                socket.setSoTimeout(remainingMillis());
                return in.read(b, off, len);
            }
        };
    }

    interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "airlock-doctor-deadline");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
