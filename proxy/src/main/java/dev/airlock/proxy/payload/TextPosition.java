package dev.airlock.proxy.payload;

/**
 * A place in a body, for error messages. Lines end at {@code \n}, {@code \r\n} or a lone {@code \r} (the
 * parser's convention); raw line breaks can only occur between tokens in valid JSON, so counting bytes is exact.
 */
record TextPosition(long byteOffset, int line, int column) {

    /** Counts lines up to {@code offset}; only called on the error path, so a linear scan is fine. */
    static TextPosition of(byte[] body, long offset) {
        int end = (int) Math.max(0, Math.min(offset, body.length));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            byte b = body[i];
            if (b == '\n' || (b == '\r' && (i + 1 >= body.length || body[i + 1] != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new TextPosition(end, line, end - lineStart + 1);
    }
}
