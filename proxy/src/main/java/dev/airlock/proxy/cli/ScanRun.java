package dev.airlock.proxy.cli;

import dev.airlock.config.ConfigException;
import dev.airlock.config.IgnoreFile;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.git.Git;
import dev.airlock.proxy.git.GitException;
import dev.airlock.proxy.git.History;
import dev.airlock.proxy.git.Repository;
import dev.airlock.proxy.git.Staged;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One scan as {@code scan} and {@code baseline} run it: read the targets (paths, the index, or history), find, place
 * and judge every finding. Problems are printed to the command's error stream as {@code airlock CMD: …}.
 */
final class ScanRun {

    /**
     * @param located every finding, accepted ones included
     * @param failed  some target could not be read (already reported); the scan exits 2
     * @param mode    what was scanned
     */
    record Result(List<Located> located, Detector detector, boolean failed, Mode mode) {

        List<Located> failing() {
            return located.stream().filter(l -> l.accepted() == null).toList();
        }
    }

    enum Mode { PATHS, STAGED, HISTORY }

    private final String command;
    private final PrintWriter err;

    ScanRun(String command, PrintWriter err) {
        this.command = command;
        this.err = err;
    }

    /** The findings, or null when the scan could not start (reported; exit 2). */
    Result collect(ScanOptions o, List<String> paths, Set<String> baseline) throws IOException {
        int modes = (o.staged ? 1 : 0) + (o.history != null ? 1 : 0) + (paths.isEmpty() ? 0 : 1);
        if (modes != 1) {
            err.println("airlock " + command + ": " + (modes == 0 ? "nothing to scan" : "more than one thing to scan")
                    + " (expected one of: PATH… or -, --staged, --git [REV_RANGE])");
            return null;
        }
        ConfigOption.Loaded loaded = o.config.loadOrReport(err);
        if (loaded == null) {
            return null;
        }
        Mode mode = o.staged ? Mode.STAGED : o.history != null ? Mode.HISTORY : Mode.PATHS;
        Repository repo = null;
        Path root;
        try {
            if (mode == Mode.PATHS) {
                root = plainRoot(o.repo);
            } else {
                repo = Repository.open(new Git(o.repo == null ? null : o.repo.toAbsolutePath()), mode == Mode.STAGED);
                root = repo.root();
            }
        } catch (GitException e) {
            err.println("airlock " + command + ": " + e.getMessage());
            return null;
        }
        IgnoreFile ignore = ignoreFile(o.ignoreFile, root);
        if (ignore == null) {
            return null;
        }
        ignore = ignore.with(new IgnoreFile(loaded.config().policy().allow().fingerprints(), Set.of()));
        Redactor keyed = new Redactor((o.home == null ? AirlockHome.defaultHome() : new AirlockHome(o.home)).installKey());
        Judge judge = new Judge(keyed, ignore, baseline);
        Detector detector = loaded.detector();
        List<Located> located = new ArrayList<>();
        try {
            boolean failed = switch (mode) {
                case PATHS -> paths(detector, judge, paths, root, located);
                case STAGED -> staged(detector, judge, repo, located);
                case HISTORY -> history(detector, judge, repo, o.history, located);
            };
            return new Result(located, detector, failed, mode);
        } catch (GitException e) {
            err.println("airlock " + command + ": " + e.getMessage());
            return null;
        }
    }

    private boolean staged(Detector detector, Judge judge, Repository repo, List<Located> out) throws GitException {
        for (Staged.File f : Staged.read(repo, (int) ScanTarget.MAX_FILE_BYTES, this::notice)) {
            judge.add(f.path(), f.path(), f.text(), detector.scan(f.text()), null, f.added(), null, out);
        }
        return false;
    }

    private boolean history(Detector detector, Judge judge, Repository repo, String range, List<Located> out)
            throws GitException {
        History.walk(repo, range, (int) ScanTarget.MAX_FILE_BYTES, a -> judge.add(a.path(), a.path(), a.text(),
                detector.scan(a.text()), a.lines(), null, a.commit(), out), this::notice);
        return false;
    }

    private boolean paths(Detector detector, Judge judge, List<String> paths, Path root, List<Located> out)
            throws IOException {
        boolean failed = false;
        for (ScanTarget target : targets(paths)) {
            if (target == null) {
                failed = true;
                continue;
            }
            judge.add(target.name(), placePath(root, target.name()), target.text(), detector.scan(target.text()), null,
                    null, null, out);
        }
        return failed;
    }

    /** Every target in order; a null entry stands for one that could not be read (already reported). */
    private List<ScanTarget> targets(List<String> paths) throws IOException {
        List<ScanTarget> targets = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String p : paths) {
            if (p.equals(ScanTarget.STDIN)) {
                targets.add(ScanTarget.stdin(System.in));
            } else {
                files.add(p);
            }
        }
        List<Path> expanded;
        try {
            expanded = ScanTarget.expand(files);
        } catch (IOException e) {
            notice(e.getMessage());
            targets.add(null);
            return targets;
        }
        for (Path file : expanded) {
            try {
                if (Files.size(file) > ScanTarget.MAX_FILE_BYTES) {
                    notice(file + ": skipped, larger than " + (ScanTarget.MAX_FILE_BYTES >> 20)
                            + " MiB (not a prompt or source file)");
                    continue;
                }
                ScanTarget t = ScanTarget.read(file);
                if (t != null) {
                    targets.add(t);
                }
            } catch (IOException e) {
                notice(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
                targets.add(null);
            }
        }
        return targets;
    }

    /**
     * Where a plain scan's {@code .airlockignore} and places are rooted: {@code --repo}, else the working tree holding
     * the current directory, else the current directory.
     */
    private static Path plainRoot(Path repo) {
        if (repo != null) {
            return repo.toAbsolutePath().normalize();
        }
        try {
            Repository r = Repository.open(new Git(null), true);
            return r.root().toAbsolutePath().normalize();
        } catch (GitException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** A file's path relative to the root, as places name it; standard input is {@code -}. */
    private static String placePath(Path root, String name) {
        if (name.equals(ScanTarget.STDIN) || root == null) {
            return name;
        }
        Path abs = Path.of(name).toAbsolutePath().normalize();
        return Place.normalize(abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString());
    }

    /** The accepted findings: {@code --ignore-file}, else the root's {@code .airlockignore}; null after a reported problem. */
    private IgnoreFile ignoreFile(Path given, Path root) {
        Path file = given != null ? given : root == null ? null : root.resolve(IgnoreFile.NAME);
        if (file == null || (given == null && !Files.isRegularFile(file))) {
            return IgnoreFile.EMPTY;
        }
        try {
            return IgnoreFile.read(file);
        } catch (ConfigException e) {
            err.println("airlock " + command + ": " + e.getMessage());
            return null;
        }
    }

    private void notice(String text) {
        err.println("airlock " + command + ": " + text);
    }
}
