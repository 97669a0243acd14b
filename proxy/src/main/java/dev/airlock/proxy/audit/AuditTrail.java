package dev.airlock.proxy.audit;

import dev.airlock.config.AuditConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: events queue here from the event loops and one thread writes them as a chain of JSON lines, to
 * {@code audit.file} (rotated by size and age) and, when configured, to standard output. A full queue never blocks
 * a request: the events are counted as dropped and a {@code dropped} line with their number joins the chain as
 * soon as the writer catches up. A failed write does not end the trail either: events are counted as dropped while
 * the file cannot be written, and the file is opened again every {@link #RETRY} until it can.
 */
public final class AuditTrail implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final int QUEUE = 1 << 16;
    private static final Object STOP = new Object();
    static final Duration RETRY = Duration.ofSeconds(5);

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final AuditChain chain;
    private final AuditFile file;
    private final PrintStream stdout;
    private final Clock clock;
    private final Thread writer;
    private long seq;
    private String prev;
    /** When the last write failed; null while the file is being written. */
    private Instant failedAt;
    /** Events in lines handed to the file since its last flush: what a failed flush may have lost. */
    private long unflushed;

    private AuditTrail(AuditConfig config, AuditChain chain, PrintStream stdout, Clock clock) throws IOException {
        this.chain = chain;
        this.clock = clock;
        this.stdout = config.stdout() ? stdout : null;
        this.file = config.file() == null ? null : new AuditFile(config);
        AuditFile.Tail tail = file == null ? null : file.tail();
        this.seq = tail == null ? 0 : tail.seq() + 1;
        this.prev = tail == null ? AuditChain.GENESIS : chain.link(tail.line());
        this.writer = new Thread(this::run, "airlock-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /** The trail {@code config} asks for ({@link AuditLog#NONE} when it asks for none), continuing an existing file. */
    public static AuditLog open(AuditConfig config, byte[] installKey) throws IOException {
        return open(config, installKey, System.out, Clock.systemUTC());
    }

    static AuditLog open(AuditConfig config, byte[] installKey, PrintStream stdout, Clock clock) throws IOException {
        return config.enabled() ? new AuditTrail(config, new AuditChain(installKey), stdout, clock) : NONE;
    }

    @Override
    public void record(AuditEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP) {
                    break;
                }
                write((AuditEvent) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (file != null) {
                    file.close();
                }
            } catch (IOException e) {
                log.error("audit: closing {} failed: {}", file, e.toString());
            }
        }
    }

    private void write(AuditEvent event) {
        Instant now = clock.instant();
        if (failedAt != null && Duration.between(failedAt, now).compareTo(RETRY) < 0) {
            dropped.incrementAndGet();
            return;
        }
        try {
            if (failedAt != null && file != null) {
                file.reopen();
                log.warn("audit: writing {} again", file);
                failedAt = null;
            }
            long lost = dropped.getAndSet(0);
            unflushed += lost + 1;
            if (lost > 0) {
                append(AuditJson.dropped(seq, now, lost, prev));
                log.warn("audit: up to {} events were dropped (writer behind or file not writable)", lost);
            }
            append(AuditJson.event(seq, event, prev));
            if (file == null) {
                unflushed = 0;
            } else if (queue.isEmpty()) {
                file.flush();
                unflushed = 0;
            }
        } catch (IOException | RuntimeException e) {
            if (failedAt == null) {
                log.error("audit: writing {} failed, events are counted as dropped until it works again (retried "
                        + "every {} s): {}", file, RETRY.toSeconds(), e.toString());
            }
            failedAt = now;
            dropped.addAndGet(unflushed);
            unflushed = 0;
        }
    }

    /** Events lost and not yet recorded in a {@code dropped} line. */
    long dropped() {
        return dropped.get();
    }

    private void append(byte[] line) throws IOException {
        if (file != null) {
            file.append(line, seq, Instant.now(clock));
        }
        if (stdout != null) {
            synchronized (stdout) {
                stdout.write(line, 0, line.length);
                stdout.write('\n');
                stdout.flush();
            }
        }
        prev = chain.link(line);
        seq++;
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        try {
            // offer, not put: a writer that died (a full disk) leaves a full queue, and shutdown must not hang on it.
            if (writer.isAlive() && queue.offer(STOP, 10, TimeUnit.SECONDS)) {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
