package dev.airlock.proxy.cli;

import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.git.Git;
import dev.airlock.proxy.git.GitException;
import dev.airlock.proxy.git.Repository;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock hook install|uninstall [--global]}: the pre-commit hook. It goes where git looks for hooks —
 * {@code core.hooksPath} when set, {@code .git/hooks} otherwise — and a hook already there is kept as
 * {@code pre-commit.airlock-previous} and run first, never overwritten; uninstalling puts it back.
 */
@Command(name = "hook", mixinStandardHelpOptions = true,
        description = "Install or remove the pre-commit hook that runs airlock scan --staged.",
        subcommands = {HookCommand.Install.class, HookCommand.Uninstall.class})
final class HookCommand implements Runnable {

    /** Written next to a global hook when Airlock set {@code core.hooksPath} itself, so uninstall unsets it. */
    static final String SET_BY_AIRLOCK = ".airlock-set-hooks-path";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both subcommands take. */
    static class Where {
        @Option(names = "--global", description = "Every repository of this user: the global core.hooksPath (set to "
                + "~/.airlock/hooks when unset).")
        boolean global;

        @Option(names = "--repo", paramLabel = "DIR", description = "The repository (default: the one holding the "
                + "current directory).")
        Path repo;

        @Option(names = "--home", paramLabel = "DIR", description = "Install directory (default: ~/.airlock); its key "
                + "is the one the hook's scans fingerprint with.")
        Path home;

        @Spec
        CommandSpec spec;

        AirlockHome home() {
            return home == null ? AirlockHome.defaultHome() : new AirlockHome(home);
        }

        /** The hooks directory git runs this repository's (or, with --global, every repository's) hooks from. */
        Path hooksDir(boolean create) throws GitException, IOException {
            if (global) {
                Git git = new Git(repo == null ? null : repo.toAbsolutePath());
                String set = git.textOrNull("config", "--global", "--path", "--get", "core.hooksPath");
                if (set != null && !set.isBlank()) {
                    return Path.of(set).toAbsolutePath();
                }
                Path dir = home().dir().resolve("hooks").toAbsolutePath();
                if (create) {
                    Files.createDirectories(dir);
                    git.run("config", "--global", "core.hooksPath", dir.toString());
                    Files.writeString(dir.resolve(SET_BY_AIRLOCK), "airlock hook install --global set core.hooksPath"
                            + " to this directory; airlock hook uninstall --global unsets it\n");
                }
                return dir;
            }
            Repository r = Repository.open(new Git(repo == null ? null : repo.toAbsolutePath()), true);
            return r.root().resolve(r.git().text("rev-parse", "--git-path", "hooks")).normalize();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    static boolean isOurs(Path hook) throws IOException {
        if (!Files.isRegularFile(hook)) {
            return false;
        }
        String head = new String(Files.readAllBytes(hook), StandardCharsets.UTF_8);
        return head.contains(HookScript.MARKER);
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install the pre-commit hook; an existing hook is kept and runs first.")
    static final class Install extends Where implements Callable<Integer> {

        @Override
        public Integer call() throws IOException {
            Path dir;
            try {
                dir = hooksDir(true);
            } catch (GitException e) {
                err().println("airlock hook install: " + e.getMessage());
                return 2;
            }
            Files.createDirectories(dir);
            Path hook = dir.resolve(HookScript.HOOK);
            Path previous = dir.resolve(HookScript.PREVIOUS);
            String kept = "";
            if (Files.exists(hook) && !isOurs(hook)) {
                if (Files.exists(previous)) {
                    err().println("airlock hook install: " + hook + " is not Airlock's and " + previous + " exists "
                            + "already (expected: only one of them; move one away, then install again)");
                    return 2;
                }
                Files.move(hook, previous);
                kept = "; the hook that was there is kept as " + previous.getFileName() + " and runs first";
            } else if (Files.exists(previous)) {
                kept = "; " + previous.getFileName() + " runs first";
            }
            Launcher launcher = Launcher.current();
            Path tmp = dir.resolve(HookScript.HOOK + ".airlock-tmp");
            Files.writeString(tmp, HookScript.render(launcher, global, home), StandardCharsets.UTF_8);
            if (!tmp.toFile().setExecutable(true, false)) {
                err().println("airlock hook install: cannot make " + tmp + " executable");
                Files.deleteIfExists(tmp);
                return 2;
            }
            Files.move(tmp, hook, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out().println("airlock hook: installed " + hook + kept + ".");
            out().println("Each commit now runs airlock scan --staged with " + launcher.artifact()
                    + " (airlock on PATH once that is gone).");
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Remove Airlock's pre-commit hook and restore the one it replaced.")
    static final class Uninstall extends Where implements Callable<Integer> {

        @Override
        public Integer call() throws IOException {
            Path dir;
            try {
                dir = hooksDir(false);
            } catch (GitException e) {
                err().println("airlock hook uninstall: " + e.getMessage());
                return 2;
            }
            Path hook = dir.resolve(HookScript.HOOK);
            Path previous = dir.resolve(HookScript.PREVIOUS);
            if (!Files.exists(hook)) {
                out().println("airlock hook: no pre-commit hook in " + dir + "; nothing to remove.");
                return unsetGlobal(dir);
            }
            if (!isOurs(hook)) {
                err().println("airlock hook uninstall: " + hook + " is not Airlock's hook; left as it is");
                return 2;
            }
            Files.delete(hook);
            if (Files.exists(previous)) {
                Files.move(previous, hook);
                out().println("airlock hook: removed Airlock's hook from " + dir + " and restored the one it replaced.");
            } else {
                out().println("airlock hook: removed " + hook + ".");
            }
            return unsetGlobal(dir);
        }

        /** Undoes what a global install set up itself: core.hooksPath, and the directory if nothing else is in it. */
        private int unsetGlobal(Path dir) throws IOException {
            Path marker = dir.resolve(SET_BY_AIRLOCK);
            if (!global || !Files.exists(marker) || Files.exists(dir.resolve(HookScript.HOOK))) {
                return 0;
            }
            try {
                new Git(repo == null ? null : repo.toAbsolutePath()).run("config", "--global", "--unset",
                        "core.hooksPath");
            } catch (GitException e) {
                err().println("airlock hook uninstall: could not unset the global core.hooksPath: " + e.getMessage());
                return 2;
            }
            Files.delete(marker);
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
            out().println("airlock hook: unset the global core.hooksPath that airlock hook install --global set.");
            return 0;
        }
    }
}
