package dev.airlock.proxy.git;

import java.nio.file.Path;

/**
 * The repository git finds from a directory.
 *
 * @param root the top of its working tree; null for a bare repository (history only, no index worth scanning)
 */
public record Repository(Git git, Path root) {

    /**
     * @param workTree true when a working tree is needed (staged changes, hooks); false when history is enough
     * @throws GitException outside a repository, with a message saying so
     */
    public static Repository open(Git git, boolean workTree) throws GitException {
        String where = git.dir() == null ? "the current directory" : git.dir().toString();
        if (!git.succeeds("rev-parse", "--git-dir")) {
            throw new GitException(where + " is not inside a git repository (expected: run it in a repository's "
                    + "working tree, or pass --repo DIR)");
        }
        if (!"true".equals(git.text("rev-parse", "--is-inside-work-tree"))) {
            if (workTree) {
                throw new GitException(where + " is not inside a git working tree (a bare repository or a .git folder;"
                        + " expected: the folder holding the checked-out files)");
            }
            return new Repository(git, null);
        }
        Path top = Path.of(git.text("rev-parse", "--show-toplevel"));
        return new Repository(new Git(top), top);
    }

    /** True once the repository has a commit. */
    public boolean hasCommits() throws GitException {
        return git.succeeds("rev-parse", "--verify", "--quiet", "HEAD^{commit}");
    }
}
