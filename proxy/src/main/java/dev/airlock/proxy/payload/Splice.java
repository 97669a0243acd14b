package dev.airlock.proxy.payload;

import java.util.List;

/** Replace body bytes {@code [start, end)} with {@code bytes}. */
record Splice(int start, int end, byte[] bytes) {

    /** A new body with the splices applied; they must be ordered and must not overlap. */
    static byte[] apply(byte[] body, List<Splice> splices) {
        long size = body.length;
        for (Splice s : splices) {
            size += s.bytes.length - (s.end - s.start);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("rewritten body too large: " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        int from = 0;
        int to = 0;
        for (Splice s : splices) {
            if (s.start < from) {
                throw new IllegalStateException("splices out of order at byte " + s.start);
            }
            int n = s.start - from;
            System.arraycopy(body, from, out, to, n);
            to += n;
            System.arraycopy(s.bytes, 0, out, to, s.bytes.length);
            to += s.bytes.length;
            from = s.end;
        }
        System.arraycopy(body, from, out, to, body.length - from);
        return out;
    }
}
