package dev.airlock.proxy.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The lines each commit added, read from one {@code git log -p -U0} stream: per commit and file, the added lines
 * joined into one text (so a rule that needs several lines, such as a PEM block, still matches when they were added
 * together) with the file line number of each.
 *
 * <p>Why the patch stream and not each commit's blobs: one git process writes every change once, and only added
 * lines are decoded and scanned; reading whole blobs per commit costs a process round-trip and a full scan per file
 * version, for findings that a history scan would then have to filter to the added lines anyway. Hunks of one file
 * are separated by an empty line, so no rule matches across lines that are not next to each other in the file.
 * Files git shows as binary (a NUL byte, or a {@code binary}/{@code -diff} attribute) have no added lines here:
 * {@code --text} would make git print every image and archive ever committed.
 */
public final class History {

    /** Range separator: a line no git output line starts with. */
    private static final char MARK = '\u0001';
    private static final String FORMAT = "--format=" + "%x01%H%x01%an <%ae>%x01%aI";

    /** A commit, as reported: full id, {@code Name <email>} of the author, author date (ISO 8601). */
    public record Commit(String id, String author, String date) {
    }

    /**
     * What one commit added to one file.
     *
     * @param lines the file line number of each line of {@code text}; -1 for the empty line between two hunks
     */
    public record Added(Commit commit, String path, String text, int[] lines) {
    }

    private History() {
    }

    /**
     * Streams the additions of every commit of {@code range} (default {@code HEAD}), newest first, to {@code sink}.
     * Files whose additions in one commit exceed {@code maxBytes} are skipped with a notice.
     *
     * @throws GitException when git refuses the range or fails
     */
    public static void walk(Repository repo, String range, int maxBytes, Consumer<Added> sink, Consumer<String> notices)
            throws GitException {
        String rev = range == null || range.isBlank() ? "HEAD" : range.strip();
        if (rev.startsWith("-")) {
            throw new GitException("\"" + rev + "\" is not a revision range (expected: e.g. HEAD, main..feature, "
                    + "v1.0..HEAD)");
        }
        if (rev.equals("HEAD") && !repo.hasCommits()) {
            notices.accept("no commits yet: nothing to scan");
            return;
        }
        // Merges are diffed against their first parent: a secret added while resolving a merge is history too.
        String[] args = {"log", "-p", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "--diff-filter=d",
                "--diff-merges=first-parent", "--src-prefix=a/", "--dst-prefix=b/", FORMAT, "--end-of-options", rev,
                "--"};
        Git.Running p = repo.git().start(args);
        Reader reader = new Reader(maxBytes, sink, notices);
        try (InputStream in = p.process().getInputStream()) {
            reader.read(new LineReader(in, maxBytes));
        } catch (IOException e) {
            p.process().destroy();
            throw new GitException("reading git log failed (" + e.getClass().getSimpleName() + ")");
        }
        p.finish(args);
    }

    /** The state of one pass over the patch stream. */
    private static final class Reader {
        private final int maxBytes;
        private final Consumer<Added> sink;
        private final Consumer<String> notices;
        private Commit commit;
        private String path;
        private final StringBuilder text = new StringBuilder();
        private int[] lines = new int[64];
        private int lineCount;
        private boolean skipping;
        private int nextLine;
        private int plusLeft;
        private int minusLeft;

        Reader(int maxBytes, Consumer<Added> sink, Consumer<String> notices) {
            this.maxBytes = maxBytes;
            this.sink = sink;
            this.notices = notices;
        }

        void read(LineReader r) throws IOException {
            while (r.next()) {
                byte[] b = r.line();
                int n = r.length();
                if (plusLeft > 0 || minusLeft > 0) {
                    if (n > 0 && b[0] == '+' && plusLeft > 0) {
                        plusLeft--;
                        added(b, n, r.overlong());
                        continue;
                    }
                    if (n > 0 && b[0] == '-' && minusLeft > 0) {
                        minusLeft--;
                        continue;
                    }
                    if (n > 0 && b[0] == '\\') {
                        continue; // "\ No newline at end of file"
                    }
                    plusLeft = 0;
                    minusLeft = 0;
                }
                if (n > 0 && b[0] == MARK) {
                    flush();
                    commit = commit(new String(b, 1, n - 1, StandardCharsets.UTF_8));
                    path = null;
                } else if (UnifiedDiff.startsWith(b, n, "diff --git ")) {
                    flush();
                    path = null;
                } else if (UnifiedDiff.startsWith(b, n, "+++ ")) {
                    path = UnifiedDiff.newPath(b, n);
                } else if (UnifiedDiff.startsWith(b, n, "@@ ")) {
                    int[] h;
                    try {
                        h = UnifiedDiff.hunk(b, n);
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    if (lineCount > 0) {
                        text.append('\n');
                        push(-1);
                    }
                    nextLine = h[0];
                    plusLeft = h[1];
                    minusLeft = h[2];
                }
            }
            flush();
        }

        private void added(byte[] b, int n, boolean overlong) {
            if (path == null || skipping) {
                nextLine++;
                return;
            }
            if (overlong || text.length() + n > maxBytes) {
                skipping = true;
                notices.accept(path + " in commit " + abbrev(commit) + ": skipped, more than " + (maxBytes >> 20)
                        + " MiB added (not a source file)");
                text.setLength(0);
                lineCount = 0;
                return;
            }
            if (lineCount > 0) {
                text.append('\n');
            }
            text.append(decode(b, 1, n - 1));
            push(nextLine++);
        }

        private void push(int line) {
            if (lineCount == lines.length) {
                lines = Arrays.copyOf(lines, lineCount * 2);
            }
            lines[lineCount++] = line;
        }

        private void flush() {
            if (path != null && !skipping && lineCount > 0) {
                sink.accept(new Added(commit, path, text.toString(), Arrays.copyOf(lines, lineCount)));
            }
            text.setLength(0);
            lineCount = 0;
            skipping = false;
            plusLeft = 0;
            minusLeft = 0;
        }

        private static Commit commit(String header) {
            String[] parts = header.split("\u0001", -1);
            return new Commit(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
        }

        private static String abbrev(Commit c) {
            return c == null ? "?" : c.id().substring(0, Math.min(12, c.id().length()));
        }
    }

    /** Invalid UTF-8 becomes U+FFFD, as in {@code airlock scan}; ASCII lines (most of them) take the fast path. */
    static String decode(byte[] b, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (b[i] < 0) {
                return new String(b, from, n, StandardCharsets.UTF_8);
            }
        }
        return new String(b, from, n, StandardCharsets.ISO_8859_1);
    }
}
