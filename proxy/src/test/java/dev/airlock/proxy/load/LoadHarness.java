package dev.airlock.proxy.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.testing.TestCa;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Load harness (not part of the unit suite): the same client and provider, side by side in one run — straight to
 * the provider, through Debian's nginx as a plain reverse proxy, and through Airlock scanning every request. nginx
 * and Airlock ({@code airlock.jar serve}) each run in their own process, as they would in use.
 * Reports added latency at a fixed open-loop rate (measured from each request's scheduled time, so a stall counts
 * against the proxy), closed-loop throughput, and SSE time to first event.
 *
 * <p>Run: {@code proxy/load/run.sh [rate=500] [seconds=20] [warmup=60] [concurrency=32] [sse=400] [prompt=32768]
 * [repeat=false] [phases=latency,throughput,sse] [jar=proxy/target/airlock.jar] ["jvm=-XX:+UseParallelGC ..."]}.
 * {@code phases} picks the measurements; each path is warmed up the same way whichever are picked.
 */
public final class LoadHarness {

    private record Target(String name, LoadClient client, String path) {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs opts = BenchArgs.parse(args, "rate", "seconds", "concurrency", "sse", "prompt", "warmup", "phases",
                "repeat", "jar", "jvm");
        int rate = opts.integer("rate", 500);
        int seconds = opts.integer("seconds", 20);
        int concurrency = opts.integer("concurrency", 32);
        int sseRequests = opts.integer("sse", 400);
        int promptBytes = opts.integer("prompt", 32768);
        // Airlock is a JVM: until its compiler has finished with the request path (15 to 20 s at 500 requests/s on
        // two cores) a run measures the compiler. Every path gets the same warm-up.
        int warmup = opts.integer("warmup", 60);
        List<String> phases = List.of(opts.text("phases", "latency,throughput,sse").split(","));

        Path dir = Files.createTempDirectory("airlock-load");
        TestCa ca = TestCa.create();
        Path caPem = ca.writePem(dir);
        boolean repeat = Boolean.parseBoolean(opts.text("repeat", "false"));
        Prompts prompt = new Prompts(prompt(promptBytes), repeat);
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Path jar = Path.of(opts.text("jar", "proxy/target/airlock.jar"));
        try (LoadProvider provider = new LoadProvider(ca.serverContext("127.0.0.1", "localhost"), 1);
             NginxProcess nginx = new NginxProcess(dir.resolve("nginx"), provider.port(), caPem);
             AirlockProcess airlock = new AirlockProcess(jar, dir.resolve("airlock"), provider.port(), caPem,
                     opts.has("jvm") ? List.of(opts.text("jvm", "").split(" ")) : List.of())) {
            SslContext direct = ca.clientContext();
            List<Target> targets = List.of(
                    new Target("direct", new LoadClient(clients, provider.port(), direct), "/v1/chat/completions"),
                    new Target("nginx", new LoadClient(clients, nginx.port(), null), "/v1/chat/completions"),
                    new Target("airlock", new LoadClient(clients, airlock.port(), null),
                            "/openai/v1/chat/completions"));
            System.out.printf(Locale.ROOT, "Load harness: %d B prompt with one planted credential, %s, %d cores, %s%n",
                    prompt.length(), repeat ? "the same body every request" : "every body new",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

            if (phases.contains("latency")) {
                latency(targets, prompt, rate, seconds, warmup, provider);
            } else {
                for (Target t : targets) {
                    openLoop(t, prompt, rate, warmup, "warm-up");
                }
            }
            if (phases.contains("throughput")) {
                throughput(targets, prompt, concurrency, seconds);
            }
            if (phases.contains("sse")) {
                timeToFirstEvent(targets, prompt, sseRequests);
            }
            targets.forEach(t -> t.client().close());
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void latency(List<Target> targets, Prompts prompt, int rate, int seconds, int warmup,
                                LoadProvider provider) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== latency at %d requests/s for %d s (open loop) ==%n", rate, seconds);
        Map<String, long[]> latency = new java.util.LinkedHashMap<>();
        for (Target t : targets) {
            openLoop(t, prompt, rate, warmup, "warm-up"); // JIT, pools, TLS sessions
            int connections = provider.accepted();
            long[] ns = openLoop(t, prompt, rate, seconds, "measured");
            latency.put(t.name(), ns);
            System.out.printf(Locale.ROOT, "%-8s p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  max %8.3f ms  (%d requests,"
                    + " %d new provider connections)%n", t.name(), ms(pct(ns, 50)), ms(pct(ns, 90)), ms(pct(ns, 99)),
                    ms(ns[ns.length - 1]), ns.length, provider.accepted() - connections);
        }
        long[] base = latency.get("direct");
        for (String name : List.of("nginx", "airlock")) {
            long[] ns = latency.get(name);
            System.out.printf(Locale.ROOT, "added by %-7s p50 %+7.3f ms  p99 %+7.3f ms%n", name,
                    ms(pct(ns, 50) - pct(base, 50)), ms(pct(ns, 99) - pct(base, 99)));
        }
    }

    private static void throughput(List<Target> targets, Prompts prompt, int concurrency, int seconds)
            throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== throughput, %d connections, %d s (closed loop) ==%n", concurrency, seconds / 2);
        Map<String, Double> rps = new java.util.LinkedHashMap<>();
        for (Target t : targets) {
            closedLoop(t, prompt, concurrency, 2);
            double r = closedLoop(t, prompt, concurrency, Math.max(2, seconds / 2));
            rps.put(t.name(), r);
            System.out.printf(Locale.ROOT, "%-8s %9.0f requests/s  %7.1f MB/s of prompts%n", t.name(), r,
                    r * prompt.length() / 1e6);
        }
        System.out.printf(Locale.ROOT, "airlock / nginx throughput: %.2f (goal: at least 0.70)%n",
                rps.get("airlock") / rps.get("nginx"));
    }

    private static void timeToFirstEvent(List<Target> targets, Prompts prompt, int sseRequests) throws Exception {
        System.out.printf(Locale.ROOT, "%n== SSE time to first event, %d sequential streams ==%n", sseRequests);
        Map<String, long[]> ttfe = new java.util.LinkedHashMap<>();
        for (Target t : targets) {
            sse(t, prompt, 50);
            long[] ns = sse(t, prompt, sseRequests);
            ttfe.put(t.name(), ns);
            System.out.printf(Locale.ROOT, "%-8s p50 %7.3f ms  p99 %7.3f ms%n", t.name(), ms(pct(ns, 50)), ms(pct(ns, 99)));
        }
        for (String name : List.of("nginx", "airlock")) {
            System.out.printf(Locale.ROOT, "added by %-7s p50 %+7.3f ms (goal for airlock: at most 1 ms)%n", name,
                    ms(pct(ttfe.get(name), 50) - pct(ttfe.get("direct"), 50)));
        }
    }

    /** Sends at a fixed rate regardless of answers; each latency counts from the request's scheduled time. */
    private static long[] openLoop(Target t, Prompts prompts, int rate, int seconds, String phase)
            throws InterruptedException {
        long[] schedule = schedule(rate, seconds, phase.equals("warm-up"));
        int n = schedule.length;
        long[] latencies = new long[n];
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < n; i++) {
            long intended = start + schedule[i];
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            all.add(t.client().post(t.path(), prompts.next()).whenComplete((timing, e) -> {
                if (e != null || timing.status() != 200) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e != null ? String.valueOf(e) : "status " + timing.status());
                    latencies[index] = Long.MAX_VALUE / 4;
                } else {
                    latencies[index] = timing.end() - intended;
                }
            }));
        }
        awaitAll(all);
        if (errors.get() > 0) {
            System.out.printf(Locale.ROOT, "%-8s %d errors during the %s run (not 200, or the connection failed;"
                    + " counted at the top of the distribution), the first: %s%n", t.name(), errors.get(), phase,
                    firstError.get());
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /**
     * When each request is due, in nanoseconds from the start: {@code rate} a second, or for a warm-up rising from a
     * tenth of it to all of it over the first half, as a load balancer's slow start brings a new replica in. At full
     * rate from its first second, a proxy whose compiler has not yet compiled its request path falls seconds behind,
     * the open-loop client opens a connection for every request waiting, and the thousands of connections (and the
     * provider connections behind them) outlive the warm-up and weigh on the measured run's collector.
     */
    private static long[] schedule(int rate, int seconds, boolean slowStart) {
        long end = TimeUnit.SECONDS.toNanos(seconds);
        long rampEnd = slowStart ? end / 2 : 0;
        List<Long> due = new ArrayList<>();
        for (long at = 0; at < end; ) {
            due.add(at);
            double share = at >= rampEnd ? 1 : 0.1 + 0.9 * at / rampEnd;
            at += (long) (1e9 / (rate * share));
        }
        return due.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code concurrency} requests always in flight; returns completed requests per second. */
    private static double closedLoop(Target t, Prompts prompts, int concurrency, int seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loop(t, prompts, end, done, finished);
        }
        finished.await(seconds + 30L, TimeUnit.SECONDS);
        return done.get() / (double) seconds;
    }

    private static void loop(Target t, Prompts prompts, long end, AtomicLong done, java.util.concurrent.CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        t.client().post(t.path(), prompts.next()).whenComplete((timing, e) -> {
            if (e == null && timing.status() == 200 && System.nanoTime() < end) {
                done.incrementAndGet();
            }
            loop(t, prompts, end, done, finished);
        });
    }

    private static long[] sse(Target t, Prompts prompts, int n) throws Exception {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long sent = System.nanoTime();
            LoadClient.Timing timing = t.client().post(t.path().replace("/chat/completions", "/sse"), prompts.next())
                    .get(30, TimeUnit.SECONDS);
            if (timing.status() != 200) {
                throw new IllegalStateException(t.name() + " answered " + timing.status() + " to a streaming request");
            }
            out[i] = timing.firstByte() - sent;
        }
        Arrays.sort(out);
        return out;
    }

    private static void awaitAll(List<CompletableFuture<?>> all) {
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            // failures are counted per request
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A chat request of about {@code size} bytes whose user message is real source code with a credential in it. */
    static byte[] prompt(int size) throws IOException {
        int codeChars = (int) Math.max(100, (size - 260) / 1.05); // the JSON around it and its escapes
        StringBuilder code = new StringBuilder();
        Path src = Files.isDirectory(Path.of("proxy/src/main/java")) ? Path.of("proxy/src/main/java") : Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                code.append(Files.readString(p, StandardCharsets.UTF_8));
                if (code.length() > codeChars) {
                    break;
                }
            }
        }
        code.setLength(Math.min(code.length(), codeChars));
        code.insert(code.length() / 2, "\n# .env\nGITHUB_TOKEN=" + Credentials.githubToken(new Random(7)) + "\n");
        Map<String, Object> request = Map.of("model", "gpt-load", "messages", List.of(
                Map.of("role", "system", "content", "You are a coding assistant."),
                Map.of("role", "user", "content", "Review this code:\n" + code)));
        return new ObjectMapper().writeValueAsBytes(request);
    }
}
