package dev.airlock.proxy.payload;

import dev.airlock.detector.Detector;
import dev.airlock.proxy.load.BenchArgs;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A coding agent's growing conversation: every turn resends the history plus about 10 KB of new text (a user message
 * and an answer with code and logs, a credential now and then). Per turn, in one run and in rotating order, it times
 * redacting a body holding only the new turn, the whole body with the memories of earlier turns (checkpoints and leaf
 * verdicts), the whole body read from scratch without them, and the whole body seen for the first time with the
 * memories on (what remembering costs). It prints the median of each per turn over the rounds after the first third,
 * and the medians of the last ten turns with their ratios. Run:
 * {@code proxy/bench/conversation.sh [turns] [rounds] [shape]}.
 *
 * <p>Shapes: {@code chat} (OpenAI chat completions, the messages last) and {@code claude} (Anthropic messages as Claude
 * Code sends them: the messages first, then a 15 KB system prompt and 48 KB of tool definitions, the
 * {@code cache_control} marker moved to the newest message every turn).
 */
public final class ConversationBench {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final JsonLimits LIMITS = JsonLimits.DEFAULT;

    public static void main(String[] args) throws Exception {
        BenchArgs opts = BenchArgs.parse(args, "turns", "rounds", "shape");
        int turns = opts.integer("turns", 40);
        int rounds = opts.integer("rounds", 12);
        String shape = opts.text("shape", "chat");
        if (!shape.equals("chat") && !shape.equals("claude")) {
            throw new IllegalArgumentException("shape=" + shape + ": expected chat or claude");
        }
        boolean claude = shape.equals("claude");
        Redactor redactor = new Redactor(Credentials.randomKey());
        List<String[]> exchanges = conversation(turns, new Random(1));
        String trailer = claude ? claudeTrailer(new Random(2)) : "";
        long[][][] nanos = new long[4][rounds][turns];
        for (int r = 0; r < rounds; r++) {
            JsonRedaction warm = new JsonRedaction(DETECTOR, redactor, LIMITS, ProtectedLeaves.SIGNED_REASONING);
            for (int t = 0; t < turns; t++) {
                byte[] whole = body(exchanges.subList(0, t + 1), claude, trailer);
                byte[] onlyNew = body(exchanges.subList(t, t + 1), claude, "");
                for (int k = 0; k < 4; k++) {
                    int which = (k + t + r) % 4;
                    nanos[which][r][t] = switch (which) {
                        case 0 -> time(new JsonRedaction(DETECTOR, redactor, LIMITS, ProtectedLeaves.SIGNED_REASONING,
                                null), onlyNew);
                        case 1 -> time(warm, whole);
                        case 2 -> time(new JsonRedaction(DETECTOR, redactor, LIMITS, ProtectedLeaves.SIGNED_REASONING,
                                null), whole);
                        default -> time(new JsonRedaction(DETECTOR, redactor, LIMITS, ProtectedLeaves.SIGNED_REASONING),
                                whole);
                    };
                }
            }
        }
        System.out.printf("%s conversation, %d turns, %d rounds (the first %d warm the JIT); median per turn, ms%n",
                claude ? "claude" : "chat", turns, rounds, warmup(rounds));
        System.out.println("turn  body KB  new only  cached  no cache  first sight  cached/new  no cache/new");
        for (int t = 0; t < turns; t++) {
            double n = median(nanos[0], t, t + 1);
            double c = median(nanos[1], t, t + 1);
            double f = median(nanos[2], t, t + 1);
            double s = median(nanos[3], t, t + 1);
            System.out.printf("%4d  %7d  %8.3f  %6.3f  %8.3f  %11.3f  %9.1fx  %11.1fx%n", t + 1,
                    body(exchanges.subList(0, t + 1), claude, trailer).length / 1024, n, c, f, s, c / n, f / n);
        }
        int from = Math.max(0, turns - 10);
        double n = median(nanos[0], from, turns);
        double c = median(nanos[1], from, turns);
        double f = median(nanos[2], from, turns);
        double s = median(nanos[3], from, turns);
        System.out.printf("median of turns %d..%d, whole body %d KB at the last turn:%n", from + 1, turns,
                body(exchanges, claude, trailer).length / 1024);
        System.out.printf("new turn only              %8.3f ms%n", n);
        System.out.printf("whole body, remembered     %8.3f ms  (%.2fx the new turn)%n", c, c / n);
        System.out.printf("whole body, no memory      %8.3f ms  (%.2fx the new turn, %.2fx remembered)%n", f, f / n,
                f / c);
        System.out.printf("whole body, first sight    %8.3f ms  (%.2fx no memory: hashing it, noting where it could resume)%n", s,
                s / f);
    }

    private static long time(JsonRedaction redaction, byte[] body) throws Exception {
        long start = System.nanoTime();
        redaction.redact(body, rule -> true);
        return System.nanoTime() - start;
    }

    /**
     * Rounds that only warm up: a proxy runs for hours, so each path is timed once the JIT has compiled it, and the
     * paths that read a whole body get there much sooner than those run once per request.
     */
    private static int warmup(int rounds) {
        return Math.max(1, rounds / 3);
    }

    /** Median over the rounds after the warm-up and the turns {@code [from, to)}, in milliseconds. */
    private static double median(long[][] nanos, int from, int to) {
        List<Long> all = new ArrayList<>();
        for (int r = warmup(nanos.length); r < nanos.length; r++) {
            for (int t = from; t < to; t++) {
                all.add(nanos[r][t]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2] / 1e6;
    }

    /** A user message and an answer per turn, about 10 KB together: text for both shapes. */
    private static List<String[]> conversation(int turns, Random random) {
        SecureRandom secrets = new SecureRandom();
        List<String[]> out = new ArrayList<>();
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
            out.add(new String[] {user.toString(), answer.toString()});
        }
        return out;
    }

    private static byte[] body(List<String[]> exchanges, boolean claude, String trailer) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < exchanges.size(); i++) {
            String[] e = exchanges.get(i);
            if (claude) {
                // The newest user message carries the cache marker; the turn before, it sat on the previous one.
                String marker = i == exchanges.size() - 1 ? ",\"cache_control\":{\"type\":\"ephemeral\"}" : "";
                messages.add("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + e[0] + "\"" + marker
                        + "}]}");
                messages.add("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"" + e[1] + "\"}]}");
            } else {
                messages.add("{\"role\":\"user\",\"content\":\"" + e[0] + "\"}");
                messages.add("{\"role\":\"assistant\",\"content\":\"" + e[1] + "\"}");
            }
        }
        String json = claude
                ? "{\"model\":\"claude-sonnet-4-5\",\"messages\":[" + String.join(",", messages) + "]" + trailer + "}"
                : "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[" + String.join(",", messages) + "]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** What Claude Code sends after the messages: a system prompt, tool definitions, settings. */
    private static String claudeTrailer(Random random) {
        StringBuilder system = new StringBuilder();
        while (system.length() < 15_000) {
            system.append("You are an interactive CLI tool that helps users with software engineering tasks. ")
                    .append("Rule ").append(random.nextInt(1000)).append(": keep answers short.\\n");
        }
        List<String> tools = new ArrayList<>();
        int size = 0;
        for (int i = 0; size < 48_000; i++) {
            String description = "Runs step " + i + ". " + "Use it when the task needs it; never otherwise. "
                    .repeat(8 + random.nextInt(8));
            String tool = "{\"name\":\"Tool" + i + "\",\"description\":\"" + description + "\",\"input_schema\":"
                    + "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\",\"description\":\"The "
                    + "command to run\"},\"timeout\":{\"type\":\"number\"}},\"required\":[\"command\"],"
                    + "\"additionalProperties\":false}}";
            tools.add(tool);
            size += tool.length();
        }
        return ",\"system\":[{\"type\":\"text\",\"text\":\"" + system
                + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]"
                + ",\"tools\":[" + String.join(",", tools) + "],\"metadata\":{\"user_id\":\"user_0\"},"
                + "\"max_tokens\":32000,\"stream\":true";
    }

    private ConversationBench() {
    }
}
