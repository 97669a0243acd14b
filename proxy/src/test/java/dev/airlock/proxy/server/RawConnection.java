package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client connection for framing tests: exact bytes out (no client library normalising them), one
 * strictly parsed response at a time in ({@code Content-Length} or chunked bodies, CRLF line endings required),
 * and a check that the peer closed.
 */
final class RawConnection implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status line, headers (lower-case names), body. */
    record Response(String statusLine, Map<String, List<String>> headers, byte[] body) {

        int status() {
            return Integer.parseInt(statusLine.split(" ", 3)[1]);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        String text() {
            return new String(body, UTF_8);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    final Socket socket;
    final OutputStream out;
    private final InputStream in;
    private final int timeoutMs;

    /** Connects to 127.0.0.1:{@code port}; connect and every read give up after {@code timeoutMs}. */
    RawConnection(int port, int timeoutMs) throws IOException {
        this.timeoutMs = timeoutMs;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String ascii) throws IOException {
        out.write(ascii.getBytes(ISO_8859_1));
        out.flush();
    }

    /** One write (and flush) per byte; with TCP_NODELAY most become segments of their own. */
    void sendByteByByte(String ascii) throws IOException {
        for (byte b : ascii.getBytes(ISO_8859_1)) {
            out.write(b);
            out.flush();
        }
    }

    /** Reads one whole response (an interim 1xx has no body); fails on a timeout or an early end. */
    Response response() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            fail("the connection closed before a response arrived");
        }
        assertThat(statusLine).startsWith("HTTP/1.1 ");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            assertThat(colon).as("header line %s", h).isPositive();
            headers.computeIfAbsent(h.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).strip());
        }
        Response head = new Response(statusLine, headers, new byte[0]);
        if (head.status() < 200) {
            return head;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = head.header("content-length");
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                body.write(exactly(size));
                assertThat(line()).isEmpty();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length != null) {
            body.write(exactly(Integer.parseInt(length)));
        } else {
            fail("response without framing: " + statusLine);
        }
        return new Response(statusLine, headers, body.toByteArray());
    }

    /** The peer closed: the next read sees the end of the stream (not a timeout, not more data). */
    void assertClosed() throws IOException {
        try {
            int next = in.read();
            assertThat(next).as("the connection should be closed, but a byte arrived").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            fail("the connection is still open after " + timeoutMs + " ms");
        }
    }

    private byte[] exactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b.length).as("body bytes before the end of the stream").isEqualTo(n);
        return b;
    }

    /** A CRLF-terminated line without its CRLF, or null at the end of the stream before any byte. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            int b = in.read();
            if (b < 0) {
                if (sb.length() == 0) {
                    return null;
                }
                fail("the stream ended inside a line: " + sb);
            }
            if (b == '\n') {
                assertThat(sb).as("line ending").endsWith("\r");
                return sb.substring(0, sb.length() - 1);
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
