package dev.airlock.proxy.load;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.response.BodyRewrite;
import dev.airlock.proxy.response.ResponseRedaction;
import dev.airlock.proxy.response.ResponseScan;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What {@code response.action: redact} costs on a streamed answer, against the record-only scan in the same run: an
 * OpenAI chat stream of one small delta per event (prose, code and a credential now and then, as a model streams
 * tokens), fed one event per piece as the relay feeds it. Prints the median time per event of each stage over the
 * rounds, the ratio, and how many events went out as they came (same bytes, no delay). Run:
 * {@code proxy/bench/response-redaction.sh [events=4000] [rounds=15]}.
 */
public final class ResponseRedactionBench {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final String WORDS = "the of and to in is for that with on as this be are config file read write "
            + "const let return if else function import from export await async value key name path";

    public static void main(String[] args) {
        BenchArgs opts = BenchArgs.parse(args, "events", "rounds");
        int events = opts.integer("events", 4000);
        int rounds = opts.integer("rounds", 15);
        Redactor keyed = new Redactor(Credentials.randomKey());
        ResponseRedaction redaction = new ResponseRedaction(DETECTOR, keyed);
        List<byte[]> stream = stream(events, new Random(3));
        long[] record = new long[rounds];
        long[] redact = new long[rounds];
        int unchanged = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            ResponseScan scan = ResponseScan.forResponse(DETECTOR, keyed, "text/event-stream", null, callId -> { });
            for (byte[] event : stream) {
                scan.feed(event, 0, event.length);
                scan.scanIfDue();
            }
            scan.finish();
            record[r] = System.nanoTime() - start;

            start = System.nanoTime();
            BodyRewrite rewrite = redaction.forResponse("text/event-stream", (rule, fp) -> { });
            int same = 0;
            for (byte[] event : stream) {
                if (rewrite.feed(event) == event) {
                    same++;
                }
            }
            rewrite.finish();
            redact[r] = System.nanoTime() - start;
            unchanged = same;
        }
        double rec = median(record) / events / 1000.0;
        double red = median(redact) / events / 1000.0;
        System.out.printf("%d events of one delta each, median of %d rounds (the first warms the JIT)%n", events,
                rounds - 1);
        System.out.printf("record-only scan      %7.2f us per event%n", rec);
        System.out.printf("redaction stage       %7.2f us per event  (%.2fx the record scan)%n", red, red / rec);
        System.out.printf("redact mode in total  %7.2f us per event  (%.2fx record mode)%n", rec + red, (rec + red) / rec);
        System.out.printf("events out as they came: %d of %d (%.1f%%)%n", unchanged, events,
                100.0 * unchanged / events);
    }

    private static double median(long[] nanos) {
        long[] warm = Arrays.copyOfRange(nanos, 1, nanos.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    /** A streamed answer: deltas of one to three words (a token or two each), a credential every 400 events. */
    private static List<byte[]> stream(int events, Random random) {
        String[] words = WORDS.split(" ");
        SecureRandom secrets = new SecureRandom();
        List<String> deltas = new ArrayList<>();
        while (deltas.size() < events) {
            if (deltas.size() % 400 == 399) {
                String token = Credentials.githubToken(secrets);
                deltas.add(" GITHUB_TOKEN=" + token.substring(0, 9));
                deltas.add(token.substring(9, 20));
                deltas.add(token.substring(20) + "\n");
            }
            StringBuilder d = new StringBuilder();
            for (int w = 0, n = 1 + random.nextInt(3); w < n; w++) {
                d.append(' ').append(words[random.nextInt(words.length)]);
            }
            if (random.nextInt(10) == 0) {
                d.append(random.nextBoolean() ? "." : "();\n");
            }
            deltas.add(d.toString());
        }
        List<byte[]> out = new ArrayList<>(events);
        for (String delta : deltas.subList(0, events)) {
            out.add(("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + delta.replace("\n", "\\n")
                    + "\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
