package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Redacts credentials in a JSON body while keeping every byte that holds none.
 *
 * <p>Every string leaf, object keys and each value of a duplicate key included, is scanned in its decoded form
 * (escapes undone), so <code>&#92;u0073&#92;u006b-…</code> or a secret right after {@code \n} is found. Only the
 * bytes of a finding are replaced; whitespace, number formatting, key order and the escapes around a finding stay
 * as they were. Placeholders never match a rule, so redacting the output again changes nothing. Input that is not
 * strict JSON in UTF-8, holds lone surrogates or exceeds the {@link JsonLimits} is rejected whole with a
 * {@link PayloadException}.
 *
 * <p>Two memories make the conversation a coding agent resends every turn cost about its new bytes: the
 * {@link InspectedPrefixes} (the body is read from the end of its longest beginning already inspected, proved the
 * same by a keyed hash of every byte of it) and the {@link LeafVerdicts} (large leaves read again are not scanned
 * again). Either way the outcome is exactly that of reading the whole body: the same output bytes, findings,
 * locations and errors.
 *
 * <p>Thread-safe: build one and share it.
 */
public final class JsonRedaction {

    private final Detector detector;
    private final Redactor redactor;
    private final Redactor labels;
    private final ProtectedLeaves protectedLeaves;
    private final JsonLimits limits;
    private final JsonFactory factory;
    /** Verdicts on large leaves, kept across requests: the history an agent resends is not scanned again. */
    private final LeafVerdicts verdicts;
    /** Checkpoints of bodies read before: the history an agent resends is not read again. Null: none kept. */
    private final InspectedPrefixes prefixes;
    /** Calls the model made in earlier answers whose command prints a secret, per client. */
    private final EarlierCalls earlier = new EarlierCalls();

    /** Default limits; every leaf may be redacted. */
    public JsonRedaction(Detector detector, Redactor redactor) {
        this(detector, redactor, JsonLimits.DEFAULT, ProtectedLeaves.NONE);
    }

    public JsonRedaction(Detector detector, Redactor redactor, JsonLimits limits, ProtectedLeaves protectedLeaves) {
        this(detector, redactor, limits, protectedLeaves, new InspectedPrefixes());
    }

    JsonRedaction(Detector detector, Redactor redactor, JsonLimits limits, ProtectedLeaves protectedLeaves,
                  InspectedPrefixes prefixes) {
        this.prefixes = prefixes;
        this.detector = Objects.requireNonNull(detector, "detector");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.labels = redactor.withListener((placeholder, secret) -> { });
        this.limits = Objects.requireNonNull(limits, "limits");
        this.protectedLeaves = Objects.requireNonNull(protectedLeaves, "protectedLeaves");
        this.verdicts = new LeafVerdicts(detector);
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .build())
                // Keys may be secrets: keep them out of the JVM-wide string pool.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                // Parser messages must never quote the body.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /**
     * Where the response side notes the model's calls whose command prints a secret, so that a later request that
     * carries only such a call's result has it judged as the secret.
     */
    public EarlierCalls earlierCalls() {
        return earlier;
    }

    /**
     * Scans and redacts one JSON document.
     *
     * @return the findings and the body to forward ({@code json} itself when nothing was rewritten)
     * @throws PayloadException if the body is not one strict JSON value in UTF-8, holds a lone surrogate, or
     *                          exceeds the limits; nothing is rewritten then
     */
    public RedactionResult redact(byte[] json) throws PayloadException {
        return redact(json, rule -> true);
    }

    /**
     * Scans one JSON document and redacts the findings of the rules {@code redactRule} accepts; the others are
     * reported and left in place.
     *
     * @throws PayloadException as {@link #redact(byte[])}
     */
    public RedactionResult redact(byte[] json, Predicate<String> redactRule) throws PayloadException {
        Objects.requireNonNull(redactRule, "redactRule");
        return redactFindings(json, (rule, fingerprint) -> redactRule.test(rule));
    }

    /**
     * Scans one JSON document and redacts the findings {@code redactFinding} accepts, given each one's rule id and
     * keyed fingerprint (an allow list accepts findings by fingerprint); the others are reported and left in place.
     *
     * @throws PayloadException as {@link #redact(byte[])}
     */
    public RedactionResult redactFindings(byte[] json, BiPredicate<String, String> redactFinding)
            throws PayloadException {
        return redactFindings(json, redactFinding, "");
    }

    /**
     * As {@link #redactFindings(byte[], BiPredicate)}, for one client: {@code partition} (its credentials) keeps the
     * beginnings of its bodies apart from every other client's, so none can tell from timing what another sent.
     *
     * @throws PayloadException as {@link #redact(byte[])}
     */
    public RedactionResult redactFindings(byte[] json, BiPredicate<String, String> redactFinding, String partition)
            throws PayloadException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(redactFinding, "redactFinding");
        Objects.requireNonNull(partition, "partition");
        if (prefixes == null || !prefixes.worthIt(json)) {
            Utf8Check.requireUtf8Json(json);
            RedactionPass pass = pass(json, redactFinding, null, partition, false);
            read(pass, json);
            return pass.result();
        }
        PrefixHash.Prefixes hashed = prefixes.hash(json, partition);
        Checkpoint from = prefixes.longest(hashed);
        RedactionPass pass = from == null ? null : resumed(json, redactFinding, hashed, from);
        if (pass == null) {
            from = null;
            Utf8Check.requireUtf8Json(json);
            pass = pass(json, redactFinding, hashed, partition, prefixes.recurring(hashed));
            read(pass, json);
        }
        prefixes.remember(from, pass.checkpoints());
        Map.Entry<PrefixHash.Digest, Remainder> rest = pass.remainder();
        if (rest != null) {
            prefixes.rememberRest(rest.getKey(), rest.getValue());
        } else if (pass.restRemembered()) {
            prefixes.restTaken();
        }
        return pass.result();
    }

    /**
     * Reads the body from {@code from} on: its bytes before are those of a body read before, so they are valid UTF-8
     * and JSON read up to there. Null when anything is amiss after all, so the caller reads the body whole and any
     * problem is reported exactly as it would be without the checkpoint.
     */
    private RedactionPass resumed(byte[] json, BiPredicate<String, String> redactFinding, PrefixHash.Prefixes hashed,
                                  Checkpoint from) {
        try {
            byte[] input = from.resumeInput(json);
            RedactionPass pass = pass(json, redactFinding, hashed, hashed.partition(), true);
            JsonParser parser = parser(input);
            try {
                pass.resume(parser, from, input.length);
            } finally {
                closeQuietly(parser);
            }
            // Validated after the read, so a rest taken from memory (the same bytes as a body validated before) is
            // not read again for it; nothing read is used unless the bytes are valid, and if they are not the
            // whole body is read again and refused as any other.
            Utf8Check.validate(json, from.offset, pass.restRemembered() ? pass.restStart() : json.length);
            prefixes.resumed(from);
            return pass;
        } catch (PayloadException | IOException e) {
            return null; // JsonProcessingException included: the whole body is read again and tells what is wrong
        } catch (RuntimeException e) {
            prefixes.failed();
            return null;
        }
    }

    /** @param keep the body continues one read before: its checkpoints are kept, not only their places sighted */
    private RedactionPass pass(byte[] json, BiPredicate<String, String> redactFinding, PrefixHash.Prefixes hashed,
                               String partition, boolean keep) {
        return new RedactionPass(json, detector, verdicts.of(partition, keep), redactor, labels, protectedLeaves, redactFinding,
                limits.maxDepth(), earlier.of(partition), hashed, hashed == null ? null : prefixes, keep);
    }

    /** Reads the whole body. */
    private void read(RedactionPass pass, byte[] json) throws PayloadException {
        JsonParser parser = parser(json);
        try {
            pass.walk(parser);
        } catch (JsonProcessingException e) {
            throw JsonProblems.from(e, parser, json);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array failed", e);
        } finally {
            closeQuietly(parser);
        }
    }

    private JsonParser parser(byte[] json) {
        try {
            JsonParser parser = factory.createParser(json);
            // Byte offsets are only meaningful for the UTF-8 byte parser; Utf8Check makes sure it is the one
            // chosen, and this makes sure a change in the parser's encoding detection cannot go unnoticed.
            if (!(parser instanceof UTF8StreamJsonParser)) {
                parser.close();
                throw new IllegalStateException("expected a UTF-8 byte parser, got " + parser.getClass().getName());
            }
            return parser;
        } catch (IOException e) {
            throw new UncheckedIOException("creating a parser over a byte array failed", e);
        }
    }

    private static void closeQuietly(JsonParser parser) {
        try {
            parser.close();
        } catch (IOException ignored) {
            // nothing to release for a byte array
        }
    }
}
