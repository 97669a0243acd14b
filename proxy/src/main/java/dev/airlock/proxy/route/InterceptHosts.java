package dev.airlock.proxy.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code intercept.hosts} patterns, compiled once. A {@code *} that is the whole first label stands for one or
 * more leading labels ({@code *.openai.azure.com}); any other {@code *} stands for one or more characters inside
 * its label ({@code *-aiplatform.googleapis.com}, {@code bedrock-runtime.*.amazonaws.com}). Immutable.
 */
public final class InterceptHosts {

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private InterceptHosts(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        List<Pattern> out = new ArrayList<>();
        for (String p : this.patterns) {
            out.add(compile(p));
        }
        this.compiled = List.copyOf(out);
    }

    public static InterceptHosts of(List<String> patterns) {
        return new InterceptHosts(patterns);
    }

    public List<String> patterns() {
        return patterns;
    }

    /**
     * The first pattern naming {@code host} (case-insensitive, one trailing dot ignored), or null when the host is
     * not intercepted. IP literals never match: certificates are minted for names only.
     */
    public String match(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > 253 || ipLiteral(h)) {
            return null;
        }
        for (int i = 0; i < compiled.size(); i++) {
            if (compiled.get(i).matcher(h).matches()) {
                return patterns.get(i);
            }
        }
        return null;
    }

    /**
     * An IPv6 literal holds a colon (or a bracket); an IPv4 one, in any form a resolver reads ({@code 10.0.0.1},
     * {@code 127.1}), ends in an all-digit label, which no top-level domain is. Checked here rather than left to the
     * patterns, which nothing stops an operator from writing as addresses ({@code 10.0.0.1}, {@code *}).
     */
    private static boolean ipLiteral(String host) {
        if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0) {
            return true;
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Pattern compile(String pattern) {
        return Pattern.compile(regex(pattern));
    }

    /**
     * The regular expression of one pattern, in the syntax Java and JavaScript share (the served PAC file matches
     * with the very same expression, so the two can never disagree).
     */
    public static String regex(String pattern) {
        StringBuilder re = new StringBuilder();
        String[] labels = pattern.toLowerCase(Locale.ROOT).split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                re.append("\\.");
            }
            String label = labels[i];
            if (i == 0 && label.equals("*")) {
                re.append("[a-z0-9-]+(?:\\.[a-z0-9-]+)*");
                continue;
            }
            int star = label.indexOf('*');
            if (star < 0) {
                literal(re, label);
            } else {
                literal(re, label.substring(0, star));
                re.append("[a-z0-9-]+");
                literal(re, label.substring(star + 1));
            }
        }
        return re.toString();
    }

    /**
     * Letters, digits and {@code -} stand for themselves outside a character class; anything else (a second
     * {@code *}, {@code _}) is written as a backslash-u escape of four hex digits, which Java and JavaScript
     * regular expressions both read as that one literal character.
     */
    private static void literal(StringBuilder re, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
                re.append(c);
            } else {
                re.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
    }
}
