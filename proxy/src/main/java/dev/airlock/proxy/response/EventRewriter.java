package dev.airlock.proxy.response;

import java.util.List;

/**
 * Changes the values of one answer's events as {@link EventFraming} hands them over: puts secrets back
 * ({@link EventRestorer}) or takes credentials out ({@link EventRedactor}). Either may hold the end of a value that is
 * not decided yet and write it in front of the next delta of the same stream, or alone. Confined to one response's
 * thread.
 */
interface EventRewriter {

    /** A held ending written as a delta of its own; {@code eventName} is the SSE {@code event:} of its source. */
    record Flush(String eventName, byte[] json) {
    }

    /** What one event becomes: deltas to write before it, and its JSON if it changed (null: write it as it came). */
    record Rewrite(List<Flush> before, byte[] json) {
    }

    /** Whether the event in {@code bytes[from, to)} may need work at all; false lets it pass without being parsed. */
    boolean mayChange(byte[] bytes, int from, int to);

    /**
     * One streamed event (an SSE {@code data:} payload or an NDJSON line).
     *
     * @param eventName the SSE {@code event:} it came with, or null
     */
    Rewrite event(byte[] bytes, int from, int to, String eventName);

    /** A whole JSON answer: nothing is held, every value is complete. Null when nothing changed. */
    byte[] document(byte[] bytes, int from, int to);

    /** Every held ending, as deltas of their own: the stream ended (or gave up) before they were continued. */
    List<Flush> flushAll();
}
