package dev.airlock.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The approach the engine replaces: every rule as a {@code java.util.regex} run with {@code find()} over the
 * whole text, the way gitleaks-style scanners work. Shape rules use their own compiled shapes; assignment
 * rules use gitleaks' generic "keyword = value" template; the PEM and URL rules a regex of the same reach.
 */
final class NaiveBaseline {

    /** gitleaks' semi-generic template, keywords in the middle; the value part as in its generic rules. */
    private static final String ASSIGNMENT_TEMPLATE = "(?i)[\\w.-]{0,50}?(?:%s)(?:[ \\t\\w.-]{0,20})[\\s'\"]{0,3}"
            + "(?:=|>|:{1,3}=|\\|\\||:|=>|\\?=|,)[\\x60'\"\\s=]{0,5}([\\w.=-]{10,150})(?:[\\x60'\"\\s;]|\\\\[nr]|$)";

    private static final String PEM = "(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\\s\\S-]{64,}?"
            + "KEY(?: BLOCK)?-----";

    private static final String URL_USERINFO = "://[^:/?#@\\s\"'<>\\\\]{0,256}:([^/?#\\s\"'<>\\\\]{1,256})"
            + "@[A-Za-z0-9\\[]";

    /** How assignment rules become regexes. */
    enum AssignmentStyle {
        /** One regex per rule, its keywords as one alternation (what gitleaks does for a rule). */
        PER_RULE,
        /** One regex per keyword (ten vendor rules built from one template, as in gitleaks' pack). */
        PER_KEYWORD
    }

    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> uncovered = new ArrayList<>();

    NaiveBaseline(List<Rule> rules, AssignmentStyle style) {
        for (Rule rule : rules) {
            if (rule instanceof ShapeRule s) {
                for (Shape shape : s.shapes()) {
                    patterns.add(shape.compile());
                }
            } else if (rule instanceof AssignmentRule a) {
                List<String> literals = a.terms().stream().map(t -> Pattern.quote(t.literal())).toList();
                if (style == AssignmentStyle.PER_RULE) {
                    patterns.add(Pattern.compile(String.format(ASSIGNMENT_TEMPLATE, String.join("|", literals))));
                } else {
                    for (String literal : literals) {
                        patterns.add(Pattern.compile(String.format(ASSIGNMENT_TEMPLATE, literal)));
                    }
                }
            } else if (rule instanceof PemPrivateKeyRule) {
                patterns.add(Pattern.compile(PEM));
            } else if (rule instanceof UrlCredentialRule) {
                patterns.add(Pattern.compile(urlSchemes(rule.id()) + URL_USERINFO));
            } else {
                uncovered.add(rule.id());
            }
        }
    }

    /** Same scheme sets as the rules themselves; the catch-all takes any scheme. */
    private static String urlSchemes(String ruleId) {
        String schemes = switch (ruleId) {
            case "postgres-uri" -> "postgres|postgresql";
            case "mysql-uri" -> "mysql|mariadb";
            case "mongodb-uri" -> "mongodb";
            case "redis-uri" -> "redis|rediss";
            case "amqp-uri" -> "amqp|amqps";
            default -> null;
        };
        return schemes == null ? "\\b[A-Za-z][A-Za-z0-9+.-]{1,23}"
                : "(?i)\\b(?:jdbc:)?(?:" + schemes + ")(?:\\+[a-z]+)?";
    }

    /** Number of regex matches over the whole text, every rule. */
    int count(String text) {
        int n = 0;
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                n++;
            }
        }
        return n;
    }

    int patternCount() {
        return patterns.size();
    }

    /** Rules of a kind the baseline has no regex for (reported, so a new rule kind is not silently skipped). */
    List<String> uncovered() {
        return uncovered;
    }

    String describe() {
        return patterns.size() + " regexes" + (uncovered.isEmpty() ? ""
                : "; no regex for " + uncovered.stream().collect(Collectors.joining(", ")));
    }
}
