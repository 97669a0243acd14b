package dev.airlock.proxy.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty reports a leaked buffer. The surefire {@code argLine} sets leak detection to
 * {@code paranoid}, but Netty only logs what it finds; this extension listens to that log (a Logback appender on
 * {@code io.netty.util.ResourceLeakDetector}, which every leak detector logs to, whatever resource it tracks) and
 * turns each {@code LEAK:} report into a failure of the class that was running.
 *
 * <p>Registered for every Jupiter test class of this module by {@code META-INF/services} and
 * {@code junit-platform.properties} (extension autodetection). Netty reports a leak only when the garbage
 * collector has enqueued the lost buffer and the next buffer is allocated, so {@link #afterAll} first runs the
 * collector and allocates a few buffers ({@link #sweep()}). A leak may still surface one class late (the lost
 * buffer was reachable until then); the report's access records name the code that touched the buffer.
 *
 * <p>Why a log appender and not {@code ResourceLeakDetector.setLeakListener}: the listener is per detector, and the
 * buffer detector is a private static of {@code AbstractByteBuf}, created before any test code runs.
 */
public final class LeakWatch implements BeforeAllCallback, AfterAllCallback {

    static final String LOGGER = ResourceLeakDetector.class.getName();
    private static final String APPENDER = "airlock-leak-watch";
    private static final int MAX_REPORT_CHARS = 6_000;
    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = sweep();
        if (!leaks.isEmpty()) {
            String first = leaks.get(0);
            if (first.length() > MAX_REPORT_CHARS) {
                first = first.substring(0, MAX_REPORT_CHARS) + "\n\t... (" + (first.length() - MAX_REPORT_CHARS)
                        + " more characters)";
            }
            throw new AssertionError(leaks.size() + " Netty leak report(s) while " + context.getDisplayName()
                    + " ran (or just before it). The first one:\n" + first);
        }
    }

    /**
     * Runs the garbage collector, makes Netty process what it enqueued, and returns (and forgets) every leak
     * report captured since the last sweep.
     */
    public static List<String> sweep() {
        install();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                // The reference handler thread enqueues collected referents asynchronously.
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // In paranoid mode every allocation is tracked, and tracking first reports what the GC enqueued.
            ByteBufAllocator.DEFAULT.buffer(1).release();
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
        List<String> out = new ArrayList<>();
        for (String r; (r = REPORTS.poll()) != null; ) {
            out.add(r);
        }
        return out;
    }

    /** Attaches the appender once (again if a test reset the Logback context). */
    private static synchronized void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new ExtensionConfigurationException("LeakWatch needs Logback behind SLF4J, found "
                    + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        Logger logger = context.getLogger(LOGGER);
        if (logger.getAppender(APPENDER) != null) {
            return;
        }
        // Netty skips leak processing entirely when ERROR is off for this logger.
        if (!logger.isErrorEnabled()) {
            logger.setLevel(Level.ERROR);
        }
        Capture capture = new Capture();
        capture.setName(APPENDER);
        capture.setContext(context);
        capture.start();
        logger.addAppender(capture);
    }

    private static final class Capture extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            String message = event.getFormattedMessage();
            if (message != null && message.contains("LEAK:")) {
                REPORTS.add(message);
            }
        }
    }
}
