package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node project of real clients under {@code src/test/node}, installed with {@code npm ci} into {@code target/<name>}
 * (again only when its {@code package-lock.json} changes), and runs of its scripts with a clean environment.
 */
public final class NodeProject {

    /** Left in the install directory after a successful {@code npm ci}: the lock file it installed. */
    private static final String INSTALLED_LOCK = ".installed-package-lock.json";
    private static final Duration NPM_WAIT = Duration.ofMinutes(5);
    /** All a script inherits: never proxy, NODE_*, TLS or provider variables from the build's environment. */
    private static final List<String> KEPT_ENV = List.of("PATH", "LD_LIBRARY_PATH", "TMPDIR");

    private final Path node;
    private final Path work;

    private NodeProject(Path node, Path work) {
        this.node = node;
        this.work = work;
    }

    /**
     * Copies {@code files} of {@code src/test/node/<name>} into {@code target/node-<name>} and installs it there;
     * empty when {@code node} or {@code npm} is not on the PATH (the caller's tests are then skipped).
     */
    public static Optional<NodeProject> install(String name, List<String> files) throws Exception {
        Optional<Path> nodeBin = onPath("node");
        Optional<Path> npmBin = onPath("npm");
        if (nodeBin.isEmpty() || npmBin.isEmpty()) {
            return Optional.empty();
        }
        Path module = Files.isDirectory(Path.of("proxy", "src/test/node")) ? Path.of("proxy") : Path.of("");
        Path source = module.resolve("src/test/node").resolve(name);
        Path work = module.resolve("target/node-" + name).toAbsolutePath();
        Files.createDirectories(work);
        for (String file : files) {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        NodeProject project = new NodeProject(nodeBin.get(), work);
        Path installed = work.resolve(INSTALLED_LOCK);
        byte[] lock = Files.readAllBytes(work.resolve("package-lock.json"));
        if (Files.isDirectory(work.resolve("node_modules")) && Files.exists(installed)
                && Arrays.equals(lock, Files.readAllBytes(installed))) {
            return Optional.of(project);
        }
        Files.deleteIfExists(installed);
        Path log = work.resolve("npm-ci.log");
        Process npm = new ProcessBuilder(npmBin.get().toString(), "ci", "--no-audit", "--no-fund")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        npm.getOutputStream().close();
        boolean exited = npm.waitFor(NPM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            npm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, UTF_8);
        assertThat(exited).as("npm ci finished within %s:%n%s", NPM_WAIT, out).isTrue();
        assertThat(npm.exitValue()).as("npm ci:%n%s", out).isZero();
        Files.write(installed, lock);
        return Optional.of(project);
    }

    /**
     * As {@link #install}, for a test class's {@code @BeforeAll} (or a test): when {@code node} or {@code npm} is not
     * on the PATH, what called it is skipped.
     */
    public static NodeProject installOrSkip(String name, List<String> files) throws Exception {
        Optional<NodeProject> project = install(name, files);
        Assumptions.assumeTrue(project.isPresent(), "node and npm are not both on the PATH (.ci/run installs them)");
        return project.get();
    }

    /**
     * Starts {@code node script} in the project with only {@link #KEPT_ENV} inherited and {@code env} added; its
     * stderr goes to a file in {@code tempDir}.
     */
    NodeRun start(String script, Map<String, String> env, Path tempDir) throws IOException {
        return start(List.of(script), work, env, tempDir);
    }

    /** Starts {@code node arguments…} in {@code directory}, otherwise as {@link #start(String, Map, Path)}. */
    NodeRun start(List<String> arguments, Path directory, Map<String, String> env, Path tempDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(node.toString()));
        command.addAll(arguments);
        return run(command, directory, env, tempDir);
    }

    /**
     * Starts {@code command} as it is (a native program a package installed, such as one of its
     * {@code node_modules/.bin} entries), otherwise as {@link #start(List, Path, Map, Path)}.
     */
    NodeRun run(List<String> command, Path directory, Map<String, String> env, Path tempDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().retainAll(KEPT_ENV);
        environment.putAll(env);
        Path err = Files.createTempFile(tempDir, "node-stderr", ".txt");
        Process p = pb.redirectError(err.toFile()).start();
        p.getOutputStream().close();
        return new NodeRun(p, err);
    }

    /** A file of the installed project, e.g. {@code node_modules/<package>/cli.js}. */
    public Path file(String relative) {
        return work.resolve(relative);
    }

    /** Where the project is installed. */
    public Path directory() {
        return work;
    }

    /** The executable {@code name} in the first directory of the PATH that has one. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    record NodeResult(int exit, List<String> stdout, String stderr) {
    }

    /** A running script; stdout read line by line as it arrives. */
    static final class NodeRun implements AutoCloseable {

        private static final String EOF = "\u0000eof";

        private final Process process;
        private final Path stderr;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private NodeRun(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process was killed; the test reports what is missing
                } finally {
                    lines.add(EOF);
                }
            }, "node-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next stdout line, failing if none arrives within {@code timeout} or stdout ends. */
        String nextLine(Duration timeout) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("a line from node within %s; stderr: %s", timeout, stderr()).isNotNull()
                    .isNotEqualTo(EOF);
            return line;
        }

        /** Waits for the exit (killing the process after {@code timeout}) and returns the stdout lines not read. */
        NodeResult finish(Duration timeout) throws InterruptedException {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> rest = new ArrayList<>();
            for (String line = lines.poll(10, TimeUnit.SECONDS); line != null && !line.equals(EOF);
                 line = lines.poll(10, TimeUnit.SECONDS)) {
                rest.add(line);
            }
            assertThat(exited).as("node exited within %s; stdout %s; stderr %s", timeout, rest, stderr()).isTrue();
            return new NodeResult(process.exitValue(), rest, stderr());
        }

        String stderr() {
            try {
                return Files.readString(stderr, UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
