package dev.airlock.proxy.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code git} command line, run as a child process (no Git library: the user's own git, with its own
 * configuration, index and credentials, is the one that commits). Output settings a user may have changed — path
 * quoting, colours, diff prefixes, relative paths, external diff and text conversion drivers — are pinned so that
 * what Airlock parses is always the same shape.
 *
 * <p>Processes run in {@code dir} (the current directory when null) and inherit the environment: inside a hook, git
 * points {@code GIT_INDEX_FILE} at the index being committed ({@code git commit -a} and {@code git commit PATH} use a
 * temporary one), and inheriting it is what makes a staged scan see exactly what the commit records.
 */
public final class Git {

    private static final List<String> PINNED = List.of("git", "-c", "core.quotePath=false", "-c", "color.ui=never",
            "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "diff.relative=false",
            "-c", "log.showSignature=false", "-c", "log.showRoot=true", "-c", "diff.interHunkContext=0");
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final Path dir;

    public Git(Path dir) {
        this.dir = dir;
    }

    /** The working directory of git's processes; null for the current one. */
    public Path dir() {
        return dir;
    }

    /** Runs git to its end and returns what it wrote to standard output; a non-zero exit is a {@link GitException}. */
    public byte[] run(String... args) throws GitException {
        Running p = start(args);
        byte[] out;
        try (InputStream in = p.process().getInputStream()) {
            out = in.readAllBytes();
        } catch (IOException e) {
            p.process().destroy();
            throw new GitException("reading from git failed (" + e.getClass().getSimpleName() + ")");
        }
        p.finish(args);
        return out;
    }

    /** As {@link #run}, as UTF-8 text without the final line break. */
    public String text(String... args) throws GitException {
        String s = new String(run(args), StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1)) : s;
    }

    /**
     * As {@link #text}, or null when git exits with 1: how {@code git config KEY} says a key is not set. Any other
     * failure is a {@link GitException}.
     */
    public String textOrNull(String... args) throws GitException {
        Running p = start(args);
        byte[] out;
        try (InputStream in = p.process().getInputStream()) {
            out = in.readAllBytes();
            if (p.process().waitFor() == 1) {
                return null;
            }
        } catch (IOException e) {
            p.process().destroy();
            throw new GitException("reading from git failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while waiting for git");
        }
        p.finish(args);
        String s = new String(out, StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** True when git exits 0, false for any other exit; for questions such as "is there a HEAD". */
    public boolean succeeds(String... args) throws GitException {
        Running p = start(args);
        try (InputStream in = p.process().getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return p.process().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while waiting for git");
        }
    }

    /** Starts git with output to read as a stream; call {@link Running#finish} after reading it all. */
    public Running start(String... args) throws GitException {
        List<String> command = new ArrayList<>(PINNED);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new GitException("git could not be started (expected: git installed and on PATH)");
        }
        // Drained on a thread of its own, so git never blocks on a full error pipe while its output is read.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream in = process.getErrorStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (err) {
                        if (err.size() < MAX_ERROR_BYTES) {
                            err.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "git-stderr");
        drain.setDaemon(true);
        drain.start();
        return new Running(process, drain, err);
    }

    /** A started git process, its error output collected aside. */
    public record Running(Process process, Thread drain, ByteArrayOutputStream err) {

        /** Waits for the exit; a non-zero one becomes a {@link GitException} carrying git's first error line. */
        public void finish(String... args) throws GitException {
            try {
                int exit = process.waitFor();
                drain.join(5_000);
                if (exit != 0) {
                    throw new GitException(firstLine() + " (git " + args[0] + " exited with " + exit + ")");
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                throw new GitException("interrupted while waiting for git");
            }
        }

        String firstLine() {
            String text;
            synchronized (err) {
                text = err.toString(StandardCharsets.UTF_8).strip();
            }
            int nl = text.indexOf('\n');
            String line = nl < 0 ? text : text.substring(0, nl).strip();
            return line.isEmpty() ? "git failed" : line;
        }
    }
}
