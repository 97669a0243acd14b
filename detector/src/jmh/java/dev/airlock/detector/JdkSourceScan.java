package dev.airlock.detector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Scans every text file of the JDK's {@code src.zip} with the built-in rules, one scan per file, and prints
 * the false-positive budget: MB scanned, findings, findings per 100 MB, and every finding with its file,
 * line, rule and a masked preview (at most a quarter of the value, four characters at most, and its length).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.airlock.detector.JdkSourceScan [path/to/src.zip]}; without a
 * path, {@code -Dairlock.bench.srczip} or {@code ${java.home}/lib/src.zip}.
 */
public final class JdkSourceScan {

    private record Hit(String file, int line, String ruleId, String confidence, String preview) {
    }

    private JdkSourceScan() {
    }

    public static void main(String[] args) throws IOException {
        Path zipPath = args.length > 0 ? Paths.get(args[0]) : BenchCorpus.srcZip();
        Detector detector = Detector.builtIn();
        List<Hit> hits = new ArrayList<>();
        long bytes = 0;
        long chars = 0;
        int files = 0;
        int skipped = 0;
        long scanNanos = 0;
        try (ZipFile zip = new ZipFile(zipPath.toFile())) {
            List<? extends ZipEntry> entries = zip.stream().filter(e -> !e.isDirectory()).toList();
            for (ZipEntry entry : entries) {
                byte[] raw;
                try (InputStream in = zip.getInputStream(entry)) {
                    raw = in.readAllBytes();
                }
                String text = BenchCorpus.decodeText(raw);
                if (text == null) {
                    skipped++;
                    continue;
                }
                files++;
                bytes += raw.length;
                chars += text.length();
                long t0 = System.nanoTime();
                List<Finding> findings = detector.scan(text);
                scanNanos += System.nanoTime() - t0;
                for (Finding f : findings) {
                    hits.add(new Hit(entry.getName(), line(text, f.start()), f.ruleId(), f.confidence().name(),
                            mask(text, f)));
                }
            }
        }
        double mb = bytes / 1e6;
        System.out.printf(Locale.ROOT, "JDK sources: %s%n", zipPath);
        System.out.printf(Locale.ROOT, "files scanned: %d (%d skipped: not UTF-8 text), %.1f MB (%d chars)%n",
                files, skipped, mb, chars);
        System.out.printf(Locale.ROOT, "scan time: %.1f s, %.1f MB/s (one thread, one scan per file, incl. warm-up)%n",
                scanNanos / 1e9, mb / (scanNanos / 1e9));
        System.out.printf(Locale.ROOT, "findings: %d, %.2f per 100 MB%n", hits.size(), hits.size() / mb * 100);

        Map<String, List<Hit>> byRule = new TreeMap<>();
        for (Hit h : hits) {
            byRule.computeIfAbsent(h.ruleId(), k -> new ArrayList<>()).add(h);
        }
        System.out.println();
        System.out.println("findings by rule:");
        byRule.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<Hit>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-32s %5d%n", e.getKey(), e.getValue().size()));
        for (Map.Entry<String, List<Hit>> e : byRule.entrySet()) {
            System.out.println();
            System.out.println("== " + e.getKey() + " (" + e.getValue().size() + ")");
            for (Hit h : e.getValue()) {
                System.out.printf(Locale.ROOT, "  %s:%d  %s  %s%n", h.file(), h.line(), h.confidence(), h.preview());
            }
        }
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The first characters (a quarter of the value, at most four; control characters escaped) and the length: enough
     * to recognise, not to use.
     */
    static String mask(String text, Finding f) {
        StringBuilder sb = new StringBuilder();
        for (int i = f.start(); i < f.start() + Math.min(4, f.length() / 4); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        return "\"" + sb + "…\" (" + f.length() + " chars)";
    }
}
