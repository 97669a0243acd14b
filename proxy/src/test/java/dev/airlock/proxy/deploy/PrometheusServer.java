package dev.airlock.proxy.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus server (the {@code prometheus} binary) on a free loopback port, with its config, TSDB and log in
 * one folder, and the bits of its HTTP API the tests read. Every wait is bounded; {@link #close()} ends the process.
 */
final class PrometheusServer implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI base;
    private final Path log;

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts {@code binary} on {@code config} and waits until {@code /-/ready} answers 200. */
    static PrometheusServer start(Path binary, Path config, Path dir, Duration wait) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken between probe and bind
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = dir.resolve("prometheus-" + attempt + ".log");
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb-" + attempt), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=info").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
            try {
                server.awaitReady(wait);
                return server;
            } catch (Exception | AssertionError e) {
                server.close();
                last = new IllegalStateException("prometheus did not become ready: " + e.getMessage()
                        + "\n--- log ---\n" + server.logTail(), e instanceof Exception ex ? ex : null);
            }
        }
        throw last;
    }

    private void awaitReady(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + wait);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    URI base() {
        return base;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The parsed answer of an API call that must succeed ({@code "status":"success"}). */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> res = get(pathAndQuery);
        JsonNode body = JSON.readTree(res.body());
        if (res.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + res.statusCode() + ": " + res.body());
        }
        return body.path("data");
    }

    /** An instant query's result vector. */
    List<JsonNode> query(String promql) throws IOException, InterruptedException {
        JsonNode data = api("/api/v1/query?query=" + encode(promql));
        return JSON.convertValue(data.path("result"), JSON.getTypeFactory().constructCollectionType(List.class,
                JsonNode.class));
    }

    /** Polls {@code promql} until its result satisfies {@code done} or {@code wait} ran out; returns that result. */
    List<JsonNode> awaitQuery(String promql, Predicate<List<JsonNode>> done, Duration wait, String what)
            throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        List<JsonNode> result = query(promql);
        while (!done.test(result)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": query " + promql + " still gives " + result + " after " + wait);
            }
            Thread.sleep(POLL.toMillis());
            result = query(promql);
        }
        return result;
    }

    /** Polls an API path until its data satisfies {@code done}; returns that data. */
    JsonNode awaitApi(String pathAndQuery, Predicate<JsonNode> done, Duration wait, String what) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode data = api(pathAndQuery);
        while (!done.test(data)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + pathAndQuery + " still gives " + data + " after " + wait);
            }
            Thread.sleep(POLL.toMillis());
            data = api(pathAndQuery);
        }
        return data;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
