package dev.airlock.proxy.payload;

import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the findings in one string leaf into splices of the body.
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

    /** Adds one splice per finding of {@code hit}, in order. */
    static void splices(byte[] body, LeafHit hit, Redactor redactor, List<Splice> out) {
        RawStringCursor cursor = new RawStringCursor(body, hit.contentStart());
        for (Finding f : hit.findings()) {
            int start = cursor.rawOffset(f.start());
            int end = cursor.rawOffset(f.end());
            String placeholder = redactor.placeholder(f.ruleId(), hit.text().substring(f.start(), f.end()));
            out.add(new Splice(start, end, jsonStringBytes(placeholder)));
        }
        // Guard against the cursor and the parser ever disagreeing about the token: rewriting with wrong offsets
        // would corrupt the body, so fail loudly instead.
        cursor.rawOffset(hit.text().length());
        if (!cursor.atClosingQuote()) {
            throw new IllegalStateException("string token at byte " + (hit.contentStart() - 1)
                    + " does not end where its decoded text does");
        }
    }

    /** The UTF-8 bytes of {@code s} as JSON string content, escaping only what JSON requires. */
    static byte[] jsonStringBytes(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return (sb == null ? s : sb.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
