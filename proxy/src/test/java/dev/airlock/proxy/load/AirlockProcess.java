package dev.airlock.proxy.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        this.port = ServerProcesses.freePort();
        int admin = ServerProcesses.freePort();
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
        ServerProcesses.awaitListening(process, "airlock", port, Duration.ofSeconds(60), dir.resolve("airlock.log"));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        ServerProcesses.stop(process, Duration.ofSeconds(40));
    }
}
