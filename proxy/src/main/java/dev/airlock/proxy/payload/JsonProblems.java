package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.airlock.proxy.payload.PayloadException.Reason;
import java.util.regex.Pattern;

/** Turns the parser's exceptions into {@link PayloadException}s whose messages are safe and readable. */
final class JsonProblems {

    /** The parser quotes a whole unrecognised token, which may be the very secret someone forgot to quote. */
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");
    /** Hints that name parser settings mean nothing to a client; say what JSON allows instead. */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]*`");
    private static final Pattern ENABLE_FEATURE = Pattern.compile(": enable `[^`]*` to allow");
    private static final Pattern FEATURE_OFF = Pattern.compile(
            "\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)");

    private JsonProblems() {
    }

    static PayloadException from(JsonProcessingException e, JsonParser parser, byte[] body) {
        String detail = clean(e.getOriginalMessage());
        // Limit violations carry no location. The current token is the culprit for a bracket one level too deep
        // or a string value too long; a key too long is caught before it becomes the current token, so there
        // the parser's position (inside or just past the key) is the best there is.
        JsonLocation loc = e.getLocation() != null ? e.getLocation()
                : detail.startsWith("Name") ? parser.currentLocation() : parser.currentTokenLocation();
        long offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : parser.currentLocation().getByteOffset();
        Reason reason = Reason.INVALID_JSON;
        String what = "invalid JSON";
        if (detail.contains("surrogate")) {
            // The parser checks surrogates in keys itself (values are checked by RedactionPass).
            reason = Reason.LONE_SURROGATE;
            what = "lone surrogate";
        } else if (e instanceof StreamConstraintsException) {
            if (detail.startsWith("Document nesting depth")) {
                reason = Reason.TOO_DEEP;
                what = "JSON nested too deeply";
            } else {
                reason = Reason.TOO_LONG;
                what = detail.startsWith("Number") ? "number too long"
                        : detail.startsWith("Name") ? "object key too long"
                        : detail.startsWith("String") ? "string too long" : "limit exceeded";
            }
        }
        return new PayloadException(reason, what, TextPosition.of(body, offset), detail);
    }

    static String clean(String message) {
        String m = message == null ? "malformed document" : message;
        m = TOKEN.matcher(m).replaceAll("Unrecognized token");
        m = SOURCE.matcher(m).replaceAll("line $1, column $2");
        m = LIMIT_SOURCE.matcher(m).replaceAll("");
        m = ENABLE_FEATURE.matcher(m).replaceAll(" (not allowed in JSON)");
        return FEATURE_OFF.matcher(m).replaceAll("(comments are not allowed in JSON)");
    }
}
