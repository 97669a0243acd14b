package dev.airlock.proxy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-commit hook, a POSIX {@code sh} script. It runs the hook it replaced first (that one may format and re-stage
 * files, and Airlock should scan what is finally committed) and stops with its status if it fails; then it runs
 * {@code airlock scan --staged}, whose status becomes the hook's: 0 lets the commit through, 1 (findings) or 2 (an
 * error) stops it.
 */
final class HookScript {

    /** Marks a hook file as Airlock's own, so reinstalling replaces it and uninstalling removes it. */
    static final String MARKER = "# airlock-hook: 1";
    static final String HOOK = "pre-commit";
    static final String PREVIOUS = "pre-commit.airlock-previous";

    private HookScript() {
    }

    /**
     * @param global also run the repository's own {@code .git/hooks/pre-commit}, which a global {@code core.hooksPath}
     *               hides
     * @param home   the {@code --home} to pass to {@code scan}, or null for the default
     */
    static String render(Launcher launcher, boolean global, Path home) {
        List<String> scan = new ArrayList<>(List.of("scan", "--staged"));
        if (home != null) {
            scan.add("--home");
            scan.add(home.toAbsolutePath().toString());
        }
        List<String> jvm = new ArrayList<>(Launcher.JVM_OPTIONS);
        jvm.addAll(launcher.args());
        jvm.addAll(scan);
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# Airlock pre-commit hook: stops a commit that adds a credential (airlock scan --staged).\n");
        s.append("# Installed by `airlock hook install").append(global ? " --global" : "")
                .append("`; `airlock hook uninstall").append(global ? " --global" : "")
                .append("` removes it and restores the hook it replaced.\n");
        s.append(MARKER).append('\n');
        s.append('\n');
        s.append("hook_dir=$(dirname -- \"$0\")\n");
        s.append("previous=\"$hook_dir/").append(PREVIOUS).append("\"\n");
        s.append("if [ -x \"$previous\" ]; then\n");
        s.append("  \"$previous\" \"$@\" || exit $?\n");
        s.append("fi\n");
        if (global) {
            s.append("# A global core.hooksPath hides each repository's own hooks: run its pre-commit, as git would.\n");
            s.append("repo_hooks=$(git rev-parse --git-common-dir 2>/dev/null)/hooks\n");
            s.append("if [ -x \"$repo_hooks/pre-commit\" ] && [ \"$(cd \"$repo_hooks\" && pwd -P)\" != \"$(cd \"$hook_dir\" && pwd -P)\" ]; then\n");
            s.append("  \"$repo_hooks/pre-commit\" \"$@\" || exit $?\n");
            s.append("fi\n");
        }
        s.append('\n');
        s.append("# The Airlock that installed this hook; airlock on PATH once it is gone.\n");
        s.append("airlock_java=").append(quote(launcher.java().toString())).append('\n');
        s.append("airlock_artifact=").append(quote(launcher.artifact().toString())).append('\n');
        s.append("if [ -e \"$airlock_artifact\" ]; then\n");
        s.append("  [ -x \"$airlock_java\" ] || airlock_java=java\n");
        s.append("  exec \"$airlock_java\" ").append(join(jvm)).append('\n');
        s.append("elif command -v airlock >/dev/null 2>&1; then\n");
        s.append("  exec airlock ").append(join(scan)).append('\n');
        s.append("else\n");
        s.append("  echo \"airlock pre-commit hook: $airlock_artifact is gone and no airlock is on PATH (expected: "
                + "reinstall with airlock hook install, or remove this hook with airlock hook uninstall)\" >&2\n");
        s.append("  exit 2\n");
        s.append("fi\n");
        return s.toString();
    }

    private static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    /** A word for {@code sh}: single-quoted unless it is plainly safe; a {@code '} inside becomes {@code '\''}. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "-_./:=+,@%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
