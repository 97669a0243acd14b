package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.TimeoutsConfig;
import dev.airlock.detector.testing.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What {@link StreamingAndFaultsTest} and {@link AdminAndDrainTest} share: the planted secrets every request carries,
 * real clients (JDK HttpClient, curl, hand-written sockets) whose bodies are read line by line as they arrive, a log
 * capture that proves the secrets never reached a log line, Prometheus text parsing and provider error-shape checks.
 */
final class LiveTraffic {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final SecureRandom RANDOM = new SecureRandom();
    /** Planted in every request body; redacted on the way, and never to be seen in a log line or metric. */
    static final String SECRET = Credentials.githubToken(RANDOM);
    /** The client's own provider credential: forwarded as expected, never logged. */
    static final String API_KEY = "sk-" + Credentials.random(RANDOM, Credentials.BASE62, 48);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    enum Client { JDK, CURL }

    private LiveTraffic() {
    }

    static String prompt() {
        return "deploy it, the token is " + SECRET + " thanks";
    }

    static String openAiBody(boolean stream) {
        return "{\"model\":\"gpt-4o\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt() + "\"}]}";
    }

    static AirlockConfig withTimeouts(AirlockConfig c, Duration connect, Duration idle) {
        TimeoutsConfig d = c.timeouts();
        return RunningAirlock.withTimeouts(c, new TimeoutsConfig(connect, idle, d.clientHeader(), d.clientBodyIdle(),
                d.keepAlive(), d.drain(), d.scan()));
    }

    static HttpRequest.Builder request(URI base, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> post(URI base, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(base, path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertOpenAiError(HttpResponse<String> res, int status, String code) throws IOException {
        assertThat(res.statusCode()).as("status, body %s", res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
    }

    /** An Anthropic-shaped answer to upstream trouble (502/504: {@code error.type} is {@code api_error}). */
    static void assertAnthropicError(HttpResponse<String> res, int status) throws IOException {
        assertThat(res.statusCode()).as("status, body %s", res.body()).isEqualTo(status);
        JsonNode root = JSON.readTree(res.body());
        assertThat(root.path("type").asText()).isEqualTo("error");
        assertThat(root.path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(root.path("error").path("message").asText()).isNotBlank();
        assertThat(root.path("request_id").asText()).isNotBlank();
    }

    static double upstreamErrors(RunningAirlock airlock, String route, String kind) {
        return metric(airlock.scrape(), "airlock_upstream_errors_total", Map.of("route", route, "kind", kind));
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The sum of every sample of {@code name} carrying at least {@code labels}; 0 when there is none. */
    static double metric(String scrape, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name) && labels(m.group(2)).entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    /** The labels of a sample line's {@code {...}} part. */
    static Map<String, String> labels(String group) {
        Map<String, String> out = new HashMap<>();
        if (group != null) {
            Matcher l = LABEL.matcher(group);
            while (l.find()) {
                out.put(l.group(1), l.group(2));
            }
        }
        return out;
    }

    /** Every sample line of a scrape as (name, labels). */
    static List<Map.Entry<String, Map<String, String>>> samples(String scrape) {
        List<Map.Entry<String, Map<String, String>>> out = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                out.add(Map.entry(m.group(1), labels(m.group(2))));
            }
        }
        return out;
    }

    /** A POST written by hand on a plain socket (10 s read timeout), for clients that must misbehave precisely. */
    static Socket rawPost(int port, String path, String body) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout((int) WAIT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        byte[] bytes = body.getBytes(UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + API_KEY + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(UTF_8));
        out.write(bytes);
        out.flush();
        return s;
    }

    /** Reads until {@code needle} went by (bounded by the socket's read timeout). */
    static void readUntil(InputStream in, String needle) throws IOException {
        StringBuilder seen = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            seen.append((char) b);
            if (seen.indexOf(needle) >= 0) {
                return;
            }
        }
        throw new AssertionError("stream ended before " + needle + ": " + seen);
    }

    /** A response read by hand: status, headers (names lower-cased) and a Content-Length framed body. */
    record RawResponse(int status, Map<String, String> headers, String body) {
    }

    /** Reads one Content-Length framed response (bounded by the socket's read timeout). */
    static RawResponse readResponse(Socket s) {
        try {
            InputStream in = s.getInputStream();
            String status = readLine(in);
            Map<String, String> headers = new HashMap<>();
            for (String line; !(line = readLine(in)).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawResponse(Integer.parseInt(status.split(" ")[1]), headers,
                    new String(in.readNBytes(length), UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes what the peer still takes: a proxy that refused a body may close the connection in the middle. */
    static void writeQuietly(Socket s, byte[] bytes, int offset, int length) {
        try {
            s.getOutputStream().write(bytes, offset, length);
        } catch (IOException refused) {
            // the answer (read separately) tells why
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            line.append((char) b);
        }
        throw new IOException("connection ended inside a line: " + line);
    }

    /** Decodes a chunked body from a plain socket a whole chunk at a time, counting the body bytes. */
    static final class ChunkedBody {
        private final InputStream in;
        private final byte[] scratch = new byte[64 * 1024];
        private long received;
        private boolean ended;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        /** Reads whole chunks until at least {@code atLeast} body bytes arrived in all, or the body ended. */
        void readAtLeast(long atLeast) throws IOException {
            while (!ended && received < atLeast) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    ended = true;
                    return;
                }
                for (int left = n; left > 0; ) {
                    int got = in.read(scratch, 0, Math.min(left, scratch.length));
                    if (got < 0) {
                        throw new IOException("connection ended inside a chunk");
                    }
                    left -= got;
                }
                received += n;
                if (!readLine(in).isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        }

        long received() {
            return received;
        }
    }

    /** The lines a line reader yields for one framed SSE event: its lines, then the blank line ending it. */
    static List<String> linesOf(String framedEvent) {
        List<String> lines = new ArrayList<>(List.of(framedEvent.strip().split("\r\n|\n|\r", -1)));
        lines.add("");
        return lines;
    }

    static Path shapes() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("shapes");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("no-shared-shapes");
    }

    /** A streaming POST by one real client, with its body read line by line as it arrives. */
    static final class Stream implements AutoCloseable {
        final LineFeed feed;
        final Process curl;
        private final InputStream body;

        private Stream(LineFeed feed, Process curl, InputStream body) {
            this.feed = feed;
            this.curl = curl;
            this.body = body;
        }

        static Stream open(Client client, URI base, String path, String body) throws Exception {
            if (client == Client.JDK) {
                HttpResponse<InputStream> res = HTTP.sendAsync(request(base, path, body).build(),
                        HttpResponse.BodyHandlers.ofInputStream()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(res.statusCode()).isEqualTo(200);
                return new Stream(new LineFeed(res.body()), null, res.body());
            }
            Process p = new ProcessBuilder("curl", "-sS", "-N", "--max-time", "25", "-H", "content-type: application/json",
                    "-H", "authorization: Bearer " + API_KEY, "--data-binary", "@-", base + path).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(body.getBytes(UTF_8));
            }
            return new Stream(new LineFeed(p.getInputStream()), p, null);
        }

        /** Every line until the body ends, which must be cleanly. */
        List<String> readToEnd() throws Exception {
            List<String> lines = new ArrayList<>();
            for (LineFeed.Line line; (line = feed.poll(WAIT)) != null; ) {
                lines.add(line.text());
            }
            assertCleanEnd();
            return lines;
        }

        void assertCleanEnd() throws Exception {
            assertThat(feed.end(WAIT)).as("how the body ended").isNull();
            if (curl != null) {
                assertThat(curl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(curl.exitValue()).as("curl exit, stderr: %s", stderr()).isZero();
            }
        }

        String stderr() {
            try {
                return new String(curl.getErrorStream().readNBytes(4096), UTF_8).strip();
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws IOException {
            if (curl != null) {
                curl.destroyForcibly();
            }
            if (body != null) {
                body.close();
            }
        }
    }

    /** Reads a body line by line on its own daemon thread, stamping each line with the nanoTime it arrived. */
    static final class LineFeed {
        record Line(String text, long at) {
        }

        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        LineFeed(InputStream in) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        queue.add(new Line(line, System.nanoTime()));
                    }
                    queue.add(END);
                } catch (IOException e) {
                    queue.add(e);
                }
            }, "line-feed");
            t.setDaemon(true);
            t.start();
        }

        private Object terminal; // END or the IOException, once seen by poll()

        Line next(Duration timeout, String what) throws InterruptedException {
            Object o = terminal != null ? terminal : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (o instanceof Line line) {
                return line;
            }
            throw new AssertionError(o == null ? "timed out after " + timeout + " waiting for " + what
                    : "body ended (" + (o == END ? "cleanly" : o) + ") while waiting for " + what);
        }

        /** The next line, or null once the body ended (then see {@link #end}); fails on a timeout. */
        Line poll(Duration timeout) throws InterruptedException {
            Object o = terminal != null ? terminal : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (o instanceof Line line) {
                return line;
            }
            if (o == null) {
                throw new AssertionError("body neither ended nor sent a line within " + timeout);
            }
            terminal = o;
            return null;
        }

        /** Null when the body ended cleanly, else the IOException it ended with; fails on more lines or a timeout. */
        IOException end(Duration timeout) throws InterruptedException {
            Object o = terminal != null ? terminal : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (o == END) {
                return null;
            }
            if (o instanceof IOException e) {
                return e;
            }
            throw new AssertionError(o == null ? "body did not end within " + timeout : "unexpected line " + o);
        }
    }

    /**
     * Captures everything logged while a test class runs (the proxy's own loggers at DEBUG), to prove no secret ever
     * shows up (leaked buffers are LeakWatch's job).
     */
    static final class LogCapture {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger airlock = (Logger) LoggerFactory.getLogger("dev.airlock");
        private Level before;

        static LogCapture attach() {
            LogCapture c = new LogCapture();
            c.appender.start();
            c.root.addAppender(c.appender);
            c.before = c.airlock.getLevel();
            c.airlock.setLevel(Level.DEBUG);
            return c;
        }

        void detach() {
            airlock.setLevel(before);
            root.detachAppender(appender);
            appender.stop();
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            List<ILoggingEvent> events;
            synchronized (appender) {
                events = new ArrayList<>(appender.list);
            }
            for (ILoggingEvent e : events) {
                sb.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(' ')
                        .append(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap()).append('\n');
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    sb.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                }
            }
            return sb.toString();
        }

        void assertClean(List<String> scrapes) {
            String logged = text();
            assertThat(logged).as("the proxy logged something about the planted secret's finding")
                    .contains("github-pat");
            assertNoTrace(logged, "the log output");
            assertNoTrace(String.join("\n", scrapes), "/metrics");
        }

        /** Fails if any 8 consecutive characters of a planted secret appear; reports where, not what. */
        private static void assertNoTrace(String text, String where) {
            for (String secret : List.of(SECRET, API_KEY)) {
                for (int i = 0; i + 8 <= secret.length(); i++) {
                    int at = text.indexOf(secret.substring(i, i + 8));
                    if (at >= 0) {
                        int lineStart = text.lastIndexOf('\n', at) + 1;
                        throw new AssertionError(where + " holds 8 characters of a planted secret at offset " + at
                                + ", in a line starting: " + text.substring(lineStart, Math.min(at, lineStart + 80)));
                    }
                }
            }
        }
    }
}
