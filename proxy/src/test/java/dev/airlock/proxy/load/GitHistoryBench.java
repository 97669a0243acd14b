package dev.airlock.proxy.load;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.testing.Credentials;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * History scan benchmark (not part of the unit suite): generates a repository of {@code commits} commits of
 * source-like edits with a planted credential every 40 commits (half of them removed again later), then times, in the
 * same run and alternating, {@code airlock scan --git} against {@code git log -p | airlock scan -}, each as the
 * processes a user would start ({@code java -jar airlock.jar}, JVM start included). Prints the median wall time of
 * each, their ratio, what each found, and git's own time for both kinds of log as a floor.
 *
 * <p>Run: {@code proxy/bench/git-history.sh [commits=2000] [runs=5] [seed=1] [jar=proxy/target/airlock.jar]}.
 */
public final class GitHistoryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = ("request response handler buffer channel config route policy finding "
            + "detector scanner token header body stream event client server upstream timeout retry limit count "
            + "value index offset length parse write read close open start stop result error status metric label")
            .split(" ");

    private GitHistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs opts = BenchArgs.parse(args, "commits", "runs", "seed", "jar");
        int commits = opts.integer("commits", 2000);
        int runs = opts.integer("runs", 5);
        long seed = opts.integer("seed", 1);
        Path jar = Path.of(opts.text("jar", "proxy/target/airlock.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " does not exist (expected: ./mvnw -DskipTests package first)");
        }
        Path dir = Files.createTempDirectory("airlock-git-bench");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());

        long t0 = System.nanoTime();
        int planted = generate(repo, env, commits, new Random(seed));
        String size = sh(repo, env, "git log -p | wc -c").out().strip();
        String sizeU0 = sh(repo, env, "git log -p -U0 | wc -c").out().strip();
        System.out.printf(Locale.ROOT, "History benchmark: %d commits (%d credentials planted), generated in %.1f s; "
                        + "git log -p %s bytes, -U0 %s bytes; %d cores, Java %s%n", commits, planted,
                (System.nanoTime() - t0) / 1e9, size, sizeU0, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String airlock = q(javaBin) + " -jar " + q(jar.toString()) + " scan --home " + q(home.resolve("airlock").toString())
                + " --format json";
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("airlock scan --git", airlock + " --git");
        commands.put("git log -p | airlock scan -", "git log -p | " + airlock + " -");
        commands.put("(git log -p alone)", "git log -p > /dev/null");
        commands.put("(git log -p -U0 alone)", "git log -p -U0 --no-color -M --diff-filter=d > /dev/null");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, Integer> found = new HashMap<>();
        commands.keySet().forEach(k -> seconds.put(k, new ArrayList<>()));
        for (int run = -1; run < runs; run++) { // run -1 warms the page cache and git's object lookups
            List<String> order = new ArrayList<>(commands.keySet());
            if (run % 2 != 0) {
                Collections.reverse(order);
            }
            for (String name : order) {
                long start = System.nanoTime();
                Run r = sh(repo, env, commands.get(name));
                double s = (System.nanoTime() - start) / 1e9;
                if (name.startsWith("(")) {
                    if (r.exit() != 0) {
                        throw new IllegalStateException(name + " exited " + r.exit());
                    }
                } else {
                    if (r.exit() != 1) {
                        throw new IllegalStateException(name + " exited " + r.exit() + " (expected 1, findings):\n" + r.out());
                    }
                    found.put(name, JSON.readTree(r.out()).get("findings").size());
                }
                if (run >= 0) {
                    seconds.get(name).add(s);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%-30s %9s %9s %9s  %s%n", "path", "median", "min", "max", "findings");
        double base = median(seconds.get("git log -p | airlock scan -"));
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            List<Double> v = e.getValue();
            System.out.printf(Locale.ROOT, "%-30s %8.2fs %8.2fs %8.2fs  %s%n", e.getKey(), median(v),
                    v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    v.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    found.containsKey(e.getKey()) ? found.get(e.getKey()) : "");
        }
        System.out.printf(Locale.ROOT, "%nairlock scan --git takes %.2fx the time of git log -p | airlock scan - "
                + "(%d runs each, alternating order)%n", median(seconds.get("airlock scan --git")) / base, runs);
        System.out.println("Repository kept in " + repo);
    }

    /** Writes the history through git fast-import (thousands of commits in seconds); returns credentials planted. */
    private static int generate(Path repo, Map<String, String> env, int commits, Random r) throws Exception {
        sh(repo, env, "git init -q . && git config user.name Bench && git config user.email bench@example.org");
        ProcessBuilder pb = new ProcessBuilder("git", "fast-import", "--quiet").directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<List<String>> files = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        int count = 0;
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
            long time = 1_600_000_000L;
            for (int c = 0; c < commits; c++) {
                List<Integer> touched = new ArrayList<>();
                if (files.size() < 20 || r.nextInt(10) == 0) {
                    List<String> f = new ArrayList<>();
                    int n = 100 + r.nextInt(300);
                    for (int i = 0; i < n; i++) {
                        f.add(line(r));
                    }
                    files.add(f);
                    touched.add(files.size() - 1);
                }
                int edits = 1 + r.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int which = r.nextInt(files.size());
                    List<String> f = files.get(which);
                    int at = r.nextInt(f.size());
                    int remove = Math.min(f.size() - at, r.nextInt(20));
                    f.subList(at, at + remove).clear();
                    int add = 1 + r.nextInt(30);
                    for (int i = 0; i < add; i++) {
                        f.add(at, line(r));
                    }
                    touched.add(which);
                }
                if (c % 40 == 20) {
                    String secret = r.nextBoolean() ? "    String token = \"" + Credentials.githubToken(r) + "\";"
                            : "    DB_PASSWORD = \"" + Credentials.password(r) + "\"";
                    List<String> f = files.get(r.nextInt(files.size()));
                    f.add(r.nextInt(f.size()), secret);
                    planted.add(secret);
                    count++;
                    touched.add(files.indexOf(f));
                }
                if (c % 80 == 60 && !planted.isEmpty()) { // remove one again: it stays in history
                    String gone = planted.remove(0);
                    for (int i = 0; i < files.size(); i++) {
                        if (files.get(i).remove(gone)) {
                            touched.add(i);
                        }
                    }
                }
                StringBuilder cmd = new StringBuilder();
                String msg = "change " + c + "\n";
                cmd.append("commit refs/heads/main\ncommitter Bench <bench@example.org> ").append(time + c * 60L)
                        .append(" +0000\ndata ").append(msg.getBytes(UTF_8).length).append('\n').append(msg);
                for (int i : touched.stream().distinct().toList()) {
                    byte[] data = (String.join("\n", files.get(i)) + "\n").getBytes(UTF_8);
                    cmd.append("M 100644 inline src/module").append(i % 17).append("/File").append(i).append(".java\n")
                            .append("data ").append(data.length).append('\n').append(new String(data, UTF_8)).append('\n');
                }
                out.write(cmd.toString().getBytes(UTF_8));
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("git fast-import failed");
        }
        sh(repo, env, "git symbolic-ref HEAD refs/heads/main && git reset -q --hard");
        return count;
    }

    private static String line(Random r) {
        int indent = 4 * r.nextInt(3);
        StringBuilder sb = new StringBuilder(" ".repeat(indent));
        int words = 2 + r.nextInt(8);
        for (int i = 0; i < words; i++) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(i == 0 ? w : i % 3 == 0 ? "(" + w + ")" : i % 3 == 1 ? "." + w : " " + w);
        }
        return sb.append(r.nextInt(4) == 0 ? " {" : ";").toString();
    }

    private record Run(int exit, String out) {
    }

    private static Run sh(Path dir, Map<String, String> env, String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        p.waitFor();
        return new Run(p.exitValue(), out);
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? 0 : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
