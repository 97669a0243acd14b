package dev.airlock.proxy.response;

import dev.airlock.config.Action;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.inspect.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scans what the model writes back, as it streams, for credentials — pasted ones it repeats and the ones it hardcodes
 * into generated code ({@code const apiKey = "…"}; placeholders and environment references are no finding). Record
 * only: the stream is never held back; findings are counted and audited when the response ends. The text is scanned
 * in windows that overlap by {@value #OVERLAP} characters, so a credential split across events or windows is seen
 * whole, and memory stays bounded by the window whatever the length of the answer.
 */
public final class ResponseScan {

    static final int WINDOW = 16 * 1024;
    static final int OVERLAP = 4 * 1024;
    /** A JSON answer (or one line of a stream) larger than this is not read: record-only is not worth the memory. */
    private static final long MAX_HELD_BYTES = 8L << 20;

    private final Detector detector;
    private final Redactor keyed;
    private final ResponseText text;
    private final StringBuilder window = new StringBuilder();
    /** Characters of the whole answer before {@code window}'s first one. */
    private long dropped;
    /** Characters of the whole answer already scanned (findings ending before this were reported). */
    private long scannedTo;
    private int linesDropped;
    private final List<Hit> hits = new ArrayList<>();

    private ResponseScan(Detector detector, Redactor keyed, ResponseText.Framing framing, Consumer<String> callsMade) {
        this.detector = detector;
        this.keyed = keyed;
        this.text = new ResponseText(framing, window::append, MAX_HELD_BYTES,
                new SecretPrintingCalls(detector, callsMade));
    }

    /**
     * A scan for a response of this type and encoding, or null when its body cannot be read as text (binary, or
     * compressed: Airlock does not spend a decompressor on a record-only look). {@code callsMade} gets the
     * {@code call_id} of each tool call in it whose command prints a secret.
     */
    public static ResponseScan forResponse(Detector detector, Redactor keyed, String contentType, String encoding,
                                           Consumer<String> callsMade) {
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            return null;
        }
        ResponseText.Framing framing = ResponseText.Framing.of(contentType);
        return framing == null ? null : new ResponseScan(detector, keyed, framing, callsMade);
    }

    /**
     * A scan of the events on a WebSocket, each message one event's JSON ({@link #feedMessage}): the text of one
     * answer's deltas joins up across messages as it does across SSE events.
     */
    public static ResponseScan forMessages(Detector detector, Redactor keyed, Consumer<String> callsMade) {
        return new ResponseScan(detector, keyed, ResponseText.Framing.DOCUMENT, callsMade);
    }

    /** One whole message of a WebSocket scan, as the provider sent it. */
    public void feedMessage(byte[] message) {
        text.whole(message);
    }

    /** A piece of the body, as relayed (copied out before the client write takes the buffer). */
    public void feed(byte[] bytes, int offset, int length) {
        text.feed(bytes, offset, length);
    }

    /** Scans when enough new text has gathered; cheap to call after every piece. */
    public void scanIfDue() {
        if (window.length() - (scannedTo - dropped) >= WINDOW) {
            scan();
        }
    }

    /** The body ended: scans the rest and returns every finding (none repeated), action {@code audit}. */
    public List<Hit> finish() {
        text.finish();
        scan();
        return List.copyOf(hits);
    }

    /** Whether part of the body went unscanned because it was too large. */
    public boolean incomplete() {
        return text.overflowed();
    }

    private void scan() {
        if (window.length() == 0) {
            return;
        }
        int fresh = (int) (scannedTo - dropped);
        for (Finding f : detector.scan(window)) {
            if (f.end() > fresh) {
                String secret = window.substring(f.start(), f.end());
                hits.add(new Hit(f.ruleId(), "the response text, line " + lineAt(f.start()), null, f.length(),
                        keyed.fingerprint(secret), false, Action.AUDIT));
            }
        }
        scannedTo = dropped + window.length();
        int keep = Math.min(window.length(), OVERLAP);
        int cut = window.length() - keep;
        for (int i = 0; i < cut; i++) {
            if (window.charAt(i) == '\n') {
                linesDropped++;
            }
        }
        window.delete(0, cut);
        dropped += cut;
    }

    private int lineAt(int offset) {
        int n = 1 + linesDropped;
        for (int i = 0; i < offset; i++) {
            if (window.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
