package dev.airlock.detector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Generates credential-shaped strings at test time from the same shape definitions the rules match with,
 * so no credential-looking literal is ever committed.
 */
final class Examples {

    private static final String B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Rules whose valid examples need more than their shape (checksums, encoded structure). */
    private static final Map<String, Function<Random, String>> SPECIAL = Map.of(
            "jwt", Examples::jwt,
            "private-key", Examples::pem,
            "authorization-basic", r -> "Authorization: Basic " + Base64.getEncoder().encodeToString(
                    ("deploy:" + random(r, B62, 14)).getBytes(StandardCharsets.UTF_8)));

    private Examples() {
    }

    static String random(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A text that contains one true example of the rule, surrounded by ordinary context. */
    static List<String> trueExamples(Rule rule, Random r) {
        Function<Random, String> special = SPECIAL.get(rule.id());
        if (special != null) {
            return List.of(special.apply(r));
        }
        List<String> out = new ArrayList<>();
        if (rule instanceof ShapeRule s) {
            for (Shape shape : s.shapes()) {
                out.add(fromShape(shape, r, 0));
            }
        } else if (rule instanceof AssignmentRule a) {
            for (AssignmentRule.Term t : a.terms()) {
                out.add(assignment(t.literal(), a, r));
            }
        } else if (rule instanceof UrlCredentialRule) {
            String scheme = switch (rule.id()) {
                case "postgres-uri" -> "postgresql";
                case "mysql-uri" -> "mysql";
                case "mongodb-uri" -> "mongodb+srv";
                case "redis-uri" -> "rediss";
                case "amqp-uri" -> "amqps";
                default -> "https";
            };
            out.add("url = \"" + scheme + "://app:" + random(r, B62, 16) + "@db.internal.example.net:5432/app\"");
        }
        return out;
    }

    static String assignment(String keyword, AssignmentRule rule, Random r) {
        String name = "MY_" + keyword.toUpperCase().replace('-', '_');
        String value;
        if (rule.example().contains("<b62:") || rule.example().contains("<hex")) {
            String shape = rule.example().substring(rule.example().indexOf('<'));
            value = fromShape(Shape.parse(shape, false), r, 0);
        } else {
            value = switch (rule.strictness()) {
                case PASSWORD -> "Summer" + random(r, "0123456789", 4) + "!" + random(r, B62, 3);
                case TOKEN, WEAK -> random(r, "abcdef", 4) + random(r, B62, 20) + random(r, "0123456789", 4);
            };
        }
        return name + "=\"" + value + "\"";
    }

    /**
     * @param lengthDelta 0 for a valid example; -1 makes every variable run one shorter than its minimum
     */
    static String fromShape(Shape shape, Random r, int lengthDelta) {
        StringBuilder sb = new StringBuilder();
        for (Shape.Segment seg : shape.segments()) {
            if (seg instanceof Shape.Literal l) {
                sb.append(l.text());
            } else if (seg instanceof Shape.Run run) {
                int n = lengthDelta < 0 ? Math.max(0, run.min() - 1)
                        : run.min() + r.nextInt(Math.min(run.max(), run.min() + 40) - run.min() + 1);
                sb.append(random(r, plain(run.charClass().chars()), n));
            }
        }
        return sb.toString();
    }

    /** A class's characters without the ones that mark templates and references ({@code <}, {@code $}…). */
    private static String plain(String chars) {
        String kept = chars.replaceAll("[<>${}*%.\\'\"`#@&!:]", "");
        return kept.isEmpty() ? chars : kept;
    }

    /** A placeholder of the same shape: every run filled with 'x' (or '0' where letters are not allowed). */
    static String placeholderFromShape(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (Shape.Segment seg : shape.segments()) {
            if (seg instanceof Shape.Literal l) {
                sb.append(l.text());
            } else if (seg instanceof Shape.Run run) {
                char fill = run.charClass().contains('x') ? 'x' : run.charClass().contains('X') ? 'X' : '0';
                sb.append(String.valueOf(fill).repeat(run.min()));
            }
        }
        return sb.toString();
    }

    /** A printable description of a generated text for assertion messages: its length and first characters. */
    static String shapeOf(String text) {
        return "<" + text.length() + " chars starting " + text.substring(0, Math.min(6, text.length())) + "…>";
    }

    static String githubToken(Random r, String prefix) {
        String body = random(r, B62, 30);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return prefix + body + Validators.base62(crc.getValue(), 6);
    }

    static String jwt(Random r) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = enc.encodeToString(("{\"sub\":\"" + random(r, B62, 12) + "\",\"iat\":1700000000}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] sig = new byte[32];
        r.nextBytes(sig);
        return "token: " + header + "." + payload + "." + enc.encodeToString(sig);
    }

    static String pem(Random r) {
        byte[] body = new byte[600];
        r.nextBytes(body);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body);
        String label = "PRIVATE" + " KEY";
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }
}
