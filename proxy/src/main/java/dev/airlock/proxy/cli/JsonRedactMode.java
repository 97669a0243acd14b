package dev.airlock.proxy.cli;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.payload.JsonRedaction;
import dev.airlock.proxy.payload.PayloadException;
import dev.airlock.proxy.payload.RedactionResult;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code airlock redact --json}: rewrites only the string leaves that hold a credential. */
final class JsonRedactMode {

    private JsonRedactMode() {
    }

    static int run(byte[] input, Detector detector, Redactor redactor, PrintWriter out, PrintWriter err) {
        try {
            RedactionResult result = new JsonRedaction(detector, redactor).redact(input);
            // The body was checked to be UTF-8, so decoding it for the writer loses nothing.
            out.print(new String(result.body(), StandardCharsets.UTF_8));
            out.flush();
            return 0;
        } catch (PayloadException e) {
            err.println("airlock redact: " + e.getMessage());
            return 2;
        }
    }
}
