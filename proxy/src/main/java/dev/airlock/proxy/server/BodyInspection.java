package dev.airlock.proxy.server;

import dev.airlock.config.Action;
import dev.airlock.detector.ScanDeadline;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.inspect.InboundRequest;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.inspect.Unscanned;
import dev.airlock.proxy.payload.Spliced;
import dev.airlock.proxy.response.PlaceholderVault;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans one buffered request and hands the verdict back on the connection's event loop: small bodies at once,
 * large ones on the scan threads so the loop never stalls. Fails closed: a scanner failure or full scan threads
 * refuse the request rather than forward it unscanned.
 */
final class BodyInspection {

    private static final Logger log = LoggerFactory.getLogger(BodyInspection.class);

    private BodyInspection() {
    }

    static void start(ProxyRuntime runtime, ChannelHandlerContext ctx, Exchange x, InboundRequest request,
                      Consumer<Inspection> done) {
        if (!x.scan) {
            // Plain HTTP to a host that is not an AI API: relayed as it is, like a tunnel would.
            done.accept(new Inspection.Forward(Action.ALLOW, request.target(), request.headers(),
                    Spliced.of(request.body()), false, 0, List.of(), null, 0));
            return;
        }
        start(runtime, ctx, x, request.body().length, inspector -> inspector.inspect(request), done);
    }

    /** As above, for a payload of {@code size} bytes that {@code inspection} scans (a WebSocket message). */
    static void start(ProxyRuntime runtime, ChannelHandlerContext ctx, Exchange x, int size,
                      Function<RequestInspector, Inspection> inspection, Consumer<Inspection> done) {
        if (size <= ProxyRuntime.INLINE_SCAN_BYTES) {
            done.accept(scan(runtime, ctx, x, inspection));
            return;
        }
        try {
            runtime.scanExecutor().execute(() -> {
                Inspection result = scan(runtime, ctx, x, inspection);
                ctx.executor().execute(() -> done.accept(result));
            });
        } catch (RejectedExecutionException e) {
            done.accept(new Inspection.Refuse(ErrorKind.OVERLOADED, "Airlock's scanners are all busy; retry shortly",
                    List.of(), Unscanned.OVERLOADED, 0));
        }
    }

    /** The log names a scanner failure, never the data. */
    private static Inspection scan(ProxyRuntime runtime, ChannelHandlerContext ctx, Exchange x,
                                   Function<RequestInspector, Inspection> inspection) {
        long start = System.nanoTime();
        Duration budget = runtime.timeouts().scan();
        try {
            Map<String, String> made = new HashMap<>();
            Inspection result = ScanDeadline.within(budget, () -> PlaceholderVault.recording(made,
                    () -> inspection.apply(runtime.inspectorFor(x.routeName()))));
            x.placeholders = made; // read on the event loop after the hand-over, which orders the write before it
            runtime.metrics().scan(System.nanoTime() - start, result.scannedChars());
            return result;
        } catch (ScanDeadline.ExceededException e) {
            log.warn("[{}] scan ran past timeouts.scan ({}) on route {} event={}", ctx.channel().id().asShortText(),
                    budget, x.routeName(), x.eventId);
            return new Inspection.Refuse(ErrorKind.BAD_REQUEST, "Airlock could not finish scanning this request "
                    + "within timeouts.scan (" + budget.toMillis() + " ms), so it was not forwarded (expected: a "
                    + "request it can scan in time; thousands of one credential keyword in a row take longest)",
                    List.of(), Unscanned.TIMEOUT, 0);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("[{}] scanner failed on route {} event={}: {}", ctx.channel().id().asShortText(), x.routeName(),
                    x.eventId, e.getClass().getName());
            return new Inspection.Refuse(ErrorKind.BAD_REQUEST, "Airlock could not scan this request (internal "
                    + "scanner error), so it was not forwarded", List.of(), Unscanned.ERROR, 0);
        }
    }
}
