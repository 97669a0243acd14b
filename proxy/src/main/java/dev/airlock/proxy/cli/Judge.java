package dev.airlock.proxy.cli;

import dev.airlock.config.IgnoreFile;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.git.History;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Places the findings of one text (line, column, keyed fingerprint, masked preview, place, masked line) and decides
 * which are accepted: an {@code airlock:allow} comment on the line, an {@code .airlockignore} entry, a baseline entry.
 * Accepted findings are kept with the reason, so reports can count them; only the others fail a scan.
 */
final class Judge {

    /** The inline marker; any comment syntax works, since only the line's text is searched. */
    static final String INLINE_ALLOW = "airlock:allow";
    /** A masked line wider than this is shown as a window around the finding. */
    private static final int CONTEXT_WIDTH = 160;

    private final Redactor keyed;
    private final IgnoreFile ignore;
    private final Set<String> baseline;

    /** @param baseline places of findings known before (empty without {@code --baseline}) */
    Judge(Redactor keyed, IgnoreFile ignore, Set<String> baseline) {
        this.keyed = keyed;
        this.ignore = ignore;
        this.baseline = baseline;
    }

    /**
     * @param file        the name reported
     * @param placePath   the file's path relative to the repository root, for its place
     * @param lineNumbers the file line of each line of {@code text} (-1 for none), or null when the text is the whole
     *                    file (line i+1)
     * @param onlyLines   file lines whose findings are reported (the lines a commit adds), or null for all
     */
    void add(String file, String placePath, String text, List<Finding> found, int[] lineNumbers, BitSet onlyLines,
             History.Commit commit, List<Located> out) {
        if (found.isEmpty()) {
            return;
        }
        int[] starts = lineStarts(text);
        for (Finding f : found) {
            int first = lineIndex(starts, f.start());
            int last = lineIndex(starts, f.end() - 1);
            if (onlyLines != null && !touches(onlyLines, lineNumbers, first, last)) {
                continue;
            }
            int lineStart = starts[first];
            int lineEnd = lineEnd(text, starts, first);
            CharSequence secret = text.subSequence(f.start(), f.end());
            String fingerprint = keyed.fingerprint(secret);
            String place = Place.of(f.ruleId(), placePath, text, lineStart, lineEnd, found);
            Acceptance accepted = inline(text, starts, first, last) ? Acceptance.INLINE
                    : ignore.fingerprints().contains(fingerprint) || ignore.places().contains(place) ? Acceptance.IGNORE_FILE
                    : baseline.contains(place) ? Acceptance.BASELINE
                    : null;
            int line = lineNumbers == null ? first + 1 : lineNumbers[first];
            out.add(new Located(file, f, line, f.start() - lineStart + 1, fingerprint, Located.mask(secret), place,
                    context(text, lineStart, lineEnd, found, f), commit, accepted));
        }
    }

    private static boolean touches(BitSet lines, int[] lineNumbers, int first, int last) {
        for (int i = first; i <= last; i++) {
            int n = lineNumbers == null ? i + 1 : lineNumbers[i];
            if (n > 0 && lines.get(n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inline(String text, int[] starts, int first, int last) {
        return text.substring(starts[first], lineEnd(text, starts, last)).contains(INLINE_ALLOW);
    }

    /**
     * A finding's line as a report may show it: every finding on it replaced by its mask, tabs and control characters
     * as spaces, a window around the finding when the line is long.
     *
     * @param from where this finding's mask starts in {@code text}
     * @param to   where it ends
     */
    record Context(String text, int from, int to) {
    }

    static Context context(String text, int lineStart, int lineEnd, List<Finding> all, Finding target) {
        StringBuilder sb = new StringBuilder();
        int at = lineStart;
        int markFrom = 0;
        int markTo = 0;
        for (Finding f : all) {
            if (f.end() <= lineStart || f.start() >= lineEnd) {
                continue;
            }
            if (f.start() > at) {
                appendVisible(sb, text, at, f.start());
            }
            if (f == target) {
                markFrom = sb.length();
            }
            appendVisible(sb, Located.mask(text.subSequence(f.start(), f.end())), 0, -1);
            if (f == target) {
                markTo = sb.length();
            }
            at = Math.max(at, Math.min(lineEnd, f.end()));
        }
        if (at < lineEnd) {
            appendVisible(sb, text, at, lineEnd);
        }
        int from = 0;
        int to = sb.length();
        if (to > CONTEXT_WIDTH) {
            from = Math.max(0, Math.min(markFrom - CONTEXT_WIDTH / 3, to - CONTEXT_WIDTH));
            to = Math.min(to, from + CONTEXT_WIDTH);
        }
        String shown = (from > 0 ? "…" : "") + sb.substring(from, to) + (to < sb.length() ? "…" : "");
        int offset = from > 0 ? 1 : 0;
        return new Context(shown, markFrom - from + offset, Math.min(markTo, to) - from + offset);
    }

    private static void appendVisible(StringBuilder sb, CharSequence s, int from, int to) {
        int end = to < 0 ? s.length() : to;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            sb.append(c < ' ' || c == 0x7f ? ' ' : c);
        }
    }

    static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = i + 1;
        }
        return Arrays.copyOf(starts, n);
    }

    /** The 0-based line holding {@code offset}. */
    static int lineIndex(int[] starts, int offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i : -i - 2;
    }

    private static int lineEnd(String text, int[] starts, int line) {
        int end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length();
        return end > starts[line] && text.charAt(end - 1) == '\r' ? end - 1 : end;
    }
}
