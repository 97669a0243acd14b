package dev.airlock.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds credentials in text. Thread-safe and immutable: build one per rule set and share it.
 *
 * <p>A scan is one pass over the text that finds every rule keyword, rule matchers only at those keywords,
 * then the same scan over the decoded form of base64/hex/percent-encoded runs (to depth 2), all on a
 * normalised view when the text contains invisible or compatibility characters. Overlapping findings are
 * merged, the most specific rule naming the result.
 */
public final class Detector {

    static final int MAX_DECODE_DEPTH = 2;

    private final List<Rule> rules;
    private final KeywordIndex index;
    private final List<CustomPatternRule> unanchored;
    /** The rules that judge a value by the name it is assigned to, for {@link #scanField}. */
    private final List<AssignmentRule> assignmentRules;
    private final Map<String, Integer> priorities = new HashMap<>();
    /** Exact values configured as secret; null when none are. */
    private final KnownSecrets known;
    /**
     * The longest placeholder this detector's findings can have met: {@code [REDACTED:}, the rule id (its own rules'
     * longest, and at least {@link #MIN_PLACEHOLDER_ID} for another configuration's), {@code :} and the 8-character
     * tag with {@code ]}.
     */
    private final int longestPlaceholder;
    private static final int PLACEHOLDER_WITHOUT_ID = "[REDACTED:".length() + ":01234567]".length();
    private static final int MIN_PLACEHOLDER_ID = 96;

    private Detector(List<Rule> rules) {
        this(rules, null);
    }

    private Detector(List<Rule> rules, KnownSecrets known) {
        this.known = known;
        Set<String> ids = new HashSet<>();
        for (Rule r : rules) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("duplicate rule id '" + r.id() + "'");
            }
            priorities.put(r.id(), r.priority());
        }
        this.rules = List.copyOf(rules);
        this.longestPlaceholder = PLACEHOLDER_WITHOUT_ID
                + Math.max(MIN_PLACEHOLDER_ID, ids.stream().mapToInt(String::length).max().orElse(0));
        List<Keyword> keywords = new ArrayList<>();
        List<CustomPatternRule> whole = new ArrayList<>();
        for (Rule r : rules) {
            keywords.addAll(r.keywords());
            if (r instanceof CustomPatternRule c && c.unanchored()) {
                whole.add(c);
            }
        }
        this.index = new KeywordIndex(keywords);
        this.unanchored = List.copyOf(whole);
        this.assignmentRules = rules.stream().filter(AssignmentRule.class::isInstance)
                .map(AssignmentRule.class::cast).toList();
        // An exact configured value is the surest finding there is: it names the overlap it is part of.
        priorities.put(KnownSecrets.RULE_ID, Integer.MAX_VALUE);
    }

    /** The same rules, also finding every occurrence of these exact values (rule {@value KnownSecrets#RULE_ID}). */
    public Detector withKnownSecrets(KnownSecrets values) {
        return new Detector(rules, values.size() == 0 ? null : values);
    }

    /** The built-in rule pack. */
    public static Detector builtIn() {
        return new Detector(BuiltinRules.all());
    }

    /** The built-in rule pack plus the given custom rules (whose ids must not clash with built-in ones). */
    public static Detector withCustomRules(List<CustomRule> custom) {
        List<Rule> all = new ArrayList<>(BuiltinRules.all());
        for (CustomRule c : custom) {
            all.add(new CustomPatternRule(c));
        }
        return new Detector(all);
    }

    public List<RuleInfo> rules() {
        List<RuleInfo> out = new ArrayList<>(rules.size() + 1);
        rules.forEach(r -> out.add(r.info()));
        out.add(new RuleInfo(KnownSecrets.RULE_ID, "A value listed in knownSecrets (environment variables, .env "
                + "files), found exactly wherever it occurs", "<a configured value:8+>"));
        return List.copyOf(out);
    }

    List<Rule> ruleObjects() {
        return rules;
    }

    /**
     * Around a character that normalising changes, how far the normalised view reaches: as far as the longest
     * credentials but PEM blocks and long JWTs, which are found by their markers in the original text anyway.
     */
    static final int VIEW_MARGIN = 1024;

    private static final int MAX_CACHED_NAME = 64;
    private static final int MAX_CACHED_NAMES = 4096;
    private final java.util.concurrent.ConcurrentHashMap<String, AssignmentRule[]> namedRules =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Findings in {@code text}, ordered by position, non-overlapping. */
    public List<Finding> scan(CharSequence text) {
        String s = text.toString();
        return withoutPlaceholders(s, scanNormalized(s));
    }

    /**
     * Findings in a value known to be assigned to {@code name}, such as a JSON member: what {@link #scan} finds
     * in the value, plus what the rules that recognise a credential by its name make of the whole value
     * ({@code {"db_password": "Winter2024!"}} is a finding although the value alone has no context), and for a
     * message's or tool's text member ({@code content}, {@code text}, {@code output}, …) a value that is one random
     * token and nothing else: a secret a tool read from a store.
     */
    public List<Finding> scanField(CharSequence name, CharSequence value) {
        String v = value.toString();
        List<Finding> found = new ArrayList<>(scanNormalized(v));
        if (name != null && !v.isEmpty() && name.length() <= 256) {
            String n = name.toString();
            if (isHeaderField(n)) {
                found.addAll(asHeader(n, v)); // {"Authorization": "<token>"}: the header's rules read "name: value"
            }
            if (found.isEmpty() && BareTokenOutputRule.isOutputField(n)) {
                Finding bare = BareTokenOutputRule.judge(v); // a tool result that is a secret and nothing else
                if (bare != null) {
                    found.add(bare);
                }
            }
            AssignmentRule[] accepting = rulesNaming(n);
            if (accepting.length > 0) {
                char[] nameChars = n.toCharArray();
                char[] chars = v.toCharArray();
                for (AssignmentRule a : accepting) {
                    Finding f = a.judgeValue(nameChars, chars);
                    if (f != null) {
                        found.add(f);
                    }
                }
            }
        }
        return withoutPlaceholders(v, resolve(found));
    }

    /**
     * Whether a tool call's command prints a secret (a secret store's reader, {@code echo $DB_PASSWORD}, …): the
     * tool's result is then one to judge with {@link #commandOutput}, which has no name of its own.
     */
    public boolean printsSecret(String command) {
        return NextLineValueRule.printsSecret(command);
    }

    /**
     * Whether a message's text is a command the user typed in Claude Code's bash mode
     * ({@code <bash-input>op read …</bash-input>}) that {@link #printsSecret prints a secret}: the text that
     * follows with its output is then one to judge with {@link #commandOutput}.
     */
    public boolean typesSecretCommand(String text) {
        String command = ShellReport.typedCommand(text);
        return command != null && printsSecret(command);
    }

    /**
     * What the result of a tool call whose command {@link #printsSecret prints a secret} holds: the value, when the
     * result is one value alone; else nothing.
     */
    public List<Finding> commandOutput(String output) {
        Finding f = NextLineValueRule.judgeOutput(output);
        return f == null ? List.of() : withoutPlaceholders(output, List.of(f));
    }

    /** Members named like the headers whose rules start at the header's name (a token alone, a session cookie). */
    private static final String[] HEADER_FIELDS = {"authorization", "proxy-authorization", "cookie", "set-cookie"};

    /** Asked for every member of every JSON body: compared in place, no lowercased copy of the name. */
    private static boolean isHeaderField(String name) {
        for (String h : HEADER_FIELDS) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private List<Finding> asHeader(String name, String value) {
        String prefix = name + ": ";
        List<Finding> out = new ArrayList<>(1);
        for (Finding f : scanNormalized(prefix + value)) {
            if (f.start() >= prefix.length()) {
                out.add(new Finding(f.ruleId(), f.start() - prefix.length(), f.end() - prefix.length(), f.confidence()));
            }
        }
        return out;
    }

    /**
     * The rules that read {@code name} as a credential's name. Requests repeat the same few member and header names
     * ({@code content}, {@code role}, {@code user-agent}) in every call, and judging a name against every keyword
     * of every assignment rule cost more than scanning the values, so short names are remembered (bounded).
     */
    private AssignmentRule[] rulesNaming(String name) {
        AssignmentRule[] cached = namedRules.get(name);
        if (cached != null) {
            return cached;
        }
        char[] c = name.toCharArray();
        List<AssignmentRule> accepting = new ArrayList<>(2);
        for (AssignmentRule a : assignmentRules) {
            if (a.acceptsName(c)) {
                accepting.add(a);
            }
        }
        AssignmentRule[] result = accepting.toArray(AssignmentRule[]::new);
        if (name.length() <= MAX_CACHED_NAME) {
            if (namedRules.size() >= MAX_CACHED_NAMES) {
                namedRules.clear(); // crude but bounded; names in use come back at once
            }
            namedRules.put(name, result);
        }
        return result;
    }

    private List<Finding> scanNormalized(String s) {
        ScanText text = new ScanText(s, 0);
        List<Finding> out = new ArrayList<>();
        boolean nonAscii = index.scan(text, out);
        finish(text, out);
        if (nonAscii) {
            // Invisible or compatibility characters: the text around each is scanned again as a reader sees it,
            // and what is found there maps back to the original characters (overlaps merge in resolve).
            int[] regions = NormalizedView.regions(text, VIEW_MARGIN);
            for (int r = 0; r < regions.length; r += 2) {
                String part = s.substring(regions[r], regions[r + 1]);
                NormalizedView view = NormalizedView.of(part);
                for (Finding f : scanAt(new ScanText(view.text, 0))) {
                    Finding inPart = view.toOriginal(f, part);
                    out.add(inPart.spanning(inPart.start() + regions[r], inPart.end() + regions[r]));
                }
            }
        }
        return resolve(out);
    }

    /**
     * Drops findings that touch this product's own placeholders ({@code [REDACTED:generic-password:…]} reads
     * like an assignment), so redacting a redacted text changes nothing. Only the neighbourhood of each finding is
     * searched, a placeholder's length before it to its end: a search of the whole text cost a long prompt as much
     * as some of the rules.
     */
    private List<Finding> withoutPlaceholders(String s, List<Finding> found) {
        List<Finding> kept = null;
        for (int i = 0; i < found.size(); i++) {
            Finding f = found.get(i);
            if (touchesPlaceholder(s, f)) {
                if (kept == null) {
                    kept = new ArrayList<>(found.subList(0, i));
                }
            } else if (kept != null) {
                kept.add(f);
            }
        }
        return kept == null ? found : kept;
    }

    /** Whether a placeholder overlaps {@code f}: one starting at most a placeholder's length before it. */
    private boolean touchesPlaceholder(String s, Finding f) {
        java.util.regex.Matcher m = null;
        for (int at = Math.max(0, f.start() - longestPlaceholder + 1); at < f.end(); at++) {
            if (s.charAt(at) == '[' && s.startsWith("[REDACTED:", at)) {
                m = m == null ? Redactor.PLACEHOLDER.matcher(s) : m;
                if (m.region(at, s.length()).lookingAt() && m.end() > f.start()) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Finding> scanAt(ScanText text) {
        List<Finding> out = new ArrayList<>();
        index.scan(text, out);
        return finish(text, out);
    }

    /** After the keyword pass: custom patterns without keywords, then the decoded runs, to depth 2. */
    private List<Finding> finish(ScanText text, List<Finding> out) {
        if (known != null) {
            known.find(text.chars, text.length, out);
        }
        for (CustomPatternRule r : unanchored) {
            r.findIn(text, 0, text.length, false, out);
        }
        if (text.depth < MAX_DECODE_DEPTH) {
            for (EncodedSpans.Span span : EncodedSpans.find(text, out)) {
                List<Finding> inner = scanAt(new ScanText(span.decoded(), text.depth + 1));
                if (!inner.isEmpty()) {
                    Finding best = resolve(inner).get(0);
                    out.add(best.spanning(span.sourceStart(best.start()), span.sourceEnd(best.end())));
                }
            }
        }
        return out;
    }

    /**
     * Merges overlapping findings into one covering their union, named after the most specific rule
     * (priority, then confidence, then length): a redaction must cover every character any rule claimed.
     */
    private List<Finding> resolve(List<Finding> found) {
        if (found.size() <= 1) {
            return found;
        }
        List<Finding> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(Finding::start).thenComparingInt(f -> -f.end()));
        List<Finding> out = new ArrayList<>();
        Finding best = sorted.get(0);
        int start = best.start();
        int end = best.end();
        for (int i = 1; i < sorted.size(); i++) {
            Finding f = sorted.get(i);
            if (f.start() < end) {
                end = Math.max(end, f.end());
                if (better(f, best)) {
                    best = f;
                }
            } else {
                out.add(new Finding(best.ruleId(), start, end, best.confidence()));
                best = f;
                start = f.start();
                end = f.end();
            }
        }
        out.add(new Finding(best.ruleId(), start, end, best.confidence()));
        return out;
    }

    private boolean better(Finding a, Finding b) {
        int pa = priorities.getOrDefault(a.ruleId(), 0);
        int pb = priorities.getOrDefault(b.ruleId(), 0);
        if (pa != pb) {
            return pa > pb;
        }
        if (a.confidence() != b.confidence()) {
            return a.confidence().compareTo(b.confidence()) > 0;
        }
        return a.length() > b.length();
    }
}
