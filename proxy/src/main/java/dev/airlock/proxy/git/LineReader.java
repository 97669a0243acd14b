package dev.airlock.proxy.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads byte lines from git's output without decoding them: file contents in a diff are in whatever encoding the
 * file has, and only the lines worth scanning are decoded. One buffer is reused for every line; a line longer than
 * {@code maxLine} is consumed whole but only its first {@code maxLine} bytes are kept, and it is reported as
 * {@link #overlong()}, so one giant minified line cannot exhaust memory.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private byte[] line = new byte[1024];
    private int length;
    private boolean overlong;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Reads the next line (without its {@code \n}); false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        overlong = false;
        boolean any = false;
        while (true) {
            if (pos == lim) {
                lim = in.read(buf, 0, buf.length);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    return any;
                }
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < lim) {
                pos++; // the line break
                return true;
            }
        }
    }

    /** Keeps at most {@code maxLine} bytes of a line: an overlong line still shows how it starts ({@code +}, {@code -}). */
    private void append(int from, int to) {
        int n = to - from;
        if (overlong || n == 0) {
            return;
        }
        if (length + n > maxLine) {
            overlong = true;
            n = maxLine - length;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(length + n, Math.min(maxLine, line.length * 2)));
        }
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    byte[] line() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line was longer than the limit; only its beginning is kept. */
    boolean overlong() {
        return overlong;
    }
}
