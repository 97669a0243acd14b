package dev.airlock.proxy.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code {"findings":[{"rule","file","start","end","line","column","fingerprint"}]}}: never the secret. Accepted
 * findings are listed apart under {@code "accepted"} with the reason ({@code inline}, {@code airlockignore},
 * {@code baseline}), so a consumer that treats every entry of {@code findings} as a failure stays right. A history
 * scan adds {@code commit}, {@code author} and {@code date} and has no {@code start}/{@code end} (it sees the added
 * lines, not the file).
 */
final class JsonReport {

    private JsonReport() {
    }

    static void write(List<Located> findings, PrintWriter out) {
        JsonOutput.write(out, false, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("findings");
            for (Located l : findings) {
                if (l.accepted() == null) {
                    finding(g, l);
                }
            }
            g.writeEndArray();
            if (findings.stream().anyMatch(l -> l.accepted() != null)) {
                g.writeArrayFieldStart("accepted");
                for (Located l : findings) {
                    if (l.accepted() != null) {
                        finding(g, l);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    private static void finding(JsonGenerator g, Located l) throws IOException {
        g.writeStartObject();
        g.writeStringField("rule", l.finding().ruleId());
        g.writeStringField("file", l.file());
        if (l.hasOffsets()) {
            g.writeNumberField("start", l.finding().start());
            g.writeNumberField("end", l.finding().end());
        }
        g.writeNumberField("line", l.line());
        g.writeNumberField("column", l.column());
        g.writeStringField("confidence", l.finding().confidence().name().toLowerCase(Locale.ROOT));
        g.writeStringField("fingerprint", l.fingerprint());
        if (l.place() != null) {
            g.writeStringField("place", l.place());
        }
        if (l.commit() != null) {
            g.writeStringField("commit", l.commit().id());
            g.writeStringField("author", l.commit().author());
            g.writeStringField("date", l.commit().date());
        }
        if (l.accepted() != null) {
            g.writeStringField("acceptedBy", l.accepted().label());
        }
        g.writeEndObject();
    }
}
