package dev.airlock.proxy.payload;

import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates JSON documents of arbitrary structure with planted secrets, rendered with random whitespace and random
 * (valid) escaping: short escapes, {@code \\u} escapes in either case, escaped surrogate pairs, raw UTF-8.
 */
final class JsonDocs {

    sealed interface Node permits Obj, Arr, Str, Lit {
    }

    record Member(Str key, Node value) {
    }

    record Obj(List<Member> members) implements Node {
    }

    record Arr(List<Node> items) implements Node {
    }

    /** A string leaf; {@code planted} holds the secrets put in it on purpose. */
    record Str(String text, List<String> planted) implements Node {
    }

    record Lit(String raw) implements Node {
    }

    /** A document and the seed that picks its whitespace and escapes. */
    record Doc(Node root, long style) {

        byte[] bytes() {
            StringBuilder sb = new StringBuilder();
            new Renderer(new Random(style), sb).node(root);
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        List<String> planted() {
            List<String> out = new ArrayList<>();
            collect(root, out);
            return out;
        }

        private static void collect(Node n, List<String> out) {
            if (n instanceof Str s) {
                out.addAll(s.planted());
            } else if (n instanceof Arr a) {
                a.items().forEach(i -> collect(i, out));
            } else if (n instanceof Obj o) {
                o.members().forEach(m -> {
                    collect(m.key(), out);
                    collect(m.value(), out);
                });
            }
        }

        @Override
        public String toString() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }

    /** Pieces of ordinary text, chosen to need every kind of escape. */
    private static final String[] PIECES = {
        "a", "hello", "Z", "42", " ", "  ", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f",
        "\u007f", "é", "中文", "\u2028", "\uFEFF", "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "=", ":", "{", "}",
        "[", "]", ",", "'", "\\n", "\\u0041", "true", "-1.5e3",
    };

    private static final String[] SEPARATORS = {" ", "\n", "\t", "\r\n", " \n "};

    private JsonDocs() {
    }

    static Arbitrary<Doc> docs() {
        Arbitrary<Node> root = Arbitraries.recursive(JsonDocs::leaf, JsonDocs::container, 0, 4);
        return Combinators.combine(root, Arbitraries.longs()).as(Doc::new);
    }

    static Arbitrary<String> filler() {
        return Arbitraries.of(PIECES).list().ofMaxSize(6).map(l -> String.join("", l));
    }

    /** A credential as it would appear in text, and the part that must not survive redaction. */
    static Arbitrary<Tuple.Tuple2<String, String>> secret() {
        return Arbitraries.oneOf(
                Arbitraries.randomValue(Credentials::githubToken).map(t -> Tuple.of(t, t)),
                Arbitraries.randomValue(Credentials::password).map(p -> Tuple.of("DB_PASSWORD=" + p, p)));
    }

    static Arbitrary<Str> strings() {
        Arbitrary<Str> plain = filler().map(t -> new Str(t, List.of()));
        Arbitrary<Str> planted = Combinators.combine(filler(), Arbitraries.of(SEPARATORS), secret(),
                        Arbitraries.of(SEPARATORS), filler())
                .as((before, s1, secret, s2, after) -> new Str(before + s1 + secret.get1() + s2 + after,
                        List.of(secret.get2())));
        return Arbitraries.frequencyOf(Tuple.of(1, plain), Tuple.of(2, planted));
    }

    private static Arbitrary<Node> leaf() {
        Arbitrary<Lit> literals = Arbitraries.of("true", "false", "null", "0", "-0", "17", "-3.25", "1e10", "1E+2",
                "-2.5e-3", "0.0", "123456789012345678901234567890", "1.00000000000000000000001").map(Lit::new);
        return Arbitraries.frequencyOf(Tuple.of(3, strings()), Tuple.of(1, literals));
    }

    private static Arbitrary<Node> container(Arbitrary<Node> inner) {
        Arbitrary<Str> keys = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("type", "content", "a", "thinking").map(k -> new Str(k, List.of()))),
                Tuple.of(1, strings()));
        Arbitrary<Node> arrays = inner.list().ofMaxSize(4).map(Arr::new);
        Arbitrary<Node> objects = Combinators.combine(keys, inner).as(Member::new).list().ofMaxSize(4).map(Obj::new);
        return Arbitraries.oneOf(arrays, objects, inner);
    }

    /** Writes a node; every choice of whitespace and escape comes from one seeded random. */
    private record Renderer(Random r, StringBuilder sb) {

        private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n", "\n    "};

        void node(Node n) {
            ws();
            if (n instanceof Lit l) {
                sb.append(l.raw());
            } else if (n instanceof Str s) {
                string(s.text());
            } else if (n instanceof Arr a) {
                sb.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    node(a.items().get(i));
                    ws();
                }
                ws();
                sb.append(']');
            } else if (n instanceof Obj o) {
                sb.append('{');
                for (int i = 0; i < o.members().size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    ws();
                    string(o.members().get(i).key().text());
                    ws();
                    sb.append(':');
                    node(o.members().get(i).value());
                    ws();
                }
                ws();
                sb.append('}');
            }
            ws();
        }

        private void ws() {
            sb.append(SPACE[r.nextInt(SPACE.length)]);
        }

        private void string(String text) {
            sb.append('"');
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                boolean escape = r.nextInt(6) == 0;
                if (cp == '"') {
                    sb.append(r.nextBoolean() ? "\\\"" : unicode(cp));
                } else if (cp == '\\') {
                    sb.append(r.nextBoolean() ? "\\\\" : unicode(cp));
                } else if (cp == '/' && escape) {
                    sb.append(r.nextBoolean() ? "\\/" : unicode(cp));
                } else if (cp < 0x20) {
                    String shortForm = switch (cp) {
                        case '\b' -> "\\b";
                        case '\f' -> "\\f";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\t' -> "\\t";
                        default -> null;
                    };
                    sb.append(shortForm != null && r.nextBoolean() ? shortForm : unicode(cp));
                } else if (escape && cp >= 0x10000) {
                    sb.append(unicode(Character.highSurrogate(cp))).append(unicode(Character.lowSurrogate(cp)));
                } else if (escape) {
                    sb.append(unicode(cp));
                } else {
                    sb.appendCodePoint(cp);
                }
            }
            sb.append('"');
        }

        private String unicode(int c) {
            String hex = String.format("%04x", c);
            return "\\u" + (r.nextBoolean() ? hex : hex.toUpperCase());
        }
    }
}
