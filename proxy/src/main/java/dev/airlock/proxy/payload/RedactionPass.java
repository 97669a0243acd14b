package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.payload.PayloadException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * One redaction of one body: a single pass of the streaming parser that scans every decoded string leaf, keys
 * included, then the splices that rewrite the leaves holding findings. Single-use, confined to one thread.
 *
 * <p>Nothing is allocated per token beyond the string the parser hands out and the detector needs anyway (names
 * come from the parser's symbol table); pointers, offsets and placeholders are worked out only for leaves with a
 * finding. Whether such a leaf may be modified can depend on the {@code "type"} member of its object, which may
 * come after it, so the decision waits until the object closes; splicing waits until the whole document has been
 * read, so invalid input never yields a partial rewrite.
 */
final class RedactionPass {

    private record Pending(int hit, int depth) {
    }

    private final byte[] body;
    private final Redactor redactor;
    private final ProtectedLeaves protectedLeaves;
    /** Rule id and keyed fingerprint of a finding: true when it is to be replaced. */
    private final BiPredicate<String, String> redactFinding;
    /** The {@code "type"} string of the object open at each depth (1-based); bounded by the nesting limit. */
    private final String[] objectTypes;
    private final List<LeafHit> hits = new ArrayList<>();
    /** Parallel to {@link #hits}: the enclosing object's type, known once that object has closed. */
    private final List<String> parentTypes = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private Map<String, String> redactedKeys = Map.of();
    private final SplitParts splitParts;
    private final LeafVerdicts verdicts;
    private final List<JsonFinding> splits = new ArrayList<>();
    private int depth;
    private boolean typeValueNext;

    RedactionPass(byte[] body, Detector detector, LeafVerdicts verdicts, Redactor redactor,
                  ProtectedLeaves protectedLeaves, BiPredicate<String, String> redactFinding, int maxDepth) {
        this.body = body;
        this.verdicts = verdicts;
        this.redactFinding = redactFinding;
        this.redactor = redactor;
        this.protectedLeaves = protectedLeaves;
        this.objectTypes = new String[maxDepth + 1];
        this.splitParts = new SplitParts(detector, maxDepth);
    }

    /** Reads the whole document; the parser reports syntax errors and limit violations as it goes. */
    void walk(JsonParser p) throws IOException, PayloadException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new PayloadException(Reason.INVALID_JSON, "invalid JSON", TextPosition.of(body, body.length),
                    "empty document (expected a JSON value)");
        }
        while (true) {
            switch (t) {
                case START_OBJECT -> objectTypes[++depth] = null;
                case START_ARRAY -> splitParts.arrayStarted(++depth);
                case END_OBJECT -> {
                    closeObject();
                    depth--;
                }
                case END_ARRAY -> depth--;
                case FIELD_NAME -> {
                    String name = p.currentName();
                    leaf(p, name, true);
                    typeValueNext = name.equals("type");
                }
                case VALUE_STRING -> {
                    String text = p.getText();
                    List<Finding> found = leaf(p, text, false);
                    for (Finding f : splitParts.next(p.getParsingContext(), depth, text)) {
                        split(f, p, text);
                    }
                    if (typeValueNext) {
                        objectTypes[depth] = found.isEmpty() ? text : redactor.redact(text, found);
                    }
                }
                default -> {
                    // numbers, true, false, null: never scanned, never touched
                }
            }
            if (t != JsonToken.FIELD_NAME) {
                typeValueNext = false;
            }
            if (depth == 0) {
                break;
            }
            t = p.nextToken();
            if (t == null) {
                throw new IllegalStateException("parser ended inside a container without reporting it");
            }
        }
        // The parser would happily read a second root value ("[1] [2]"); JSON text is exactly one.
        if (p.nextToken() != null) {
            throw new PayloadException(Reason.INVALID_JSON, "invalid JSON",
                    TextPosition.of(body, p.currentTokenLocation().getByteOffset()),
                    "more content after the end of the document (expected end of input)");
        }
    }

    /** Scans one leaf and records a hit; returns the findings as they will be redacted (empty if none). */
    private List<Finding> leaf(JsonParser p, String text, boolean key) throws PayloadException {
        if (text.isEmpty()) {
            return List.of(); // a finding spans at least one character: provably nothing to find
        }
        int lone = loneSurrogate(text);
        if (lone >= 0) {
            throw loneSurrogate(p, text, lone, key);
        }
        JsonStreamContext ctx = p.getParsingContext();
        // A member's value is judged with its name, so {"db_password": "…"} is found like DB_PASSWORD=… in text.
        List<Finding> found = verdicts.scan(!key && ctx.inObject() ? ctx.getCurrentName() : null, text);
        if (found.isEmpty()) {
            return found;
        }
        List<Finding> spans = LeafRewriter.widen(text, found);
        JsonLocation at = p.currentTokenLocation();
        int quote = openingQuote(at);
        String pointer = key ? Pointers.ofObject(ctx, redactedKeys) : Pointers.ofValue(ctx, redactedKeys);
        String fieldName = !key && ctx.inObject()
                ? redactedKeys.getOrDefault(ctx.getCurrentName(), ctx.getCurrentName()) : null;
        if (key) {
            if (redactedKeys.isEmpty()) {
                redactedKeys = new HashMap<>();
            }
            redactedKeys.put(text, redactor.redact(text, spans));
        }
        hits.add(new LeafHit(text, quote + 1, at.getLineNr(), pointer, fieldName, key, spans));
        parentTypes.add(null);
        if (ctx.inObject()) {
            pending.add(new Pending(hits.size() - 1, depth));
        }
        return spans;
    }

    /** A credential that starts in the previous sibling part and ends in the current leaf: never redactable. */
    private void split(Finding f, JsonParser p, String text) {
        splits.add(new JsonFinding(f.ruleId(), f.confidence(), Pointers.ofValue(p.getParsingContext(), redactedKeys),
                false, f.start(), f.end(), p.currentTokenLocation().getLineNr(), 1,
                redactor.fingerprint(text.substring(f.start(), f.end())), true, true));
    }

    private int openingQuote(JsonLocation at) {
        long offset = at.getByteOffset();
        if (offset < 0 || offset >= body.length || body[(int) offset] != '"') {
            throw new IllegalStateException("parser reported a string token at byte " + offset
                    + " that does not start with a quote");
        }
        return (int) offset;
    }

    private void closeObject() {
        if (pending.isEmpty()) {
            return; // the usual case: no iterator per object
        }
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.depth() == depth) {
                parentTypes.set(p.hit(), objectTypes[depth]);
                it.remove();
            }
        }
    }

    /** Every finding, and the body with each one outside a protected leaf replaced by its placeholder. */
    RedactionResult result() {
        if (hits.isEmpty()) {
            return new RedactionResult(body, false, splits);
        }
        List<JsonFinding> report = new ArrayList<>();
        List<Splice> splices = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            LeafHit h = hits.get(i);
            boolean keep = protectedLeaves.isProtected(
                    new LeafLocation(h.pointer(), h.fieldName(), h.key(), parentTypes.get(i)));
            List<Finding> rewrite = new ArrayList<>(h.findings().size());
            for (Finding f : h.findings()) {
                String fingerprint = redactor.fingerprint(h.text().substring(f.start(), f.end()));
                report.add(new JsonFinding(f.ruleId(), f.confidence(), h.pointer(), h.key(), f.start(), f.end(),
                        h.line(), lineOf(h.text(), f.start()), fingerprint, keep, false));
                if (redactFinding.test(f.ruleId(), fingerprint)) {
                    rewrite.add(f);
                }
            }
            if (!keep && !rewrite.isEmpty()) {
                LeafRewriter.splices(body, rewrite.size() == h.findings().size() ? h : h.withFindings(rewrite),
                        redactor, splices);
            }
        }
        report.addAll(splits);
        byte[] out = splices.isEmpty() ? body : Splice.apply(body, splices);
        return new RedactionResult(out, out != body, report);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
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
