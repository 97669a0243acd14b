package dev.airlock.proxy.cli;

import java.io.PrintWriter;
import java.util.List;

/** {@code {"findings":[{"rule","file","start","end","line","column","fingerprint"}]}}: never the secret. */
final class JsonReport {

    private JsonReport() {
    }

    static void write(List<Located> findings, PrintWriter out) {
        JsonOutput.write(out, false, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("findings");
            for (Located l : findings) {
                g.writeStartObject();
                g.writeStringField("rule", l.finding().ruleId());
                g.writeStringField("file", l.file());
                g.writeNumberField("start", l.finding().start());
                g.writeNumberField("end", l.finding().end());
                g.writeNumberField("line", l.line());
                g.writeNumberField("column", l.column());
                g.writeStringField("confidence", l.finding().confidence().name().toLowerCase(java.util.Locale.ROOT));
                g.writeStringField("fingerprint", l.fingerprint());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
