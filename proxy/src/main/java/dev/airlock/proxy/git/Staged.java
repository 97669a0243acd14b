package dev.airlock.proxy.git;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code git commit} would record: each file the index adds or changes, as its whole staged blob, with the line
 * numbers the commit adds to it.
 *
 * <p>Why whole blobs and not only the added lines: some rules need context that may sit on lines the commit does not
 * touch (the {@code password =} key of an assignment, the {@code BEGIN} line of a PEM block, {@code kind: Secret}
 * above a Kubernetes data field), and a scan of added lines alone would miss those or match fragments. The blob is
 * scanned whole and only findings that overlap an added line are reported, so a commit is never blocked for a secret
 * that was already in the file (that is what {@code airlock scan --git} and baselines are for). The index, not the
 * working tree, is read: unstaged edits are not part of the commit.
 */
public final class Staged {

    private static final String SUBMODULE = "160000";
    private static final String SYMLINK = "120000";

    /**
     * One staged file.
     *
     * @param path  its path in the repository, {@code /}-separated
     * @param text  the staged content as UTF-8 (invalid bytes become U+FFFD)
     * @param added the 1-based line numbers this commit adds or changes
     */
    public record File(String path, String text, BitSet added) {
    }

    private record Entry(String path, String blob) {
    }

    private Staged() {
    }

    /**
     * The staged text files with added lines. Binary files (a NUL byte in the first 8 KiB) are left out; files larger
     * than {@code maxBytes} are left out with a notice.
     */
    public static List<File> read(Repository repo, int maxBytes, Consumer<String> notices) throws GitException {
        List<Entry> entries = entries(repo.git());
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, BitSet> added = addedLines(repo.git());
        List<Entry> wanted = new ArrayList<>();
        for (Entry e : entries) {
            BitSet lines = added.get(e.path());
            if (lines != null && !lines.isEmpty()) {
                wanted.add(e);
            }
        }
        return blobs(repo.git(), wanted, added, maxBytes, notices);
    }

    /** {@code git diff --cached --raw -z}: added, copied, modified, renamed and retyped files with their staged blob. */
    private static List<Entry> entries(Git git) throws GitException {
        byte[] raw = git.run("diff", "--cached", "--raw", "-z", "-M", "--diff-filter=ACMRT", "--no-abbrev",
                "--no-ext-diff", "--");
        List<Entry> entries = new ArrayList<>();
        List<String> fields = split(raw);
        for (int i = 0; i < fields.size(); ) {
            String meta = fields.get(i++);
            if (!meta.startsWith(":")) {
                continue;
            }
            String[] m = meta.substring(1).split(" ");
            if (m.length < 5) {
                continue;
            }
            char status = m[4].charAt(0);
            String path = fields.get(i++);
            if (status == 'R' || status == 'C') {
                path = fields.get(i++); // the new name follows the old one
            }
            String mode = m[1];
            if (!mode.equals(SUBMODULE) && !mode.equals(SYMLINK)) {
                entries.add(new Entry(path, m[3]));
            }
        }
        return entries;
    }

    private static List<String> split(byte[] raw) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** The new-side line numbers of every hunk of {@code git diff --cached -U0}, per path. */
    private static Map<String, BitSet> addedLines(Git git) throws GitException {
        // --text: a file marked -diff or binary in .gitattributes still has its added lines counted (the blob's own
        // NUL check below decides what is binary, as for airlock scan PATH).
        String[] args = {"diff", "--cached", "-U0", "--text", "--no-color", "--no-ext-diff", "--no-textconv", "-M",
                "--diff-filter=ACMRT", "--src-prefix=a/", "--dst-prefix=b/", "--"};
        Map<String, BitSet> added = new LinkedHashMap<>();
        Git.Running p = git.start(args);
        try (InputStream in = p.process().getInputStream()) {
            // Hunk bodies are skipped by their counts; only header lines are kept, so line length is no concern.
            LineReader r = new LineReader(in, 64 * 1024);
            String path = null;
            int plusLeft = 0;
            int minusLeft = 0;
            while (r.next()) {
                byte[] b = r.line();
                int n = r.length();
                if (plusLeft > 0 || minusLeft > 0) {
                    if (n > 0 && b[0] == '+' && plusLeft > 0) {
                        plusLeft--;
                        continue;
                    }
                    if (n > 0 && b[0] == '-' && minusLeft > 0) {
                        minusLeft--;
                        continue;
                    }
                    if (n > 0 && b[0] == '\\') {
                        continue;
                    }
                    plusLeft = 0;
                    minusLeft = 0;
                }
                if (UnifiedDiff.startsWith(b, n, "diff --git ")) {
                    path = null;
                } else if (UnifiedDiff.startsWith(b, n, "+++ ") && !r.overlong()) {
                    path = UnifiedDiff.newPath(b, n);
                } else if (UnifiedDiff.startsWith(b, n, "@@ ") && path != null) {
                    int[] h = UnifiedDiff.hunk(b, n);
                    if (h[1] > 0) {
                        added.computeIfAbsent(path, k -> new BitSet()).set(h[0], h[0] + h[1]);
                    }
                    plusLeft = h[1];
                    minusLeft = h[2];
                }
            }
        } catch (IOException e) {
            p.process().destroy();
            throw new GitException("reading git diff failed (" + e.getClass().getSimpleName() + ")");
        }
        p.finish(args);
        return added;
    }

    /**
     * Reads the blobs through one {@code git cat-file --batch}, one request at a time: asking for all of them first
     * could fill both pipes at once and stall git and Airlock on each other.
     */
    private static List<File> blobs(Git git, List<Entry> wanted, Map<String, BitSet> added, int maxBytes,
                                    Consumer<String> notices) throws GitException {
        if (wanted.isEmpty()) {
            return List.of();
        }
        String[] args = {"cat-file", "--batch"};
        Git.Running p = git.start(args);
        List<File> files = new ArrayList<>();
        try (OutputStream out = p.process().getOutputStream();
             InputStream in = new BufferedInputStream(p.process().getInputStream(), 64 * 1024)) {
            for (Entry e : wanted) {
                out.write((e.blob() + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String header = header(in);
                String[] h = header.split(" ");
                if (h.length != 3 || !h[1].equals("blob")) {
                    throw new GitException(e.path() + ": staged blob " + e.blob() + " cannot be read (" + header + ")");
                }
                long size = Long.parseLong(h[2]);
                if (size > maxBytes) {
                    in.skipNBytes(size + 1);
                    notices.accept(e.path() + ": skipped, larger than " + (maxBytes >> 20) + " MiB (not a source file)");
                    continue;
                }
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes(1);
                if (!isBinary(content)) {
                    files.add(new File(e.path(), new String(content, StandardCharsets.UTF_8), added.get(e.path())));
                }
            }
        } catch (IOException | NumberFormatException e) {
            p.process().destroy();
            throw new GitException("reading staged files from git failed (" + e.getClass().getSimpleName() + ")");
        }
        p.finish(args);
        return files;
    }

    private static String header(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("git cat-file ended early");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
