package dev.airlock.proxy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code multipart/form-data} body (file uploads to {@code /v1/files}, audio, images) split into its parts, each
 * with its headers and the byte range of its content, so a text part can be scanned and rewritten in place.
 * Written by hand because Netty's multipart decoder hands out decoded parts without their positions in the body;
 * strict: anything that is not well-formed RFC 7578 is refused rather than guessed.
 */
final class MultipartBody {

    /** One part: its name and type as sent, and where its content lies in the body. */
    record Part(int index, String name, String filename, String contentType, int start, int end) {
    }

    private MultipartBody() {
    }

    /** The boundary parameter of a multipart content type, or null when there is none. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 70 ? null : b;
            }
        }
        return null;
    }

    /** @throws BodyScanner.MalformedBodyException naming what is wrong (never quoting content) */
    static List<Part> parse(byte[] body, String boundary) throws BodyScanner.MalformedBodyException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed("no boundary delimiter in the body");
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            int after = at + delimiter.length;
            if (startsWith(body, after, "--")) {
                return parts; // close delimiter; the epilogue is ignored, as RFC 2046 says
            }
            if (!startsWith(body, after, "\r\n")) {
                throw malformed("a boundary delimiter not followed by CRLF or \"--\"");
            }
            int headersStart = after + 2;
            int headersEnd = startsWith(body, headersStart, "\r\n") ? headersStart - 2 // a part without headers
                    : indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw malformed("part " + (parts.size() + 1) + " has no end of headers");
            }
            String headers = new String(body, headersStart, Math.max(0, headersEnd - headersStart), StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw malformed("part " + (parts.size() + 1) + " is not closed by a boundary");
            }
            parts.add(part(parts.size(), headers, contentStart, contentEnd));
            at = contentEnd + 2;
        }
    }

    private static Part part(int index, String headers, int start, int end) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (field.equals("content-type")) {
                type = value;
            } else if (field.equals("content-disposition")) {
                name = param(value, "name");
                filename = param(value, "filename");
            }
        }
        return new Part(index, name, filename, type, start, end);
    }

    private static String param(String header, String key) {
        for (String p : header.split(";")) {
            String s = p.strip();
            if (s.regionMatches(true, 0, key + "=", 0, key.length() + 1)) {
                String v = s.substring(key.length() + 1);
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static BodyScanner.MalformedBodyException malformed(String what) {
        return new BodyScanner.MalformedBodyException("the multipart body is malformed: " + what
                + " (expected: multipart/form-data per RFC 7578 with the boundary of its Content-Type)");
    }

    private static boolean startsWith(byte[] a, int at, String s) {
        if (at + s.length() > a.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (a[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] a, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= a.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (a[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
