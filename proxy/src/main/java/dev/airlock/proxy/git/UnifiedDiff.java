package dev.airlock.proxy.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The parts of git's unified diff output Airlock reads: {@code +++} file lines and {@code @@} hunk headers. */
final class UnifiedDiff {

    private UnifiedDiff() {
    }

    /**
     * The path of a {@code +++ b/path} line (bytes without the line break), or null for {@code +++ /dev/null}. Git
     * writes names with special characters C-quoted ({@code "b/a\tb"}) and appends a tab to a plain name that holds a
     * space.
     */
    static String newPath(byte[] line, int length) {
        int from = 4; // "+++ "
        if (length - from == 9 && new String(line, from, 9, StandardCharsets.US_ASCII).equals("/dev/null")) {
            return null;
        }
        byte[] name;
        if (from < length && line[from] == '"') {
            name = unquote(line, from + 1, length);
        } else {
            int end = length;
            if (end > from && line[end - 1] == '\t') {
                end--;
            }
            name = java.util.Arrays.copyOfRange(line, from, end);
        }
        String path = new String(name, StandardCharsets.UTF_8);
        return path.startsWith("b/") ? path.substring(2) : path;
    }

    /** A C-quoted name's bytes, from just after the opening quote up to the closing one. */
    private static byte[] unquote(byte[] s, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = s[i];
            if (b == '"') {
                break;
            }
            if (b != '\\' || i + 1 >= to) {
                out.write(b);
                continue;
            }
            byte e = s[++i];
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'v' -> out.write(11);
                case 'f' -> out.write('\f');
                case 'r' -> out.write('\r');
                default -> {
                    if (e >= '0' && e <= '7' && i + 2 < to) {
                        out.write(((e - '0') << 6) | ((s[i + 1] - '0') << 3) | (s[i + 2] - '0'));
                        i += 2;
                    } else {
                        out.write(e);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * The new side of a hunk header {@code @@ -a[,b] +c[,d] @@}: {@code {c, d}}, a count of 1 when omitted. Also the old
     * count, to know how many {@code -} lines follow: {@code {c, d, b}}.
     */
    static int[] hunk(byte[] line, int length) {
        int i = 3; // "@@ "
        if (i >= length || line[i] != '-') {
            throw new IllegalArgumentException("not a hunk header");
        }
        int[] old = range(line, i + 1, length);
        i = old[2];
        while (i < length && line[i] == ' ') {
            i++;
        }
        if (i >= length || line[i] != '+') {
            throw new IllegalArgumentException("not a hunk header");
        }
        int[] added = range(line, i + 1, length);
        return new int[] {added[0], added[1], old[1]};
    }

    /** {@code start[,count]} from {@code i}: {start, count, index after}. */
    private static int[] range(byte[] line, int i, int length) {
        int start = 0;
        int digits = 0;
        while (i < length && line[i] >= '0' && line[i] <= '9') {
            start = start * 10 + (line[i++] - '0');
            digits++;
        }
        int count = 1;
        if (i < length && line[i] == ',') {
            i++;
            count = 0;
            while (i < length && line[i] >= '0' && line[i] <= '9') {
                count = count * 10 + (line[i++] - '0');
                digits++;
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a hunk header");
        }
        return new int[] {start, count, i};
    }

    static boolean startsWith(byte[] line, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
