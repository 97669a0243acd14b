package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.payload.PayloadException.Reason;
import dev.airlock.proxy.payload.PrefixHash.Prefixes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One redaction of one body: a single pass of the streaming parser that scans every decoded string leaf, keys
 * included, then the splices that rewrite the leaves holding findings. Single-use, confined to one thread.
 *
 * <p>Nothing is allocated per token beyond the string the parser hands out and the detector needs anyway (names
 * come from the parser's symbol table), and the place of each string directly in an element of a root array while
 * checkpoints are left; pointers, offsets and placeholders are worked out only for leaves with a finding. Whether
 * such a leaf may be modified can depend on the {@code "type"} member of its object, which may come after it, so the
 * decision waits until the object closes; splicing waits until the whole document has been read, so invalid input
 * never yields a partial rewrite.
 *
 * <p>A pass may leave {@link Checkpoint}s behind, and may start at one left by an earlier body that began with the
 * same bytes ({@link #resume}): it then reads only the rest, through a parser fed a short stand-in for what came
 * before, and every offset and line it reports is shifted back to the body's own. At the end of the first array of
 * the root object it may likewise take what follows from an earlier body that ended the same ({@link Remainder}).
 */
final class RedactionPass {

    private final byte[] body;
    private final Redactor redactor;
    /**
     * The same placeholders without telling the redactor's listener: for keys and {@code "type"} values as they
     * appear in pointers and {@link LeafLocation}s, which never leave Airlock. Only what the body sends upstream is
     * told, when it is rewritten, so what a request is known to have had redacted never depends on how it was read.
     */
    private final Redactor labels;
    private final ProtectedLeaves protectedLeaves;
    /** Rule id and keyed fingerprint of a finding: true when it is to be replaced. */
    private final BiPredicate<String, String> redactFinding;
    /** The {@code "type"} string of the object open at each depth (1-based); bounded by the nesting limit. */
    private final String[] objectTypes;
    /**
     * Per depth, whether the container open there is, or is inside, an object whose {@code "role"} (read before)
     * says the model wrote it: its text is never a tool's result ({@code {"role": "assistant", "tool_calls": […],
     * "content": "…"}}).
     */
    private final boolean[] byModel;
    private final Found found = new Found();
    private Map<String, String> redactedKeys = Map.of();
    private final SplitParts splitParts;
    private final LeafVerdicts.Client verdicts;
    private final Detector detector;
    /**
     * Tool calls read so far whose command prints a secret, each waiting for its result (a {@code content},
     * {@code text} or {@code output} string, not in what the model wrote: see {@link #byModel}) to be judged as that
     * command's output, a value with no name of its own. Within a root array (the conversation), saved at
     * checkpoints, so a resumed read judges exactly as a whole one.
     */
    private final PendingCalls pending;
    private int depth;
    private boolean typeValueNext;
    private boolean roleValueNext;
    /** Body offset minus parser offset, and body line minus parser line: zero unless resumed. */
    private int byteShift;
    private int lineShift;
    /** Set when checkpoints are to be left and remainders looked up; null otherwise, with {@link #memory}. */
    private final Prefixes prefixes;
    private final InspectedPrefixes memory;
    /** Checkpoints are left (the body continues one read before); else their places are only sighted. */
    private final boolean keep;
    private final List<Checkpoint> made = new ArrayList<>();
    /** Where the last place was sighted, when checkpoints are not kept. */
    private int lastSighted;
    /** The checkpoint this pass started at, then the last one it left. */
    private Checkpoint last;
    private int lastHits;
    private int lastSplits;
    /** The rest of the body after its first root array, once reached: where, and what was found up to there. */
    private int restStart = -1;
    private int restLine;
    private int restHits;
    private int restSplits;
    private boolean restTyped;
    private int[] restRootLevel;
    private PrefixHash.Digest restDigest;
    /** The rest was not read: its findings came from an earlier body with the same rest. */
    private boolean restRemembered;

    /**
     * @param earlierCalls id hashes of calls the model made in earlier answers whose command prints a secret
     *                     ({@link EarlierCalls}): a result naming one is judged as the secret
     * @param prefixes the hashes of the body's prefixes when checkpoints are to be left, else null
     * @param memory   where remainders are looked up, and what checkpoints are spaced by; null with
     *                 {@code prefixes}
     * @param keep     checkpoints are left for {@link #checkpoints}; false: their places are only sighted in
     *                 {@code memory} ({@link InspectedPrefixes#sight}), nothing that lives is built
     */
    RedactionPass(byte[] body, Detector detector, LeafVerdicts.Client verdicts, Redactor redactor, Redactor labels,
                  ProtectedLeaves protectedLeaves, BiPredicate<String, String> redactFinding, int maxDepth,
                  long[] earlierCalls, Prefixes prefixes, InspectedPrefixes memory, boolean keep) {
        this.body = body;
        this.labels = labels;
        this.prefixes = prefixes;
        this.memory = memory;
        this.keep = keep;
        this.verdicts = verdicts;
        this.redactFinding = redactFinding;
        this.redactor = redactor;
        this.protectedLeaves = protectedLeaves;
        this.objectTypes = new String[maxDepth + 1];
        this.byModel = new boolean[maxDepth + 1];
        this.pending = new PendingCalls(maxDepth, earlierCalls);
        this.splitParts = new SplitParts(detector, maxDepth);
        this.detector = detector;
    }

    /** Reads the whole document; the parser reports syntax errors and limit violations as it goes. */
    void walk(JsonParser p) throws IOException, PayloadException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new PayloadException(Reason.INVALID_JSON, "invalid JSON", TextPosition.of(body, body.length),
                    "empty document (expected a JSON value)");
        }
        read(p, t);
    }

    /**
     * Reads the body from {@code from} on, {@code p} reading {@link Checkpoint#resumeInput}: the stand-in tokens are
     * passed over and the state saved at the checkpoint taken up instead.
     */
    void resume(JsonParser p, Checkpoint from, int inputLength) throws IOException, PayloadException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        expect(p.nextToken(), JsonToken.FIELD_NAME);
        expect(p.nextToken(), JsonToken.START_ARRAY);
        for (int i = 0; i <= from.index; i++) {
            expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT);
        }
        byteShift = body.length - inputLength;
        lineShift = from.line - 1;
        found.takeUp(from);
        objectTypes[1] = from.rootType;
        depth = 2;
        splitParts.restore(from.parts, body, depth);
        pending.restore(from.pendingCalls);
        last = from;
        lastHits = found.hits.size();
        lastSplits = found.splits.size();
        read(p, p.nextToken());
    }

    private static void expect(JsonToken t, JsonToken expected) {
        if (t != expected) {
            throw new IllegalStateException("resume input gave " + t + " where " + expected + " was written");
        }
    }

    private void read(JsonParser p, JsonToken t) throws IOException, PayloadException {
        while (true) {
            if (t == null) {
                throw new IllegalStateException("parser ended inside a container without reporting it");
            }
            switch (t) {
                case START_OBJECT -> {
                    objectTypes[++depth] = null;
                    byModel[depth] = byModel[depth - 1];
                    pending.opened(depth);
                }
                case START_ARRAY -> {
                    splitParts.arrayStarted(++depth);
                    byModel[depth] = byModel[depth - 1];
                    pending.opened(depth);
                }
                case END_OBJECT -> {
                    if (depth == 1 && restStart >= 0) {
                        restRootLevel = found.rootLevelSince(restHits);
                    }
                    found.objectClosed(depth, objectTypes[depth]);
                    depth--;
                    elementEnded(p);
                }
                case END_ARRAY -> {
                    depth--;
                    if (depth == 1) {
                        pending.clear(); // a conversation's calls and results are in one root array
                    }
                    elementEnded(p);
                    if (depth == 1 && restStart < 0 && prefixes != null && restReached(p)) {
                        return; // the rest of the body is known: nothing more to read
                    }
                }
                case FIELD_NAME -> {
                    String name = p.currentName();
                    leaf(p, name, true);
                    typeValueNext = name.equals("type");
                    roleValueNext = name.equals("role");
                }
                case VALUE_STRING -> {
                    String text = p.getText();
                    List<Finding> inText = leaf(p, text, false);
                    // Only a part of an element of a root member's array can be needed at a checkpoint. Where the
                    // parser's places do not frame the token as expected, none is left after it (-1).
                    int start = -1;
                    int end = -1;
                    if (prefixes != null && (depth == 2 || depth == 3)) {
                        long quote = p.currentTokenLocation().getByteOffset() + byteShift;
                        long after = p.currentLocation().getByteOffset() + byteShift;
                        if (quote >= 0 && after <= body.length && quote < after - 1 && body[(int) quote] == '"'
                                && body[(int) after - 1] == '"') {
                            start = (int) quote + 1;
                            end = (int) after - 1;
                        }
                    }
                    for (Finding f : splitParts.next(p.getParsingContext(), depth, text, start, end)) {
                        split(f, p, text);
                    }
                    if (roleValueNext) {
                        byModel[depth] = text.equals("assistant") || text.equals("model");
                    }
                    if (p.getParsingContext().inObject() && PendingCalls.isIdMember(p.currentName())) {
                        pending.idRead(depth, p.currentName(), text);
                    }
                    if (typeValueNext) {
                        objectTypes[depth] = inText.isEmpty() ? text : labels.redact(text, inText);
                        restTyped |= depth == 1 && restStart >= 0;
                    }
                }
                default -> {
                    // numbers, true, false, null: never scanned, never touched
                }
            }
            if (t != JsonToken.FIELD_NAME) {
                typeValueNext = false;
                roleValueNext = false;
            }
            if (depth == 0) {
                break;
            }
            t = p.nextToken();
        }
        // The parser would happily read a second root value ("[1] [2]"); JSON text is exactly one.
        if (p.nextToken() != null) {
            throw new PayloadException(Reason.INVALID_JSON, "invalid JSON",
                    TextPosition.of(body, p.currentTokenLocation().getByteOffset() + byteShift),
                    "more content after the end of the document (expected end of input)");
        }
    }

    /**
     * Leaves a checkpoint after an element of an array that is a member of the root object, if far enough from the
     * last one. Not once a key held a finding: a checkpoint keeps member names, and those never hold a secret then.
     */
    private void elementEnded(JsonParser p) {
        if (prefixes == null || depth != 2 || !redactedKeys.isEmpty()) {
            return;
        }
        JsonStreamContext array = p.getParsingContext();
        JsonStreamContext root = array.getParent();
        if (!array.inArray() || root == null || !root.inObject()
                || array.getCurrentIndex() >= InspectedPrefixes.MAX_INDEX) {
            return;
        }
        JsonLocation at = p.currentLocation();
        long offset = at.getByteOffset() + byteShift;
        int previous = !keep ? lastSighted : last == null ? 0 : last.offset;
        if (offset - previous < InspectedPrefixes.gap(memory.minGap(), offset) || offset <= 0 || offset > body.length
                || (body[(int) offset - 1] != '}' && body[(int) offset - 1] != ']')) {
            return;
        }
        if (!keep) {
            lastSighted = (int) offset;
            memory.sight(prefixes, lastSighted);
            return;
        }
        SplitParts.Saved parts = splitParts.save(body, depth);
        if (parts == null) {
            return;
        }
        int c = (int) offset;
        last = new Checkpoint(last, c, prefixes.at(c), c / PrefixHash.BLOCK, prefixes.block(c / PrefixHash.BLOCK),
                at.getLineNr() + lineShift, root.getCurrentName(), array.getCurrentIndex(), objectTypes[1],
                found.pendingHits(), found.hitsSince(lastHits), found.typesSince(lastHits),
                found.splitsSince(lastSplits), parts, pending.save());
        made.add(last);
        lastHits = found.hits.size();
        lastSplits = found.splits.size();
    }

    /**
     * At the end of the first array that is a member of the root object: looks up the rest of the body, and takes up
     * what an earlier body with the same rest found there instead of reading it. Only the first such array is a
     * candidate, so a body is hashed at most once more, whatever its shape.
     *
     * @return true when the rest was taken from memory and the document is complete
     */
    private boolean restReached(JsonParser p) {
        JsonLocation at = p.currentLocation();
        int offset = (int) (at.getByteOffset() + byteShift);
        if (!p.getParsingContext().inObject() || offset <= 0 || body[offset - 1] != ']') {
            return false;
        }
        restStart = offset;
        restLine = at.getLineNr() + lineShift;
        restHits = found.hits.size();
        restSplits = found.splits.size();
        if (body.length - offset < memory.minRemainder()) {
            return false;
        }
        restDigest = prefixes.rest(offset);
        Remainder known = memory.remainder(restDigest);
        if (known == null) {
            return false;
        }
        found.takeUp(known, offset, restLine);
        if (known.rootType() != null) {
            objectTypes[1] = known.rootType();
        }
        found.objectClosed(1, objectTypes[1]);
        depth = 0;
        restRemembered = true;
        return true;
    }

    /** True when the rest of the body was taken from memory rather than read. */
    boolean restRemembered() {
        return restRemembered;
    }

    /** Where the rest after the first root array begins, or -1 when the read did not get there. */
    int restStart() {
        return restStart;
    }

    /**
     * What this pass found in the rest of the body after its first root array, with its hash, when it read that rest
     * and the rest was long enough to be looked up; else null. Call after a complete read.
     */
    Map.Entry<PrefixHash.Digest, Remainder> remainder() {
        if (restDigest == null || restRemembered || restRootLevel == null) {
            return null;
        }
        return Map.entry(restDigest, found.remainder(restHits, restSplits, restRootLevel, restStart, restLine,
                restTyped ? objectTypes[1] : null));
    }

    /** The checkpoints this pass left, in order, the first chained onto the one it started at. */
    List<Checkpoint> checkpoints() {
        return made;
    }

    /** Scans one leaf and records a hit; returns the findings as they will be redacted (empty if none). */
    private List<Finding> leaf(JsonParser p, String text, boolean key) throws PayloadException {
        if (text.isEmpty()) {
            return List.of(); // a finding spans at least one character: provably nothing to find
        }
        // Where a long value came from in the body, between its quotes: its bytes key the verdict cache, and only
        // a unicode escape can make a lone surrogate, so a value without one is not read again for that.
        int contentStart = -1;
        int contentEnd = -1;
        if (!key && text.length() >= LeafVerdicts.MIN_CHARS) {
            int quote = openingQuote(p.currentTokenLocation());
            long after = p.currentLocation().getByteOffset() + byteShift;
            // Every decoded unit takes at least one byte: a shorter range cannot be this token's, so it is not used.
            if (after - 1 - (quote + 1) >= text.length() && after <= body.length && body[(int) after - 1] == '"') {
                contentStart = quote + 1;
                contentEnd = (int) after - 1;
            }
        }
        int lone = contentStart >= 0 && !RawStringCursor.hasUnicodeEscape(body, contentStart, contentEnd) ? -1
                : loneSurrogate(text);
        if (lone >= 0) {
            throw loneSurrogate(p, text, lone, key);
        }
        JsonStreamContext ctx = p.getParsingContext();
        // A member's value is judged with its name, so {"db_password": "…"} is found like DB_PASSWORD=… in text.
        String name = key ? null : ctx.inObject() ? pairedName(ctx, text) : listName(ctx);
        List<Finding> scanned = verdicts.scan(name, text, contentStart >= 0 ? body : null, contentStart, contentEnd);
        if (!key && depth >= 2) {
            scanned = afterCommands(ctx, text, scanned);
        }
        if (scanned.isEmpty()) {
            return scanned;
        }
        List<Finding> spans = LeafRewriter.widen(text, scanned);
        JsonLocation at = p.currentTokenLocation();
        int quote = openingQuote(at);
        String pointer = key ? Pointers.ofObject(ctx, redactedKeys) : Pointers.ofValue(ctx, redactedKeys);
        String fieldName = !key && ctx.inObject()
                ? redactedKeys.getOrDefault(ctx.getCurrentName(), ctx.getCurrentName()) : null;
        if (key) {
            if (redactedKeys.isEmpty()) {
                redactedKeys = new HashMap<>();
            }
            redactedKeys.put(text, labels.redact(text, spans));
        }
        found.hit(new LeafHit(at.getLineNr() + lineShift, pointer, fieldName, key,
                LeafRewriter.spots(body, quote + 1, text, spans, redactor)), ctx.inObject(), depth);
        return spans;
    }

    /**
     * For a string in a list that is the value of a member named as an HTTP header is ({@code X-Api-Key},
     * {@code Authorization}): that name. A header map's values are lists (Go's {@code http.Header} as JSON). Other
     * lists keep no name: {@code {"pass": ["test_login", …]}} lists tests, not passwords.
     */
    private static String listName(JsonStreamContext ctx) {
        JsonStreamContext parent = ctx.inArray() ? ctx.getParent() : null;
        String name = parent != null && parent.inObject() ? parent.getCurrentName() : null;
        return name != null && (name.indexOf('-') > 0 && Character.isUpperCase(name.charAt(0))
                || name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("cookie")) ? name : null;
    }

    /** Members that carry a tool call's command, and those that carry a tool's result. */
    private static final Set<String> COMMAND_FIELDS = Set.of("command", "cmd", "script", "arguments");
    private static final Set<String> RESULT_FIELDS = Set.of("content", "text", "output", "result", "stdout");

    /**
     * Notes a tool call whose command prints a secret, and judges its result as its output (paired by the call's id,
     * else the next result): {@code {"command": "op read op://…"}} and then
     * {@code {"type": "tool_result", "content": "…"}}; the same for a command the user typed in Claude Code's bash
     * mode ({@code <bash-input>…</bash-input>}) and the text after it.
     */
    private List<Finding> afterCommands(JsonStreamContext ctx, String text, List<Finding> scanned) {
        String member = ctx.inObject() ? ctx.getCurrentName()
                : ctx.inArray() && ctx.getParent() != null ? ctx.getParent().getCurrentName() : null;
        if (member == null) {
            return scanned;
        }
        if (COMMAND_FIELDS.contains(member)) {
            if (pending.size() < PendingCalls.MAX && detector.printsSecret(text)) {
                pending.command(depth);
            }
        } else if (ctx.inObject() && RESULT_FIELDS.contains(member) && detector.typesSecretCommand(text)) {
            // Claude Code's bash mode: the user's command in a text of its own, its output in the next one (in the
            // same text, the detector reads both).
            if (!text.contains("<bash-stdout>")) {
                pending.typed();
            }
        } else if (pending.awaited() && ctx.inObject() && RESULT_FIELDS.contains(member) && !byModel[depth]
                && pending.result(depth)) {
            if (scanned.isEmpty()) {
                return detector.commandOutput(text);
            }
        }
        return scanned;
    }

    /**
     * The name a member's value is judged with: its own, or for the {@code value} of an object that named it in an
     * earlier {@code name}, {@code key} or {@code label} member ({@code {"name": "DB_PASSWORD", "value": "…"}}, a
     * container's environment, AWS's tags, CloudFormation's parameters, a password manager's fields), that name;
     * for the {@code value} of an object that is itself a named member's value
     * ({@code {"db_password": {"sensitive": true, "value": "…"}}}, Terraform's outputs), that member's name. The
     * object's context holds a paired name meanwhile.
     */
    private static String pairedName(JsonStreamContext ctx, String text) {
        String member = ctx.getCurrentName();
        if (member == null) {
            return null;
        }
        if (PAIR_NAMES.contains(member)) {
            ctx.setCurrentValue(text.length() <= MAX_PAIRED_NAME ? text : null);
        } else if (PAIR_VALUES.contains(member)) {
            if (ctx.getCurrentValue() instanceof String paired) {
                return paired;
            }
            JsonStreamContext parent = ctx.getParent();
            if (parent != null && parent.inObject() && parent.getCurrentName() != null) {
                return parent.getCurrentName();
            }
        }
        return member;
    }

    private static final Set<String> PAIR_NAMES =
            Set.of("name", "Name", "key", "Key", "label", "ParameterKey");
    private static final Set<String> PAIR_VALUES =
            Set.of("value", "Value", "ParameterValue");
    private static final int MAX_PAIRED_NAME = 256;

    /** A credential that starts in the previous sibling part and ends in the current leaf: never redactable. */
    private void split(Finding f, JsonParser p, String text) {
        found.split(new JsonFinding(f.ruleId(), f.confidence(), Pointers.ofValue(p.getParsingContext(), redactedKeys),
                false, f.start(), f.end(), p.currentTokenLocation().getLineNr() + lineShift, 1,
                redactor.fingerprint(text.substring(f.start(), f.end())), true, true));
    }

    /** The body offset of a string token's opening quote, from the parser's location of it. */
    private int openingQuote(JsonLocation at) {
        long offset = at.getByteOffset() + byteShift;
        if (offset < 0 || offset >= body.length || body[(int) offset] != '"') {
            throw new IllegalStateException("parser reported a string token at byte " + offset
                    + " that does not start with a quote");
        }
        return (int) offset;
    }

    /** Every finding, and the body with each one outside a protected leaf replaced by its placeholder. */
    RedactionResult result() {
        return LeafRewriter.rewrite(body, found.hits, found.parentTypes, found.splits, protectedLeaves, redactFinding,
                redactor);
    }

    /** Index of the first surrogate that is not half of a high-low pair, or -1. */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Valid UTF-8 cannot encode a surrogate, so a lone one always comes from a <code>&#92;u</code> escape. */
    private PayloadException loneSurrogate(JsonParser p, String text, int index, boolean key) {
        int quote = openingQuote(p.currentTokenLocation());
        int offset = new RawStringCursor(body, quote + 1).rawOffset(index);
        char c = text.charAt(index);
        String problem = Character.isHighSurrogate(c)
                ? "is not followed by a low surrogate (expected \\uDC00-\\uDFFF next)"
                : "is not preceded by a high surrogate (expected \\uD800-\\uDBFF before it)";
        return new PayloadException(Reason.LONE_SURROGATE, "lone surrogate", TextPosition.of(body, offset),
                String.format("\\u%04X in %s %s; JSON text must be valid Unicode", (int) c,
                        key ? "an object key" : "a string", problem));
    }
}
