package dev.airlock.proxy.inspect;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.payload.JsonFinding;
import dev.airlock.proxy.payload.JsonRedaction;
import dev.airlock.proxy.payload.PayloadException;
import dev.airlock.proxy.payload.RedactionResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scans a decoded body in the form its content type gives it: every string leaf of a JSON document (or of each
 * NDJSON line), or the whole text. Findings of rules the policy redacts are rewritten unless the body is signed.
 */
final class BodyScanner {

    record Result(byte[] body, List<Hit> hits, int redactions, long scannedChars) {
    }

    /** The body is not what its content type says; the message names what and where, never its content. */
    static final class MalformedBodyException extends Exception {
        MalformedBodyException(String message) {
            super(message, null, false, false);
        }
    }

    private final Detector detector;
    private final Redactor redactor;
    private final Policy policy;
    private final JsonRedaction json;

    BodyScanner(Detector detector, Redactor redactor, Policy policy, JsonRedaction json) {
        this.detector = detector;
        this.redactor = redactor;
        this.policy = policy;
        this.json = json;
    }

    Result scan(BodyFormat format, byte[] body, boolean signed) throws MalformedBodyException {
        return switch (format) {
            case JSON -> json(body, signed, "");
            case NDJSON -> ndjson(body, signed);
            case TEXT -> text(body, signed);
            case UNSCANNABLE -> throw new IllegalArgumentException("an unscannable body reached the scanner");
        };
    }

    private Result json(byte[] body, boolean signed, String linePrefix) throws MalformedBodyException {
        RedactionResult r;
        try {
            r = json.redact(body, rule -> !signed && policy.redacts(rule));
        } catch (PayloadException e) {
            throw new MalformedBodyException(linePrefix + "the JSON body cannot be read: " + e.getMessage());
        }
        List<Hit> hits = new ArrayList<>(r.findings().size());
        int redactions = 0;
        for (JsonFinding f : r.findings()) {
            boolean unredactable = signed || f.unredactable();
            String where = linePrefix + Locations.ofPointer(f.pointer()) + (f.inKey() ? " (an object key)" : "")
                    + (f.split() ? " (split across it and the part before)" : "")
                    + (f.textLine() > 1 ? ", line " + f.textLine() : "");
            Hit hit = new Hit(f.ruleId(), where, f.length(), unredactable, policy.actionFor(f.ruleId(), unredactable));
            hits.add(hit);
            if (!unredactable && policy.redacts(f.ruleId())) {
                redactions++;
            }
        }
        // The characters scanned are those of the decoded leaves; the body length is the honest upper bound.
        return new Result(r.body(), hits, redactions, body.length);
    }

    private Result ndjson(byte[] body, boolean signed) throws MalformedBodyException {
        ByteArrayOutputStream out = null;
        List<Hit> hits = new ArrayList<>();
        int redactions = 0;
        int start = 0;
        int line = 1;
        while (start < body.length) {
            int end = indexOf(body, (byte) '\n', start);
            int stop = end < 0 ? body.length : end;
            int contentEnd = stop > start && body[stop - 1] == '\r' ? stop - 1 : stop;
            if (!isBlank(body, start, contentEnd)) {
                byte[] doc = Arrays.copyOfRange(body, start, contentEnd);
                Result r = json(doc, signed, "NDJSON line " + line + ": ");
                hits.addAll(r.hits());
                redactions += r.redactions();
                if (r.body() != doc && out == null) {
                    out = new ByteArrayOutputStream(body.length + 64);
                    out.write(body, 0, start);
                }
                if (out != null) {
                    out.writeBytes(r.body());
                    out.write(body, contentEnd, (end < 0 ? body.length : end + 1) - contentEnd);
                }
            } else if (out != null) {
                out.write(body, start, (end < 0 ? body.length : end + 1) - start);
            }
            start = end < 0 ? body.length : end + 1;
            line++;
        }
        return new Result(out == null ? body : out.toByteArray(), hits, redactions, body.length);
    }

    private Result text(byte[] body, boolean signed) throws MalformedBodyException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException("the text body is not valid UTF-8 (expected: UTF-8 text)");
        }
        List<Finding> found = detector.scan(text);
        List<Hit> hits = new ArrayList<>(found.size());
        List<Finding> rewrite = new ArrayList<>();
        for (Finding f : found) {
            hits.add(new Hit(f.ruleId(), "the body, line " + lineOf(text, f.start()), f.length(), signed,
                    policy.actionFor(f.ruleId(), signed)));
            if (!signed && policy.redacts(f.ruleId())) {
                rewrite.add(f);
            }
        }
        byte[] out = rewrite.isEmpty() ? body : redactor.redact(text, rewrite).getBytes(StandardCharsets.UTF_8);
        return new Result(out, hits, rewrite.size(), text.length());
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != ' ' && a[i] != '\t' && a[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
