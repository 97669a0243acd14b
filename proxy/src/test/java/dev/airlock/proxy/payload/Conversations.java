package dev.airlock.proxy.payload;

import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the bodies a coding agent sends turn after turn in the four request shapes (OpenAI chat, Anthropic
 * messages, Gemini contents, OpenAI responses): a history that grows, re-rendered identically each turn, with what
 * real clients do to it now and then — credentials in old and new turns (whole, and split across two consecutive
 * messages), edited history, a changed system prompt, the {@code cache_control} marker moved to the last message
 * every turn, signed thinking blocks holding a credential, a root {@code "type"} and members after the array,
 * a credential as a key, string elements, pretty-printing with CRLF, escapes and characters beyond the BMP, and
 * broken bodies. Every choice comes from one seed.
 */
public final class Conversations {

    public enum Shape { OPENAI_CHAT, ANTHROPIC, GEMINI, RESPONSES }

    /** One turn's body; {@code broken} when it was damaged on purpose. */
    public record Turn(byte[] body, boolean broken) {
        @Override
        public String toString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final String[] WORDS = {"the", "handler", "fails", "because", "pool", "closed", "retry", "in",
        "src/main/App.java", "line", "42", "é", "中文", "\uD83D\uDE00", "\"quoted\"", "back\\slash", "tab\there",
        "new\nline", "\u0001", "</script>", "{", "}", "[", "]", ",", ":", "path/to/file", "null", "true"};

    private final Random r;
    private final Shape shape;
    private final String indent;
    private final boolean messagesFirst;
    private final List<Message> messages = new ArrayList<>();
    private String system;
    private final List<String> secrets = new ArrayList<>();
    /** A root {@code "type"} member after the array, and a root member before it that may hold a credential. */
    private String rootType;
    private String rootBefore;
    /** Root members after the array: one that may hold a credential, and tool definitions. */
    private String rootAfter;
    private String tools;
    private int serial;
    /** The rest of a credential the last message ended with. */
    private String carry;

    private final class Message {
        final int id = serial++;
        final String role;
        final List<String> texts = new ArrayList<>();
        /** A thinking block (Anthropic) or reasoning item (responses) ahead of the text. */
        String thinking;
        String keyCredential;
        boolean stringElement;

        Message(String role) {
            this.role = role;
        }
    }

    public Conversations(long seed) {
        this.r = new Random(seed);
        this.shape = Shape.values()[r.nextInt(Shape.values().length)];
        this.indent = switch (r.nextInt(4)) {
            case 0 -> "\n  ";
            case 1 -> "\r\n";
            default -> "";
        };
        this.messagesFirst = r.nextBoolean();
        this.system = text(20 + r.nextInt(200)) + (r.nextInt(3) == 0 ? " " + secret() : "");
        if (r.nextInt(4) == 0) {
            rootType = r.nextBoolean() ? "thinking" : "conversation";
        }
        if (r.nextInt(4) == 0) {
            rootBefore = text(5) + (r.nextBoolean() ? " " + secret() : "");
        }
        if (r.nextInt(3) == 0) {
            rootAfter = text(5) + (r.nextBoolean() ? " " + secret() : "");
        }
        if (r.nextInt(2) == 0) {
            List<String> defs = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(4); i++) {
                defs.add("{" + q("name") + ":" + q("tool" + i) + "," + q("description") + ":"
                        + q(text(10 + r.nextInt(60)) + (r.nextInt(4) == 0 ? " " + secret() : ""), i) + "}");
            }
            tools = q("tools") + ":[" + String.join("," + indent, defs) + "]";
        }
    }

    public Shape shape() {
        return shape;
    }

    /** Every credential planted so far. */
    public List<String> secrets() {
        return secrets;
    }

    /** The next turn: one to three new messages, sometimes an edit of what came before, sometimes broken. */
    public Turn next() {
        int added = 1 + r.nextInt(3);
        for (int i = 0; i < added; i++) {
            add();
        }
        if (messages.size() > 2 && r.nextInt(12) == 0) {
            Message m = messages.get(r.nextInt(messages.size() - 1));
            m.texts.set(0, m.texts.get(0) + " (edited)");
        }
        if (r.nextInt(15) == 0) {
            system = system + " v" + r.nextInt(9);
        }
        String body = render();
        if (r.nextInt(14) == 0) {
            return new Turn(breakIt(body.getBytes(StandardCharsets.UTF_8)), true);
        }
        return new Turn(body.getBytes(StandardCharsets.UTF_8), false);
    }

    private void add() {
        String role = messages.size() % 2 == 0 ? "user" : "assistant";
        Message m = new Message(role);
        int n = 1 + r.nextInt(shape == Shape.OPENAI_CHAT ? 1 : 3);
        for (int i = 0; i < n; i++) {
            m.texts.add(text(5 + r.nextInt(r.nextInt(8) == 0 ? 900 : 120)));
        }
        if (carry != null) {
            m.texts.set(0, carry + " " + m.texts.get(0));
            carry = null;
        }
        int k = r.nextInt(100);
        if (k < 25) {
            m.texts.set(0, m.texts.get(0) + " " + secret() + (r.nextBoolean() ? "" : " " + text(3)));
        } else if (k < 35) {
            // Half of a credential at the end of this message, the rest at the start of the next, maybe next turn.
            String token = Credentials.githubToken(r);
            secrets.add(token);
            int cut = 8 + r.nextInt(token.length() - 16);
            int last = m.texts.size() - 1;
            m.texts.set(last, m.texts.get(last) + " " + token.substring(0, cut));
            carry = token.substring(cut);
        }
        if (role.equals("assistant") && r.nextInt(3) == 0) {
            m.thinking = text(10) + (r.nextInt(3) == 0 ? " " + secret() : "");
        }
        if (r.nextInt(40) == 0) {
            m.keyCredential = secret();
        }
        if (r.nextInt(20) == 0) {
            m.stringElement = true;
        }
        messages.add(m);
    }

    private String secret() {
        String s = switch (r.nextInt(3)) {
            case 0 -> Credentials.githubToken(r);
            case 1 -> "DB_PASSWORD=" + Credentials.password(r);
            default -> Credentials.checksummedToken(r, "npm_");
        };
        secrets.add(s);
        return s;
    }

    private String text(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private String render() {
        StringBuilder sb = new StringBuilder("{");
        List<String> members = new ArrayList<>();
        String array = switch (shape) {
            case OPENAI_CHAT -> "messages";
            case ANTHROPIC -> "messages";
            case GEMINI -> "contents";
            case RESPONSES -> "input";
        };
        if (rootBefore != null) {
            members.add(q("thinking") + ":" + q(rootBefore, 7));
        }
        String sys = switch (shape) {
            case OPENAI_CHAT -> null;
            case ANTHROPIC -> q("system") + ":[{" + q("type") + ":" + q("text") + "," + q("text") + ":" + q(system, 1)
                    + "," + q("cache_control") + ":{" + q("type") + ":" + q("ephemeral") + "}}]";
            case GEMINI -> q("systemInstruction") + ":{" + q("parts") + ":[{" + q("text") + ":" + q(system, 1) + "}]}";
            case RESPONSES -> q("instructions") + ":" + q(system, 1);
        };
        StringBuilder items = new StringBuilder("[");
        if (shape == Shape.OPENAI_CHAT) {
            items.append(indent).append("{").append(q("role")).append(":").append(q("system")).append(",")
                    .append(q("content")).append(":").append(q(system, 1)).append("}");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (items.length() > 1) {
                items.append(",");
            }
            items.append(indent).append(message(messages.get(i), i == messages.size() - 1));
        }
        items.append(indent).append("]");
        members.add(q("model") + ":" + q("model-" + shape.name().toLowerCase()));
        if (messagesFirst) {
            members.add(q(array) + ":" + items);
            if (sys != null) {
                members.add(sys);
            }
        } else {
            if (sys != null) {
                members.add(sys);
            }
            members.add(q(array) + ":" + items);
        }
        if (tools != null) {
            members.add(tools);
        }
        if (rootAfter != null) {
            members.add(q(rootType != null && rootType.equals("thinking") ? "thinking" : "note") + ":"
                    + q(rootAfter, 9));
        }
        members.add(q("stop") + ":[" + q("\n\nHuman:") + "," + q("END") + "]");
        if (rootType != null) {
            members.add(q("type") + ":" + q(rootType));
        }
        members.add(q("stream") + ":true");
        sb.append(String.join("," + indent, members)).append(indent).append("}");
        return sb.toString();
    }

    private String message(Message m, boolean last) {
        if (m.stringElement) {
            return q(m.texts.get(0), m.id);
        }
        String key = m.keyCredential == null ? "" : q(m.keyCredential, m.id) + ":1,";
        return switch (shape) {
            case OPENAI_CHAT -> "{" + key + q("role") + ":" + q(m.role) + "," + q("content") + ":"
                    + q(m.texts.get(0), m.id) + "}";
            case ANTHROPIC -> {
                List<String> blocks = new ArrayList<>();
                if (m.thinking != null) {
                    blocks.add("{" + q("type") + ":" + q("thinking") + "," + q("thinking") + ":" + q(m.thinking, m.id)
                            + "," + q("signature") + ":" + q("sig" + m.id) + "}");
                }
                for (int i = 0; i < m.texts.size(); i++) {
                    boolean marker = last && i == m.texts.size() - 1;
                    blocks.add("{" + q("type") + ":" + q("text") + "," + q("text") + ":" + q(m.texts.get(i), m.id + i)
                            + (marker ? "," + q("cache_control") + ":{" + q("type") + ":" + q("ephemeral") + "}" : "")
                            + "}");
                }
                yield "{" + key + q("role") + ":" + q(m.role) + "," + q("content") + ":[" + String.join(",", blocks)
                        + "]}";
            }
            case GEMINI -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < m.texts.size(); i++) {
                    parts.add("{" + q("text") + ":" + q(m.texts.get(i), m.id + i) + "}");
                }
                yield "{" + key + q("role") + ":" + q(m.role.equals("assistant") ? "model" : "user") + "," + q("parts")
                        + ":[" + String.join(",", parts) + "]}";
            }
            case RESPONSES -> {
                String content = "{" + key + q("type") + ":" + q("message") + "," + q("role") + ":" + q(m.role) + ","
                        + q("content") + ":[{" + q("type") + ":" + q("input_text") + "," + q("text") + ":"
                        + q(String.join(" ", m.texts), m.id) + "}]}";
                yield m.thinking == null ? content : "{" + q("type") + ":" + q("reasoning") + ","
                        + q("encrypted_content") + ":" + q(m.thinking, m.id) + "}," + content;
            }
        };
    }

    /** Damage after the history: a missing bracket, a stray byte, a lone surrogate, an invalid UTF-8 byte. */
    private byte[] breakIt(byte[] body) {
        int at = body.length - 1 - r.nextInt(Math.min(body.length - 1, 200));
        byte[] out;
        switch (r.nextInt(4)) {
            case 0 -> {
                out = new byte[body.length - 1];
                System.arraycopy(body, 0, out, 0, at);
                System.arraycopy(body, at + 1, out, at, body.length - at - 1);
            }
            case 1 -> {
                out = body.clone();
                out[at] = (byte) 0xC0;
            }
            case 2 -> {
                String s = new String(body, StandardCharsets.UTF_8);
                int quote = s.lastIndexOf("\":\"");
                out = (quote < 0 ? s + "x" : s.substring(0, quote + 3) + "\\uD800" + s.substring(quote + 3))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                out = new byte[body.length + 1];
                System.arraycopy(body, 0, out, 0, at);
                out[at] = '#';
                System.arraycopy(body, at, out, at + 1, body.length - at);
            }
        }
        return out;
    }

    private static String q(String s) {
        return q(s, 0);
    }

    /** A JSON string; which characters are escaped, and how, depends on {@code style}, so a message renders alike. */
    private static String q(String s, long style) {
        Random e = new Random(style * 31 + s.length());
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean escape = e.nextInt(8) == 0;
            if (cp == '"' || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (cp == '\n') {
                sb.append(escape ? "\\u000a" : "\\n");
            } else if (cp < 0x20) {
                sb.append(String.format("\\u%04X", cp));
            } else if (escape && cp >= 0x10000) {
                sb.append(String.format("\\u%04x\\u%04X", (int) Character.highSurrogate(cp),
                        (int) Character.lowSurrogate(cp)));
            } else if (escape && cp >= 0x80) {
                sb.append(String.format("\\u%04x", cp));
            } else if (escape && cp == '/') {
                sb.append("\\/");
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.append('"').toString();
    }
}
