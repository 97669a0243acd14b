package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * What {@link RequestPathTest} drives Airlock with besides the JDK HttpClient: curl, a raw socket (for framing the
 * JDK client will not produce), body encoders, and a reader for one /metrics sample.
 */
final class WireClients {

    private static final int TIMEOUT_MILLIS = 20_000;

    private WireClients() {
    }

    // ---- helpers: encodings

    static byte[] compress(String encoding, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (encoding) {
            case "gzip" -> {
                try (OutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(data);
                }
            }
            case "deflate" -> {
                try (OutputStream z = new DeflaterOutputStream(out)) {
                    z.write(data);
                }
            }
            case "br" -> {
                Brotli4jLoader.ensureAvailability();
                return Encoder.compress(data);
            }
            case "zstd" -> {
                return Zstd.compress(data);
            }
            default -> throw new IllegalArgumentException(encoding);
        }
        return out.toByteArray();
    }

    static byte[] gzipBomb(long zeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                gz.write(block, 0, (int) Math.min(left, block.length));
            }
        }
        return out.toByteArray();
    }

    // ---- helpers: metrics

    /** The value of one sample on /metrics, 0 when it is not there yet. */
    static double metric(RunningAirlock airlock, String name, String... labels) {
        for (String line : airlock.scrape().split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    // ---- helpers: curl and raw sockets

    record Curl(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    static void assumeCurl() {
        boolean found;
        try {
            Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            found = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            found = false;
        }
        Assumptions.assumeTrue(found, "curl is not installed");
    }

    /** POSTs the body from a file (never on the command line, where a secret would show in the process list). */
    static Curl curl(Path dir, RunningAirlock airlock, String target, String contentType, String body)
            throws Exception {
        Path bodyFile = Files.createTempFile(dir, "body", ".json");
        Path headerFile = Files.createTempFile(dir, "headers", ".txt");
        Path outFile = Files.createTempFile(dir, "out", ".json");
        Files.writeString(bodyFile, body, UTF_8);
        Process p = new ProcessBuilder("curl", "-sS", "--connect-timeout", "10", "--max-time", "20",
                "-H", "content-type: " + contentType, "--data-binary", "@" + bodyFile,
                "-D", headerFile.toString(), "-o", outFile.toString(), "-w", "%{http_code}",
                airlock.base() + target).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish");
        }
        assertThat(p.exitValue()).as("curl: " + out).isZero();
        return new Curl(Integer.parseInt(out.strip()), Files.readString(headerFile, UTF_8),
                Files.readString(outFile, UTF_8));
    }

    record RawResponse(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the head and body bytes as given, then reads the whole answer until the server closes. */
    static RawResponse raw(RunningAirlock airlock, String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", airlock.port())) {
            s.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(UTF_8));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete response head").isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            byte[] rest = text.substring(end + 4).getBytes(UTF_8);
            int length = Integer.parseInt(headers.getOrDefault("content-length", String.valueOf(rest.length)));
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, Arrays.copyOf(rest, length));
        }
    }
}
