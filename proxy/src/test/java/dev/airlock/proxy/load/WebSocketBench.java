package dev.airlock.proxy.load;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.WebSocketConfig;
import dev.airlock.proxy.server.RunningAirlock;
import dev.airlock.proxy.testing.FakeWebSocketProvider;
import dev.airlock.proxy.testing.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What scanning adds to a Responses message over WebSocket: one client sends a {@code response.create} and waits for
 * the provider's answer event, round trip after round trip, straight to a TLS WebSocket provider and through Airlock
 * ({@code websocket.responses: scan}, the client on plain loopback, Airlock on TLS to the provider), in alternating
 * blocks within one run. Prints the median and 99th percentile of each path, per message size, and their ratio.
 * Run: {@code proxy/bench/websocket.sh [roundTrips=4000]}.
 */
public final class WebSocketBench {

    private static final String EVENT = "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}";

    public static void main(String[] args) throws Exception {
        int roundTrips = BenchArgs.parse(args, "roundTrips").integer("roundTrips", 4000);
        Path dir = Files.createTempDirectory("airlock-ws-bench");
        TestCa ca = TestCa.create();
        Path caPem = ca.writePem(dir);
        try (FakeWebSocketProvider provider = FakeWebSocketProvider.start(ca, "127.0.0.1")) {
            provider.replyWith(EVENT);
            AirlockConfig config = RunningAirlock.configFor(provider.baseUrl(), caPem)
                    .withWebSocket(new WebSocketConfig(WebSocketConfig.Responses.SCAN));
            try (RunningAirlock airlock = RunningAirlock.start(config)) {
                BenchSocket direct = BenchSocket.open("direct",
                        HttpClient.newBuilder().sslContext(ca.jdkClientContext()).build(),
                        URI.create("wss://127.0.0.1:" + provider.port() + "/v1/responses"), answer -> true);
                BenchSocket proxied = BenchSocket.open("airlock", HttpClient.newHttpClient(),
                        URI.create("ws://127.0.0.1:" + airlock.port() + "/openai/v1/responses"), answer -> true);
                System.out.printf("%d round trips per path and size, alternating blocks of 200 after a warm-up%n",
                        roundTrips);
                System.out.printf("%-8s %-8s %9s %9s%n", "message", "path", "p50 ms", "p99 ms");
                for (int kib : new int[] {2, 32}) {
                    String message = responseCreate(kib * 1024, new Random(kib));
                    for (int i = 0; i < 1000; i++) {
                        direct.roundTrip(message);
                        proxied.roundTrip(message);
                    }
                    List<Long> a = new ArrayList<>();
                    List<Long> b = new ArrayList<>();
                    for (int block = 0; block < roundTrips / 200; block++) {
                        for (int i = 0; i < 200; i++) {
                            a.add(direct.roundTrip(message));
                        }
                        for (int i = 0; i < 200; i++) {
                            b.add(proxied.roundTrip(message));
                        }
                    }
                    double d50 = percentile(a, 50);
                    double p50 = percentile(b, 50);
                    System.out.printf("%-8s %-8s %9.3f %9.3f%n", kib + " KiB", "direct", d50, percentile(a, 99));
                    System.out.printf("%-8s %-8s %9.3f %9.3f   added p50 %+.3f ms, %.2fx direct%n", "", "Airlock",
                            p50, percentile(b, 99), p50 - d50, p50 / d50);
                }
                direct.abort();
                proxied.abort();
            }
        }
    }

    /** A clean Codex turn of about {@code bytes}: instructions and a user message of code-like text. */
    static String responseCreate(int bytes, Random random) {
        return responseCreate(bytes, random, "");
    }

    /** A Codex turn whose user message starts with {@code first} (JSON string content), then code-like text. */
    static String responseCreate(int bytes, Random random, String first) {
        StringBuilder text = new StringBuilder(first);
        while (text.length() < bytes) {
            text.append("    at com.example.service.Handler").append(random.nextInt(1000)).append(".process(Handler.java:")
                    .append(random.nextInt(500)).append(")\\n");
        }
        return "{\"type\":\"response.create\",\"model\":\"gpt-5-codex\",\"instructions\":\"You are Codex.\","
                + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\""
                + text + "\"}]}],\"stream\":true}";
    }

    static double percentile(List<Long> nanos, int p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
