package dev.airlock.proxy.load;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.payload.JsonRedaction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A coding agent's growing conversation: every turn resends the history plus about 10 KB of new text (a user message
 * and an answer with code and logs, a credential now and then). Per turn it times redacting the whole body with the
 * verdict cache warm from earlier turns, the whole body without it, and a body holding only the new turn — all in one
 * run — and prints the medians of the last ten turns and the ratios. Run: {@code proxy/bench/conversation.sh}.
 */
public final class ConversationBench {

    private static final Detector DETECTOR = Detector.builtIn();

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Redactor redactor = new Redactor(Credentials.randomKey());
        List<String> messages = conversation(turns, new Random(1));
        long[][] cached = new long[rounds][turns];
        long[][] full = new long[rounds][turns];
        long[][] fresh = new long[rounds][turns];
        for (int r = 0; r < rounds; r++) {
            JsonRedaction warm = new JsonRedaction(DETECTOR, redactor);
            for (int t = 0; t < turns; t++) {
                byte[] whole = body(messages.subList(0, 2 * (t + 1)));
                byte[] onlyNew = body(messages.subList(2 * t, 2 * (t + 1)));
                cached[r][t] = time(warm, whole);
                full[r][t] = time(new JsonRedaction(DETECTOR, redactor), whole);
                fresh[r][t] = time(new JsonRedaction(DETECTOR, redactor), onlyNew);
            }
        }
        // The first round warms the JIT; the last ten turns are where history dominates.
        double c = medianOfLastTurns(cached, turns);
        double f = medianOfLastTurns(full, turns);
        double n = medianOfLastTurns(fresh, turns);
        System.out.printf("turns %d, history at the last turn %d KB, median of turns %d..%d over %d rounds%n",
                turns, body(messages).length / 1024, Math.max(1, turns - 9), turns, rounds - 1);
        System.out.printf("new turn only          %8.3f ms%n", n);
        System.out.printf("whole body, cache warm %8.3f ms  (%.2fx the new turn)%n", c, c / n);
        System.out.printf("whole body, no cache   %8.3f ms  (%.2fx the new turn, %.2fx the cached)%n", f, f / n, f / c);
    }

    private static long time(JsonRedaction redaction, byte[] body) throws Exception {
        long start = System.nanoTime();
        redaction.redact(body, rule -> true);
        return System.nanoTime() - start;
    }

    private static double medianOfLastTurns(long[][] nanos, int turns) {
        List<Long> all = new ArrayList<>();
        for (int r = 1; r < nanos.length; r++) {
            for (int t = Math.max(0, turns - 10); t < turns; t++) {
                all.add(nanos[r][t]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2] / 1e6;
    }

    /** Pairs of user and assistant messages, about 10 KB per turn. */
    private static List<String> conversation(int turns, Random random) {
        SecureRandom secrets = new SecureRandom();
        List<String> out = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            StringBuilder user = new StringBuilder("Here is the failing test output, turn ").append(t).append(":\\n");
            for (int i = 0; i < 40; i++) {
                user.append("    at com.example.service.Handler").append(random.nextInt(1000))
                        .append(".process(Handler.java:").append(random.nextInt(500)).append(")\\n");
            }
            if (t % 7 == 3) {
                user.append("GITHUB_TOKEN=").append(Credentials.githubToken(secrets)).append("\\n");
            }
            StringBuilder answer = new StringBuilder("The handler fails because the pool is closed. Try:\\n");
            for (int i = 0; i < 60; i++) {
                answer.append("    final var client").append(i).append(" = pool.acquire(Duration.ofSeconds(")
                        .append(random.nextInt(30)).append("));\\n");
            }
            out.add("{\"role\":\"user\",\"content\":\"" + user + "\"}");
            out.add("{\"role\":\"assistant\",\"content\":\"" + answer + "\"}");
        }
        return out;
    }

    private static byte[] body(List<String> messages) {
        return ("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[" + String.join(",", messages) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ConversationBench() {
    }
}
