package dev.airlock.detector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares the engine of two or more builds on the benchmark's texts, in one JVM: each build's detector is loaded
 * from its own {@code benchmarks.jar} (separate class loaders, so each is compiled on its own), and the builds
 * take turns in short rounds timed by the thread's CPU clock. On a shared machine whose speed changes by half from
 * one minute to the next, the speed-up within each round is what stays put; its median is printed with the
 * quartiles.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.airlock.detector.CompareBuilds [--rounds N] [--size CHARS]…
 * before.jar after.jar…}; sizes default to the benchmark's three.
 */
public final class CompareBuilds {

    private record Build(String name, Object detector, Method scan) {
    }

    private CompareBuilds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 30;
        List<Integer> sizes = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--size" -> sizes.add(Integer.parseInt(args[++i]));
                default -> jars.add(args[i]);
            }
        }
        if (jars.size() < 2 || rounds < 4) {
            System.err.println("usage: CompareBuilds [--rounds N>=4] [--size CHARS]... before.jar after.jar...");
            System.exit(2);
        }
        if (sizes.isEmpty()) {
            sizes = List.of(32 * 1024, 256 * 1024, 1024 * 1024);
        }
        List<Build> builds = new ArrayList<>();
        for (String jar : jars) {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> detector = loader.loadClass(Detector.class.getName());
            builds.add(new Build(jar, detector.getMethod("builtIn").invoke(null),
                    detector.getMethod("scan", CharSequence.class)));
        }
        for (int size : sizes) {
            compare(builds, BenchCorpus.text(size), rounds);
        }
    }

    private static void compare(List<Build> builds, String text, int rounds) throws Exception {
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        int scansPerRound = Math.max(1, 8_000_000 / text.length());
        for (Build b : builds) {
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                b.scan().invoke(b.detector(), text);
            }
        }
        double[][] nanosPerScan = new double[builds.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < builds.size(); k++) {
                int j = r % 2 == 0 ? k : builds.size() - 1 - k; // alternate who goes first
                Build b = builds.get(j);
                long t0 = clock.getCurrentThreadCpuTime();
                for (int s = 0; s < scansPerRound; s++) {
                    b.scan().invoke(b.detector(), text);
                }
                nanosPerScan[j][r] = (clock.getCurrentThreadCpuTime() - t0) / (double) scansPerRound;
            }
        }
        double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6; // as BenchmarkMain counts
        System.out.printf(Locale.ROOT, "%n%d characters, %d rounds of %d scans, CPU time of this thread%n",
                text.length(), rounds, scansPerRound);
        for (int j = 0; j < builds.size(); j++) {
            double[] sorted = nanosPerScan[j].clone();
            Arrays.sort(sorted);
            double[] speedUp = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                speedUp[r] = nanosPerScan[0][r] / nanosPerScan[j][r];
            }
            Arrays.sort(speedUp);
            System.out.printf(Locale.ROOT,
                    "  %-40s median %6.1f MB/s (best %6.1f)   vs first: %.2fx (quartiles %.2f–%.2f)%n",
                    builds.get(j).name(), mb / (sorted[rounds / 2] / 1e9), mb / (sorted[0] / 1e9),
                    speedUp[rounds / 2], speedUp[rounds / 4], speedUp[3 * rounds / 4]);
        }
    }
}
