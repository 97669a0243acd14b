package dev.airlock.proxy.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository in a temporary folder, driven by the git command line with the user's own git configuration
 * shut out ({@code HOME}, global and system config point into the folder; inherited {@code GIT_*} variables are
 * dropped, so a test run from inside a hook stays put). {@link #airlock} runs this build's Airlock as a separate
 * process in the same environment, the way a hook runs it.
 */
final class TestRepo {

    record Run(int exit, String out) {
    }

    private final Path dir;
    private final Path home;

    private TestRepo(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** A new repository in {@code parent/repo}, its fake home in {@code parent/home}. */
    static TestRepo create(Path parent) throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(parent.resolve("repo")),
                Files.createDirectories(parent.resolve("home")));
        repo.ok("init", "-q");
        repo.ok("config", "user.name", "Ada Lovelace");
        repo.ok("config", "user.email", "ada@example.org");
        repo.ok("config", "commit.gpgsign", "false");
        return repo;
    }

    Path dir() {
        return dir;
    }

    /** The fake {@code HOME}; its {@code .gitconfig} is the global configuration. */
    Path home() {
        return home;
    }

    Path write(String path, String text) throws IOException {
        return write(path, text.getBytes(UTF_8));
    }

    Path write(String path, byte[] bytes) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** Stages and commits without running hooks; returns the commit id. */
    String commit(String message, String... paths) throws Exception {
        List<String> add = new ArrayList<>(List.of("add", "--"));
        add.addAll(paths.length == 0 ? List.of(".") : List.of(paths));
        ok(add.toArray(String[]::new));
        ok("commit", "-q", "--no-verify", "-m", message);
        return git("rev-parse", "HEAD").out().strip();
    }

    /** Runs git and fails the test unless it exits 0. */
    String ok(String... args) throws Exception {
        Run r = git(args);
        if (r.exit() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.out());
        }
        return r.out();
    }

    Run git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** {@code java -cp <this build> AirlockCommand ARGS} in the repository, as a hook would start it. */
    Run airlock(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AirlockCommand.class.getName()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Run run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 120 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
