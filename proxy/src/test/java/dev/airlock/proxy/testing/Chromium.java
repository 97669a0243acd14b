package dev.airlock.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver REST API with the JDK HttpClient: no Selenium,
 * nothing downloaded. chromedriver is started on port 0 and says which port it took; its output goes to a log file.
 * Needs Debian's {@code chromium} and {@code chromium-driver} packages ({@link #available()}).
 */
public final class Chromium implements AutoCloseable {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STARTED = Pattern.compile("started successfully on port (\\d+)");

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Duration timeout;
    private URI session;

    private Chromium(Process driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
    }

    public static boolean available() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /**
     * Starts chromedriver and a session of a headless Chromium sized {@code width × height}; {@code timeout} bounds
     * the start, each WebDriver call, page loads and asynchronous scripts.
     */
    public static Chromium start(Path log, int width, int height, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(DRIVER.toString(), "--port=0").redirectErrorStream(true).start();
        Chromium c = new Chromium(p, timeout);
        try {
            int port = c.driverPort(log).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            ObjectNode options = JSON.createObjectNode().put("binary", BROWSER.toString());
            ArrayNode args = options.putArray("args");
            for (String a : new String[] {"--headless=new", "--no-sandbox", "--disable-gpu",
                    "--window-size=" + width + "," + height, "--hide-scrollbars", "--force-device-scale-factor=1",
                    "--no-first-run", "--no-default-browser-check", "--disable-extensions"}) {
                args.add(a);
            }
            ObjectNode always = JSON.createObjectNode().put("browserName", "chrome");
            always.set("goog:chromeOptions", options);
            always.putObject("timeouts").put("script", timeout.toMillis()).put("pageLoad", timeout.toMillis());
            ObjectNode body = JSON.createObjectNode();
            body.putObject("capabilities").set("alwaysMatch", always);
            JsonNode created = c.call("POST", URI.create("http://127.0.0.1:" + port + "/session"), body);
            c.session = URI.create("http://127.0.0.1:" + port + "/session/" + created.get("sessionId").asText());
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    /** Copies chromedriver's output to {@code log}; completes with its port once it says it is listening. */
    private CompletableFuture<Integer> driverPort(Path log) throws IOException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Files.createDirectories(log.toAbsolutePath().getParent());
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread t = new Thread(() -> {
            try (out; BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException("chromedriver ended before it listened; see " + log));
        }, "chromedriver-output");
        t.setDaemon(true);
        t.start();
        return port;
    }

    public void open(URI url) throws Exception {
        call("POST", URI.create(session + "/url"), JSON.createObjectNode().put("url", url.toString()));
    }

    /** Runs {@code script} (a function body; {@code arguments} are {@code args}) and returns its value. */
    public JsonNode execute(String script, Object... args) throws Exception {
        return call("POST", URI.create(session + "/execute/sync"), script(script, args));
    }

    /**
     * Runs {@code script}, which calls its last argument (a callback) when done, and returns what it passed; waits
     * inside the browser, up to the session's script timeout.
     */
    public JsonNode executeAsync(String script, Object... args) throws Exception {
        return call("POST", URI.create(session + "/execute/async"), script(script, args));
    }

    public void resize(int width, int height) throws Exception {
        call("POST", URI.create(session + "/window/rect"),
                JSON.createObjectNode().put("width", width).put("height", height));
    }

    /** The viewport as PNG bytes. */
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("GET", URI.create(session + "/screenshot"), null).asText());
    }

    private ObjectNode script(String script, Object... args) {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.set("args", JSON.valueToTree(args));
        return body;
    }

    /** One WebDriver command; its {@code value}, or an exception naming the WebDriver error. */
    private JsonNode call(String method, URI uri, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout.plusSeconds(5))
                .header("content-type", "application/json; charset=utf-8");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(res.body()).path("value");
        if (res.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + uri.getPath() + ": " + res.statusCode() + " "
                    + value.path("error").asText() + ": " + value.path("message").asText());
        }
        return value;
    }

    /** Ends the session (Chromium exits), then chromedriver and anything it left running. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (session != null) {
                call("DELETE", session, null);
            }
        } catch (Exception e) {
            // the processes are ended below either way
        } finally {
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
