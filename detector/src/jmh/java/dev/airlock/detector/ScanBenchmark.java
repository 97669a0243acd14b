package dev.airlock.detector;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread scanning one chat-request-sized text: the whole engine ({@link Detector#scan}) against the naive
 * baseline of every rule's regex over the whole text, on the same text in the same run. Scores are scans per
 * second; {@link BenchmarkMain} turns them into MB/s with the text's UTF-8 size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScanBenchmark {

    /** Characters of text: 32 KiB, 256 KiB, 1 MiB. */
    @Param({"32768", "262144", "1048576"})
    public int size;

    private String text;
    private Detector detector;
    private NaiveBaseline perRule;
    private NaiveBaseline perKeyword;

    @Setup
    public void setUp() {
        text = BenchCorpus.text(size);
        detector = Detector.builtIn();
        perRule = new NaiveBaseline(detector.ruleObjects(), NaiveBaseline.AssignmentStyle.PER_RULE);
        perKeyword = new NaiveBaseline(detector.ruleObjects(), NaiveBaseline.AssignmentStyle.PER_KEYWORD);
    }

    /**
     * Warmed for 20 s: the engine's hundreds of rules keep the compiler busy for the first 150 MiB or so of
     * scanning (a 256 KiB text went from 46 to 220 MB/s over its first 30 batches of 8 MiB), and a short warm-up
     * measured that rather than the engine.
     */
    @Benchmark
    @Warmup(iterations = 10, time = 2)
    public List<Finding> engine() {
        return detector.scan(text);
    }

    /** One short warm-up: a single scan of the larger texts takes seconds. */
    @Benchmark
    @Warmup(iterations = 2, time = 1)
    public int baseline() {
        return perRule.count(text);
    }

    /** Not run by default (slow): assignment rules as one regex per keyword instead of per rule. */
    @Benchmark
    @Warmup(iterations = 2, time = 1)
    public int baselinePerKeyword() {
        return perKeyword.count(text);
    }
}
