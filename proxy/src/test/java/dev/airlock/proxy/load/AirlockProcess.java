package dev.airlock.proxy.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Airlock as users run it: {@code java -jar airlock.jar serve} in its own process with the JVM's defaults, so its
 * garbage collections and threads are its own and not the harness's, as nginx's are.
 */
final class AirlockProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    /** @param jvmOptions extra options for Airlock's JVM (a collector to try, a flight recording), may be empty */
    AirlockProcess(Path jar, Path dir, int upstreamPort, Path caPem, List<String> jvmOptions)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " not found: build it with ./mvnw -q -DskipTests package");
        }
        this.port = freePort();
        int admin = freePort();
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("airlock.yaml"), """
                listen: 127.0.0.1:%d
                admin: 127.0.0.1:%d
                routes:
                  - name: openai
                    upstream: https://127.0.0.1:%d
                upstream:
                  caFile: %s
                """.formatted(port, admin, upstreamPort, caPem));
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(),
                "--home", dir.resolve("home").toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("airlock.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("airlock exited: see " + dir.resolve("airlock.log"));
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("airlock did not start listening on " + port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
