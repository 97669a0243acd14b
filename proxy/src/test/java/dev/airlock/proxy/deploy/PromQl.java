package dev.airlock.proxy.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to list the metric names an expression selects, and to turn a Grafana query into
 * one Prometheus can run. Not a parser: it removes what cannot hold a metric name (string literals, label
 * matchers, ranges, grouping clauses, Grafana variables), then every remaining identifier that is neither a
 * function call nor a keyword is a metric name.
 */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    /** Grafana's built-in variables, as a dashboard over a few minutes of data would resolve them. */
    private static final Map<String, String> GRAFANA = Map.of("$__rate_interval", "1m", "$__interval", "15s",
            "$__range", "5m");

    private PromQl() {
    }

    /** Every metric name {@code expr} selects. {@code label_values(selector, label)} yields the selector's. */
    static Set<String> metricNames(String expr) {
        String e = expr;
        Matcher labelValues = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$").matcher(e);
        if (labelValues.matches()) {
            e = labelValues.group(1);
        }
        e = STRING.matcher(e).replaceAll(" ");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        e = VARIABLE.matcher(e).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** A Grafana panel query with its variables resolved: every replica, every route, a few minutes' windows. */
    static String resolveGrafana(String expr) {
        String e = expr;
        for (Map.Entry<String, String> v : GRAFANA.entrySet()) {
            e = e.replace(v.getKey(), v.getValue());
        }
        return e.replace("$instance", ".*").replace("$route", ".*");
    }
}
