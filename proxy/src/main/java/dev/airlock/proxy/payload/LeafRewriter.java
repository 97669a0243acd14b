package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Turns the findings of a pass into its report and the rewritten body, each leaf's findings into splices.
 *
 * <p>Only the bytes a finding came from are replaced: decoded offsets are mapped back to raw offsets inside the
 * token ({@link RawStringCursor}), so the unchanged parts of a changed leaf keep their original escapes
 * ({@code \n}, <code>&#92;u0041</code>, {@code \/} stay as they were) and nothing is re-escaped. A secret written
 * with escapes is replaced together with its escapes. The placeholder is plain ASCII, written through a minimal
 * escaper all the same so that the output stays valid JSON whatever a redactor returns.
 */
final class LeafRewriter {

    private LeafRewriter() {
    }

    /**
     * The detector's findings widened so none starts or ends between the two halves of a surrogate pair: a
     * 4-byte UTF-8 character cannot be cut, and cutting a <code>&#92;uD83D&#92;uDE00</code> pair would leave a lone
     * surrogate in the output. Widening may make neighbours touch or overlap; overlapping ones are merged.
     */
    static List<Finding> widen(String text, List<Finding> found) {
        List<Finding> out = new ArrayList<>(found.size());
        for (Finding f : found) {
            int s = f.start();
            int e = f.end();
            if (s > 0 && Character.isLowSurrogate(text.charAt(s)) && Character.isHighSurrogate(text.charAt(s - 1))) {
                s--;
            }
            if (e < text.length() && Character.isLowSurrogate(text.charAt(e))
                    && Character.isHighSurrogate(text.charAt(e - 1))) {
                e++;
            }
            Finding last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s < last.end()) {
                out.set(out.size() - 1, new Finding(last.ruleId(), last.start(), Math.max(e, last.end()),
                        last.confidence()));
            } else {
                out.add(s == f.start() && e == f.end() ? f : new Finding(f.ruleId(), s, e, f.confidence()));
            }
        }
        return out;
    }

    /**
     * Every finding, and the body with each one outside a protected leaf that {@code redactFinding} accepts replaced
     * by its placeholder.
     *
     * @param parentTypes parallel to {@code hits}: the type of each one's enclosing object
     * @param splits      findings split across two parts, reported after the others
     */
    static RedactionResult rewrite(byte[] body, List<LeafHit> hits, List<String> parentTypes,
                                   List<JsonFinding> splits, ProtectedLeaves protectedLeaves,
                                   BiPredicate<String, String> redactFinding, Redactor redactor) {
        if (hits.isEmpty()) {
            return new RedactionResult(Spliced.of(body), false, splits);
        }
        List<JsonFinding> report = new ArrayList<>();
        List<Splice> splices = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            LeafHit h = hits.get(i);
            boolean keep = protectedLeaves.isProtected(
                    new LeafLocation(h.pointer(), h.fieldName(), h.key(), parentTypes.get(i)));
            List<LeafHit.Spot> rewrite = new ArrayList<>(h.spots().size());
            for (LeafHit.Spot spot : h.spots()) {
                Finding f = spot.finding();
                if (!splits.isEmpty() && supersededBySplit(h, f, splits)) {
                    continue;
                }
                report.add(new JsonFinding(f.ruleId(), f.confidence(), h.pointer(), h.key(), f.start(), f.end(),
                        h.line(), spot.textLine(), spot.fingerprint(), keep, false));
                if (redactFinding.test(f.ruleId(), spot.fingerprint())) {
                    rewrite.add(spot);
                }
            }
            if (!keep && !rewrite.isEmpty()) {
                splices(body, rewrite.size() == h.spots().size() ? h : h.withSpots(rewrite), redactor, splices);
            }
        }
        report.addAll(splits);
        return new RedactionResult(Spliced.of(body, splices), !splices.isEmpty(), report);
    }

    /**
     * A leaf's own finding that lies inside a credential split across it and its sibling, found with more confidence:
     * the same value reported once, as the split ({@code "…ghp_AbC"} + {@code "dEf…"}: the second part alone also reads
     * as a random token).
     */
    private static boolean supersededBySplit(LeafHit h, Finding f, List<JsonFinding> splits) {
        for (JsonFinding split : splits) {
            if (!h.key() && split.pointer().equals(h.pointer()) && split.start() <= f.start() && f.end() <= split.end()
                    && split.confidence().compareTo(f.confidence()) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The spots of {@code findings} in the leaf whose content starts at {@code contentStart}: only the bytes a
     * finding came from are replaced later, escapes included.
     */
    static List<LeafHit.Spot> spots(byte[] body, int contentStart, String text, List<Finding> findings,
                                    Redactor redactor) {
        RawStringCursor cursor = new RawStringCursor(body, contentStart);
        List<LeafHit.Spot> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            int start = cursor.rawOffset(f.start());
            int line = cursor.line();
            int end = cursor.rawOffset(f.end());
            String value = text.substring(f.start(), f.end());
            // Guard against the cursor and the parser ever disagreeing about the token: rewriting with wrong offsets
            // would corrupt the body, so fail loudly instead. The bytes to be replaced are checked, not the rest of
            // the token: walking on to its closing quote cost a long leaf with a credential near its start most of
            // the walk.
            if (!RawStringCursor.decode(body, start, end).equals(value)) {
                throw new IllegalStateException("string token at byte " + (contentStart - 1) + ": the bytes at "
                        + start + ".." + end + " do not decode to the finding at " + f.start() + ".." + f.end());
            }
            out.add(new LeafHit.Spot(f, line, redactor.fingerprint(value), start, end));
        }
        return out;
    }

    /**
     * Adds one splice per spot of {@code hit}, in order. Each value is read again from the body's bytes, so the hit
     * itself need not hold it.
     */
    static void splices(byte[] body, LeafHit hit, Redactor redactor, List<Splice> out) {
        for (LeafHit.Spot spot : hit.spots()) {
            String value = RawStringCursor.decode(body, spot.rawStart(), spot.rawEnd());
            String placeholder = redactor.placeholder(spot.finding().ruleId(), value);
            out.add(new Splice(spot.rawStart(), spot.rawEnd(), jsonStringBytes(placeholder)));
        }
    }

    /** The UTF-8 bytes of {@code s} as JSON string content (no quotes), escaped by Jackson as its writers do. */
    static byte[] jsonStringBytes(String s) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(s);
    }
}
