package dev.airlock.proxy.payload;

import java.util.Locale;

/**
 * A request body that cannot be scanned as it stands: not JSON, not UTF-8, not valid Unicode, or past a limit.
 * Such a body is rejected whole, never repaired or partly rewritten.
 *
 * <p>The message names what was wrong, where (byte offset, and line and column, both 1-based, the column counted
 * in bytes) and what was expected, e.g. {@code invalid JSON at byte 7 (line 1, column 8): Unexpected character
 * ('}' (code 125)): was expecting double-quote to start field name}. It quotes at most a single character of the
 * body, so it is safe to log and to return to the client. For the same reason it carries no cause: the parser's
 * own exception can quote whole tokens.
 */
public final class PayloadException extends Exception {

    /** What kind of problem; {@link #label()} is stable and suitable as a metric label. */
    public enum Reason {
        INVALID_JSON,
        INVALID_UTF8,
        LONE_SURROGATE,
        TOO_DEEP,
        TOO_LONG;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final long byteOffset;
    private final int line;
    private final int column;

    PayloadException(Reason reason, String what, TextPosition at, String detail) {
        super(what + " at byte " + at.byteOffset() + " (line " + at.line() + ", column " + at.column() + "): "
                + detail, null, false, false);
        this.reason = reason;
        this.byteOffset = at.byteOffset();
        this.line = at.line();
        this.column = at.column();
    }

    public Reason reason() {
        return reason;
    }

    /** Offset of the offending byte (or of the start of the offending token) in the body. */
    public long byteOffset() {
        return byteOffset;
    }

    public int line() {
        return line;
    }

    /** 1-based column, counted in bytes from the start of the line. */
    public int column() {
        return column;
    }
}
