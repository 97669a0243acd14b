package dev.airlock.proxy.audit;

import dev.airlock.config.AuditConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
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
 * soon as the writer catches up.
 */
public final class AuditTrail implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final int QUEUE = 1 << 16;
    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final AuditChain chain;
    private final AuditFile file;
    private final PrintStream stdout;
    private final Clock clock;
    private final Thread writer;
    private long seq;
    private String prev;

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
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    append(AuditJson.dropped(seq, clock.instant(), lost, prev));
                    log.warn("audit: {} events were dropped because the writer fell behind", lost);
                }
                append(AuditJson.event(seq, (AuditEvent) next, prev));
                if (queue.isEmpty() && file != null) {
                    file.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.error("audit: writing {} failed, no further events are recorded: {}", file, e.toString());
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
