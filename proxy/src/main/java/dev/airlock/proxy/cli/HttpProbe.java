package dev.airlock.proxy.cli;

import dev.airlock.config.HostPort;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for the doctor: one request per connection ({@code Connection: close}), no redirects
 * followed, bounded heads and bodies. Header values are kept for parsing only and never printed.
 */
final class HttpProbe {

    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_BODY = 1024 * 1024;

    /**
     * A response.
     *
     * @param headers lower-case name → last value
     */
    record Answer(int status, String reason, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private HttpProbe() {
    }

    /** {@code GET path} over a new plain connection to {@code target}. */
    static Answer get(HostPort target, String path, Deadline deadline) throws IOException {
        try (Socket s = new Socket(); Deadline.Guard guard = deadline.guard(s)) {
            connect(s, target, deadline);
            s.getOutputStream().write(request("GET", path, target.toString(), List.of()));
            s.getOutputStream().flush();
            return read(new BufferedInputStream(deadline.input(s, s.getInputStream())), false);
        }
    }

    static void connect(Socket s, HostPort target, Deadline deadline) throws IOException {
        s.connect(new InetSocketAddress(target.host(), target.port()), deadline.remainingMillis());
        s.setTcpNoDelay(true);
    }

    /** A request head; {@code extra} are whole header lines without the line end. */
    static byte[] request(String method, String target, String host, List<String> extra) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        head.append("User-Agent: airlock-doctor\r\n");
        if (!method.equals("CONNECT")) {
            head.append("Accept: */*\r\n");
            head.append("Connection: close\r\n");
        }
        for (String line : extra) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one response (skipping interim 1xx heads). With {@code headOnlyOn200} a 200 ends at its head: the
     * answer to a {@code CONNECT}, after which the tunnel's bytes follow.
     */
    static Answer read(InputStream in, boolean headOnlyOn200) throws IOException {
        while (true) {
            Answer head = readHead(in);
            if (head.status() >= 100 && head.status() < 200 && head.status() != 101) {
                continue;
            }
            if (headOnlyOn200 && head.status() == 200) {
                return head;
            }
            return new Answer(head.status(), head.reason(), head.headers(), readBody(in, head));
        }
    }

    /** The status line and headers, read byte by byte so that nothing after them is consumed. */
    static Answer readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(bytes.size() == 0 ? "the connection closed without an answer"
                        : "the connection closed in the middle of the answer");
            }
            bytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (bytes.size() > MAX_HEAD) {
                throw new IOException("the answer's head is longer than " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP/1.1 answer");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        return new Answer(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers, new byte[0]);
    }

    private static byte[] readBody(InputStream in, Answer head) throws IOException {
        int status = head.status();
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        String encoding = head.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(in);
        }
        String length = head.header("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new IOException("a Content-Length that is not a number");
            }
            return in.readNBytes((int) Math.min(n, MAX_BODY));
        }
        return in.readNBytes(MAX_BODY);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = line(in);
            int semicolon = line.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a malformed chunk size");
            }
            if (size == 0) {
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                body.write(in.readNBytes(MAX_BODY - body.size()));
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
            if (line.length() > 1024) {
                throw new IOException("a chunk header longer than 1024 bytes");
            }
        }
        if (b < 0) {
            throw new EOFException("the connection closed in the middle of the answer");
        }
        return line.toString();
    }

    /** What went wrong, in words a user can act on: refused, no answer in time, unknown host. */
    static String describe(IOException e, Deadline deadline) {
        if (e instanceof SocketTimeoutException || deadline.passed()) {
            return "no answer within " + deadline.seconds();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
