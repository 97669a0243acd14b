package dev.airlock.proxy.testing;

import java.util.List;

/** Writes the chunks of a gated stream as the {@link Gate} releases them; lives on the event loop. */
final class GatedPump implements Runnable {

    private final Exchange exchange;
    private final List<String> chunks;
    private final Gate gate;
    private final boolean resetAtEnd;
    private int next;
    private boolean done;

    /**
     * @param resetAtEnd instead of the terminating chunk, wait for one more release and then reset
     *                   the connection
     */
    GatedPump(Exchange exchange, List<String> chunks, Gate gate, boolean resetAtEnd) {
        this.exchange = exchange;
        this.chunks = chunks;
        this.gate = gate;
        this.resetAtEnd = resetAtEnd;
    }

    void start() {
        gate.bind(this);
        exchange.channel().closeFuture().addListener(f -> gate.unbind(this));
        run();
    }

    /** Called from {@link Gate#release} on any thread; the writes happen on the connection's loop. */
    @Override
    public void run() {
        if (!exchange.executor().inEventLoop()) {
            exchange.executor().execute(this);
            return;
        }
        if (done) {
            return;
        }
        while (next < chunks.size() && exchange.isOpen() && gate.tryAcquire()) {
            exchange.writeChunk(chunks.get(next++)).addListener(f -> {
                if (f.isSuccess()) {
                    gate.recordSent(System.nanoTime());
                }
            });
        }
        if (next == chunks.size() && exchange.isOpen() && (!resetAtEnd || gate.tryAcquire())) {
            done = true;
            gate.unbind(this);
            if (resetAtEnd) {
                exchange.reset();
            } else {
                exchange.endStream();
            }
        }
    }
}
