package dev.airlock.proxy.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.airlock.proxy.cli.AirlockCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Airlock started the way a container or a pod starts it: the image's JVM options and the command's arguments, on
 * this build's classes instead of {@code -jar /opt/airlock/airlock.jar}, with the caller's paths already mapped to
 * temporary ones. Its output is read line by line on a thread of its own; every wait is bounded.
 */
final class ServedAirlock implements AutoCloseable {

    private static final Pattern PROXY = Pattern.compile("Airlock is listening on http://(?:\\[[^]]+]|[^:/]+):(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("Admin: http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private int proxyPort;
    private int adminPort;

    private ServedAirlock(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "served-airlock-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java JVM_OPTIONS -cp … AirlockCommand ARGS}, waits for its banner; fails if it exits first. */
    static ServedAirlock start(List<String> jvmOptions, List<String> args) throws Exception {
        ServedAirlock served = new ServedAirlock(new ProcessBuilder(command(jvmOptions, args))
                .redirectErrorStream(true).start());
        try {
            served.awaitBanner();
        } catch (Exception | AssertionError e) {
            served.close();
            throw e;
        }
        return served;
    }

    /** Runs an airlock command to its end (one that exits by itself) and returns its exit code and output. */
    static DeployFiles.Run run(List<String> args) throws Exception {
        ServedAirlock served = new ServedAirlock(new ProcessBuilder(command(List.of(), args))
                .redirectErrorStream(true).start());
        try {
            if (!served.process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("still running after " + START + ": " + served.output());
            }
            return new DeployFiles.Run(served.process.exitValue(), served.output());
        } finally {
            served.close();
        }
    }

    private static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AirlockCommand.class.getName()));
        command.addAll(args);
        return command;
    }

    private void awaitBanner() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (adminPort == 0 || proxyPort == 0) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError((process.isAlive() ? "no banner within " + START : "exited "
                        + process.waitFor()) + ":\n" + output());
            }
            seen.add(line);
            Matcher proxy = PROXY.matcher(line);
            Matcher admin = ADMIN.matcher(line);
            if (proxy.find()) {
                proxyPort = Integer.parseInt(proxy.group(1));
            }
            if (admin.find()) {
                adminPort = Integer.parseInt(admin.group(1));
            }
        }
    }

    int proxyPort() {
        return proxyPort;
    }

    int adminPort() {
        return adminPort;
    }

    HttpResponse<String> admin(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as Docker, Kubernetes and systemd stop it; returns the exit code. */
    int terminate() throws Exception {
        process.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of its output
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            throw new AssertionError("still running 45 s after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything printed so far (all of it once the process has ended). */
    String output() throws InterruptedException {
        if (!process.isAlive()) {
            reader.join(TimeUnit.SECONDS.toMillis(5)); // it ends when the pipe closes
        }
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
