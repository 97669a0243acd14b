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

    @Benchmark
    public List<Finding> engine() {
        return detector.scan(text);
    }

    @Benchmark
    public int baseline() {
        return perRule.count(text);
    }

    /** Not run by default (slow): assignment rules as one regex per keyword instead of per rule. */
    @Benchmark
    public int baselinePerKeyword() {
        return perKeyword.count(text);
    }
}
