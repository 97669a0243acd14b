package dev.airlock.proxy.load;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ResponseAction;
import dev.airlock.config.WebSocketConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.RunningAirlock;
import dev.airlock.proxy.testing.FakeWebSocketProvider;
import dev.airlock.proxy.testing.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the provider's events cost through Airlock on a Responses WebSocket: a client sends a {@code response.create}
 * holding a credential (so the socket has a secret to restore) and waits for the last event of the answer, round trip
 * after round trip, straight to a TLS WebSocket provider, through Airlock with the defaults (record-only scan,
 * {@code restore: tools}) and through Airlock with {@code response.action: redact}, in alternating blocks within one
 * run. The provider answers with one event, then with a stream of {@value #DELTAS} small text deltas between
 * {@code response.created} and {@code response.completed}; the difference between the two, beyond what the direct path
 * shows, is what each event adds. Run: {@code proxy/bench/websocket-answers.sh [roundTrips=2000]}.
 */
public final class WebSocketAnswersBench {

    private static final int DELTAS = 100;
    private static final String COMPLETED = "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
            + "\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}";
    private static final String WORDS = "the of and to in is for that with on as this be are config file read write "
            + "const let return if else function import from export await async value key name path";

    public static void main(String[] args) throws Exception {
        int roundTrips = BenchArgs.parse(args, "roundTrips").integer("roundTrips", 2000);
        Path dir = Files.createTempDirectory("airlock-ws-answers-bench");
        TestCa ca = TestCa.create();
        Path caPem = ca.writePem(dir);
        String message = responseCreate(2048, new Random(7));
        try (FakeWebSocketProvider provider = FakeWebSocketProvider.start(ca, "127.0.0.1")) {
            AirlockConfig config = RunningAirlock.configFor(provider.baseUrl(), caPem)
                    .withWebSocket(new WebSocketConfig(WebSocketConfig.Responses.SCAN));
            try (RunningAirlock recording = RunningAirlock.start(config);
                 RunningAirlock redacting = RunningAirlock.start(RunningAirlock.withResponse(config,
                         ResponseAction.REDACT))) {
                List<BenchSocket> paths = List.of(
                        BenchSocket.open("direct", HttpClient.newBuilder().sslContext(ca.jdkClientContext()).build(),
                                URI.create("wss://127.0.0.1:" + provider.port() + "/v1/responses"),
                                WebSocketAnswersBench::completes),
                        BenchSocket.open("record", HttpClient.newHttpClient(),
                                URI.create("ws://127.0.0.1:" + recording.port() + "/openai/v1/responses"),
                                WebSocketAnswersBench::completes),
                        BenchSocket.open("redact", HttpClient.newHttpClient(),
                                URI.create("ws://127.0.0.1:" + redacting.port() + "/openai/v1/responses"),
                                WebSocketAnswersBench::completes));
                System.out.printf("%d round trips per path and answer, alternating blocks of 100 after a warm-up%n",
                        roundTrips);
                System.out.printf("%-10s %-8s %9s %9s%n", "answer", "path", "p50 ms", "p99 ms");
                double[][] p50 = new double[2][paths.size()];
                List<List<String>> answers = List.of(List.of(COMPLETED), stream(new Random(11)));
                for (int a = 0; a < answers.size(); a++) {
                    provider.replyWith(answers.get(a));
                    for (int i = 0; i < 500; i++) {
                        for (BenchSocket s : paths) {
                            s.roundTrip(message);
                        }
                    }
                    List<List<Long>> times = new ArrayList<>();
                    paths.forEach(s -> times.add(new ArrayList<>()));
                    for (int block = 0; block < roundTrips / 100; block++) {
                        for (int p = 0; p < paths.size(); p++) {
                            for (int i = 0; i < 100; i++) {
                                times.get(p).add(paths.get(p).roundTrip(message));
                            }
                        }
                    }
                    for (int p = 0; p < paths.size(); p++) {
                        p50[a][p] = WebSocketBench.percentile(times.get(p), 50);
                        System.out.printf("%-10s %-8s %9.3f %9.3f%n", p == 0 ? answers.get(a).size() + " events" : "",
                                paths.get(p).name(), p50[a][p], WebSocketBench.percentile(times.get(p), 99));
                    }
                }
                int extra = DELTAS + 1;
                for (int p = 1; p < paths.size(); p++) {
                    double perEvent = ((p50[1][p] - p50[1][0]) - (p50[0][p] - p50[0][0])) / extra * 1000;
                    System.out.printf("%s: %.1f µs added per provider event (p50), %.2fx direct for the %d-event answer%n",
                            paths.get(p).name(), perEvent, p50[1][p] / p50[1][0], DELTAS + 2);
                }
                paths.forEach(BenchSocket::abort);
            }
        }
    }

    /** {@code response.created}, small text deltas of one to three words, {@code response.completed}. */
    private static List<String> stream(Random random) {
        String[] words = WORDS.split(" ");
        List<String> events = new ArrayList<>();
        events.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"status\":\"in_progress\",\"output\":[]}}");
        for (int i = 0; i < DELTAS; i++) {
            StringBuilder delta = new StringBuilder();
            for (int w = 0; w <= random.nextInt(3); w++) {
                delta.append(' ').append(words[random.nextInt(words.length)]);
            }
            events.add("{\"type\":\"response.output_text.delta\",\"content_index\":0,\"delta\":\"" + delta
                    + "\",\"item_id\":\"msg_1\",\"logprobs\":[],\"output_index\":0,\"sequence_number\":" + (i + 2) + "}");
        }
        events.add(COMPLETED);
        return events;
    }

    /** The event that ends an answer. */
    private static boolean completes(CharSequence message) {
        return message.toString().contains("\"response.completed\"");
    }

    /** A Codex turn of about {@code bytes} of code-like text, with a credential the scan redacts. */
    private static String responseCreate(int bytes, Random random) {
        return WebSocketBench.responseCreate(bytes, random,
                "export GITHUB_TOKEN=" + Credentials.githubToken(new SecureRandom()) + "\\n");
    }
}
