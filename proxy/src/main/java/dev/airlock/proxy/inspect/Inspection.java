package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.payload.Spliced;
import java.util.List;

/** What to do with one request after it was scanned: forward it (perhaps rewritten) or answer it. */
public sealed interface Inspection permits Inspection.Forward, Inspection.Refuse {

    /** Every finding, whatever was done about it. */
    List<Hit> hits();

    /** Why the body went unscanned, or null when it was scanned (or empty). */
    Unscanned unscanned();

    /** Decoded characters handed to the detector. */
    long scannedChars();

    /**
     * Send it on.
     *
     * @param action      the strictest action taken ({@link Action#ALLOW} when nothing was found)
     * @param target      request target to send (query values may be redacted)
     * @param headers     end-to-end headers to send (values may be redacted)
     * @param body        body to send, in pieces
     * @param bodyDecoded the body is the decoded form: drop {@code Content-Encoding}
     * @param redactions  number of findings replaced by placeholders
     */
    record Forward(Action action, String target, List<Header> headers, Spliced body, boolean bodyDecoded,
                   int redactions, List<Hit> hits, Unscanned unscanned, long scannedChars) implements Inspection {
        public Forward {
            headers = List.copyOf(headers);
            hits = List.copyOf(hits);
        }
    }

    /**
     * Answer the client and forward nothing.
     *
     * @param kind    {@link ErrorKind#BLOCKED} for a policy block, otherwise why the request could not be handled
     * @param message for the client: what and where, never a value
     */
    record Refuse(ErrorKind kind, String message, List<Hit> hits, Unscanned unscanned, long scannedChars)
            implements Inspection {
        public Refuse {
            hits = List.copyOf(hits);
        }
    }
}
