package dev.airlock.proxy.inspect;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.payload.JsonFinding;
import dev.airlock.proxy.payload.JsonRedaction;
import dev.airlock.proxy.payload.PayloadException;
import dev.airlock.proxy.payload.RedactionResult;
import dev.airlock.proxy.payload.Spliced;
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

    /**
     * @param body      what to forward, in pieces ({@link Spliced#isUnchanged} for the body as received)
     * @param unscanned why part of the body went unscanned (a binary upload part), or null
     */
    record Result(Spliced body, List<Hit> hits, int redactions, long scannedChars, Unscanned unscanned) {

        Result(Spliced body, List<Hit> hits, int redactions, long scannedChars) {
            this(body, hits, redactions, scannedChars, null);
        }
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

    /**
     * @param partition the client's credentials: what a JSON body has in common with bodies of other clients is read
     *                  again in full (see {@link JsonRedaction#redactFindings(byte[], java.util.function.BiPredicate,
     *                  String)})
     */
    Result scan(BodyFormat format, String contentType, byte[] body, boolean signed, String partition)
            throws MalformedBodyException {
        return switch (format) {
            case JSON -> json(body, signed, "", partition);
            case NDJSON -> ndjson(body, signed, "", partition);
            case TEXT -> text(body, signed, "the body");
            case MULTIPART -> multipart(body, contentType, signed, partition);
            case UNSCANNABLE -> throw new IllegalArgumentException("an unscannable body reached the scanner");
        };
    }

    /**
     * Each part scanned in its own format (a part declared binary but reading as UTF-8 text, as SDKs label
     * {@code .jsonl} or source files, is scanned as text); rewritten parts are spliced back in place. A truly
     * binary part leaves the body partly unscanned, which the policy for unscannable bodies then decides.
     */
    private Result multipart(byte[] body, String contentType, boolean signed, String partition)
            throws MalformedBodyException {
        String boundary = contentType == null ? null : MultipartBody.boundary(contentType);
        if (boundary == null) {
            throw new MalformedBodyException("the multipart body has no usable boundary parameter (expected: "
                    + "Content-Type: multipart/form-data; boundary=..., 1 to 70 characters)");
        }
        List<Hit> hits = new ArrayList<>();
        int redactions = 0;
        long chars = 0;
        Unscanned unscanned = null;
        ByteArrayOutputStream out = null;
        int copied = 0;
        int framingStart = 0;
        boolean framingChanged = false;
        List<MultipartBody.Part> parts = MultipartBody.parse(body, boundary);
        for (MultipartBody.Part part : parts) {
            // The bytes before the part's content: the preamble or the previous delimiter, then the part's headers
            // (its field name, file name, …). They go upstream too, so they are scanned as text.
            Result framing = framing(body, framingStart, part.start(), signed, part.index() == 0
                    ? "the multipart preamble and part 1's headers" : "multipart part " + (part.index() + 1)
                    + "'s headers");
            hits.addAll(framing.hits());
            redactions += framing.redactions();
            chars += framing.scannedChars();
            if (framing.redactions() > 0) {
                out = out == null ? new ByteArrayOutputStream(body.length + 64) : out;
                out.write(body, copied, framingStart - copied);
                framing.body().forEach(out::write);
                copied = part.start();
                framingChanged = true;
            }
            framingStart = part.end();
            byte[] content = Arrays.copyOfRange(body, part.start(), part.end());
            BodyFormat format = BodyFormat.of(part.contentType() == null ? "text/plain" : part.contentType(), content);
            if (format == BodyFormat.MULTIPART || (format == BodyFormat.UNSCANNABLE && !readsAsText(content))) {
                unscanned = Unscanned.CONTENT_TYPE;
                continue;
            }
            String where = "multipart part " + (part.index() + 1) + label(part.name());
            Result r = switch (format) {
                case JSON -> json(content, signed, where + ": ", partition);
                case NDJSON -> ndjson(content, signed, where + ", ", partition);
                default -> text(content, signed, where);
            };
            hits.addAll(r.hits());
            redactions += r.redactions();
            chars += r.scannedChars();
            if (!r.body().isUnchanged(content)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(body.length + 64);
                }
                out.write(body, copied, part.start() - copied);
                r.body().forEach(out::write);
                copied = part.end();
            }
        }
        Result epilogue = framing(body, framingStart, body.length, signed, "the multipart epilogue");
        hits.addAll(epilogue.hits());
        redactions += epilogue.redactions();
        chars += epilogue.scannedChars();
        if (epilogue.redactions() > 0) {
            out = out == null ? new ByteArrayOutputStream(body.length + 64) : out;
            out.write(body, copied, framingStart - copied);
            epilogue.body().forEach(out::write);
            copied = body.length;
            framingChanged = true;
        }
        if (out != null) {
            out.write(body, copied, body.length - copied);
        }
        byte[] forwarded = out == null ? body : out.toByteArray();
        if (framingChanged && MultipartBody.parse(forwarded, boundary).size() != parts.size()) {
            // A credential that was part of a delimiter line: redacting it would change the upload's structure.
            throw new MalformedBodyException("a credential in the multipart framing overlaps a boundary delimiter and "
                    + "cannot be redacted (expected: a boundary that is no credential)");
        }
        return new Result(Spliced.of(forwarded), hits, redactions, chars, unscanned);
    }

    /**
     * The multipart bytes {@code body[from, to)} outside any part's content, as text: UTF-8 when they are, else
     * ISO-8859-1, which maps every byte (headers of old clients), so nothing is left unread.
     */
    private Result framing(byte[] body, int from, int to, boolean signed, String where) {
        byte[] bytes = Arrays.copyOfRange(body, from, to);
        String text = utf8(bytes);
        return text != null ? scanned(bytes, text, StandardCharsets.UTF_8, signed, where)
                : scanned(bytes, new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1, signed,
                        where);
    }

    /** A part name is echoed only when it reads like a form field name (it is client input). */
    private static String label(String name) {
        return name != null && name.length() <= 32 && name.chars().allMatch(c -> c == '_' || c == '-'
                || (c < 128 && Character.isLetter(c))) ? " (\"" + name + "\")" : "";
    }

    /** Valid UTF-8 without control characters other than tab, line breaks and form feed. */
    private static boolean readsAsText(byte[] content) {
        for (byte b : content) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private Result json(byte[] body, boolean signed, String linePrefix, String partition)
            throws MalformedBodyException {
        RedactionResult r;
        try {
            r = json.redactFindings(body, (rule, fingerprint) -> !signed && policy.redacts(rule, fingerprint),
                    partition);
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
            hits.add(policy.hit(f.ruleId(), where, f.pointer(), f.length(), f.fingerprint(), unredactable));
            if (!unredactable && policy.redacts(f.ruleId(), f.fingerprint())) {
                redactions++;
            }
        }
        // The characters scanned are those of the decoded leaves; the body length is the honest upper bound.
        return new Result(r.forward(), hits, redactions, body.length);
    }

    private Result ndjson(byte[] body, boolean signed, String prefix, String partition)
            throws MalformedBodyException {
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
                Result r = json(doc, signed, prefix + "NDJSON line " + line + ": ", partition);
                hits.addAll(r.hits());
                redactions += r.redactions();
                if (!r.body().isUnchanged(doc) && out == null) {
                    out = new ByteArrayOutputStream(body.length + 64);
                    out.write(body, 0, start);
                }
                if (out != null) {
                    r.body().forEach(out::write);
                    out.write(body, contentEnd, (end < 0 ? body.length : end + 1) - contentEnd);
                }
            } else if (out != null) {
                out.write(body, start, (end < 0 ? body.length : end + 1) - start);
            }
            start = end < 0 ? body.length : end + 1;
            line++;
        }
        return new Result(Spliced.of(out == null ? body : out.toByteArray()), hits, redactions, body.length);
    }

    private Result text(byte[] body, boolean signed, String where) throws MalformedBodyException {
        String text = utf8(body);
        if (text == null) {
            throw new MalformedBodyException(where + " is text but not valid UTF-8 (expected: UTF-8 text)");
        }
        return scanned(body, text, StandardCharsets.UTF_8, signed, where);
    }

    /** {@code bytes} as strict UTF-8, or null when they are not. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@code text} (decoded from {@code bytes} in {@code charset}) scanned, and redacted back into that charset. */
    private Result scanned(byte[] bytes, String text, java.nio.charset.Charset charset, boolean signed, String where) {
        List<Finding> found = detector.scan(text);
        List<Hit> hits = new ArrayList<>(found.size());
        List<Finding> rewrite = policy.judge(found, text, f -> where + ", line " + lineOf(text, f.start()), signed, hits);
        byte[] out = rewrite.isEmpty() ? bytes : redactor.redact(text, rewrite).getBytes(charset);
        return new Result(Spliced.of(out), hits, rewrite.size(), text.length());
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
