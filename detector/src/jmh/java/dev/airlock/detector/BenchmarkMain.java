package dev.airlock.detector;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ScanBenchmark} and prints engine and baseline throughput in MB/s side by side, with their ratio.
 *
 * <p>Takes JMH's own command-line options ({@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r},
 * {@code -p size=…}, {@code -prof stack}, a benchmark regex …); what is not given defaults to a short run:
 * one fork, two 1-second warm-up and three 2-second measurement iterations. MB is 10^6 bytes of UTF-8.
 */
public final class BenchmarkMain {

    private static final String DEFAULT_INCLUDE = ScanBenchmark.class.getName() + "\\.(engine|baseline)$";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp() || cli.shouldList() || cli.shouldListProfilers() || cli.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        BenchCorpus.srcZip(); // fail here, not in every fork, when the JDK sources are missing
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(DEFAULT_INCLUDE);
        }
        if (cli.getBenchModes().isEmpty()) {
            options.mode(Mode.Throughput);
        }
        if (!cli.getTimeUnit().hasValue()) {
            options.timeUnit(TimeUnit.SECONDS);
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        // Warm-up comes from each benchmark's annotation (the engine's is long, the baselines' short) unless given.
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(3);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(2));
        }
        // Forks inherit this JVM's arguments, so -Dairlock.bench.srczip=… reaches them without help.
        Collection<RunResult> results = new Runner(options.build()).run();
        printTable(results);
    }

    private static void printTable(Collection<RunResult> results) {
        // size -> benchmark method -> result
        Map<Integer, Map<String, Result<?>>> bySize = new TreeMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            int size = Integer.parseInt(r.getParams().getParam("size"));
            bySize.computeIfAbsent(size, k -> new TreeMap<>()).put(method, r.getPrimaryResult());
        }
        Detector detector = Detector.builtIn();
        NaiveBaseline baseline = new NaiveBaseline(detector.ruleObjects(), NaiveBaseline.AssignmentStyle.PER_RULE);
        System.out.println();
        System.out.println("Detector.scan vs naive baseline (" + baseline.describe()
                + "), one thread, MB = 10^6 bytes UTF-8");
        System.out.printf(Locale.ROOT, "%-9s %10s %24s %24s %9s   %s%n",
                "size", "bytes", "engine MB/s (min–max)", "baseline MB/s (min–max)", "ratio",
                "engine findings (planted found) / baseline matches");
        for (Map.Entry<Integer, Map<String, Result<?>>> e : bySize.entrySet()) {
            String text = BenchCorpus.text(e.getKey());
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            Result<?> engine = e.getValue().get("engine");
            Result<?> base = e.getValue().get("baseline");
            List<Finding> findings = detector.scan(text);
            long planted = BenchCorpus.PLANTED_RULES.stream()
                    .filter(id -> findings.stream().anyMatch(f -> f.ruleId().equals(id))).count();
            System.out.printf(Locale.ROOT, "%-9s %10d %24s %24s %9s   %d (%d/%d) / %d%n",
                    sizeLabel(e.getKey()), bytes, mbps(engine, bytes), mbps(base, bytes), ratio(engine, base),
                    findings.size(), planted, BenchCorpus.PLANTED_RULES.size(), baseline.count(text));
            Result<?> perKeyword = e.getValue().get("baselinePerKeyword");
            if (perKeyword != null) {
                System.out.printf(Locale.ROOT, "%-9s %10s %24s %24s %9s   (baseline with one regex per keyword)%n",
                        "", "", "", mbps(perKeyword, bytes), ratio(engine, perKeyword));
            }
        }
    }

    private static String sizeLabel(int chars) {
        return chars % (1 << 20) == 0 ? chars / (1 << 20) + " MiB" : chars / 1024 + " KiB";
    }

    /** Mean MB/s and, in brackets, the slowest and fastest iteration (JMH's 99.9% error on 3 iterations is huge). */
    private static String mbps(Result<?> r, int bytes) {
        if (r == null) {
            return "-";
        }
        if (!"ops/s".equals(r.getScoreUnit())) {
            return "n/a (" + r.getScoreUnit() + ")";
        }
        double scale = bytes / 1e6;
        return number(r.getScore() * scale) + " (" + number(r.getStatistics().getMin() * scale) + "–"
                + number(r.getStatistics().getMax() * scale) + ")";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.1f", v);
    }

    private static String ratio(Result<?> engine, Result<?> base) {
        if (engine == null || base == null || !engine.getScoreUnit().equals(base.getScoreUnit())) {
            return "-";
        }
        boolean timePerOp = engine.getScoreUnit().endsWith("/op");
        double ratio = timePerOp ? base.getScore() / engine.getScore() : engine.getScore() / base.getScore();
        return String.format(Locale.ROOT, "%.0fx", ratio);
    }
}
