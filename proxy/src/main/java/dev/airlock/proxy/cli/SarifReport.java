package dev.airlock.proxy.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.detector.RuleInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SARIF 2.1.0, the format code-scanning dashboards import. Messages name the rule, never the value. */
final class SarifReport {

    private SarifReport() {
    }

    static void write(List<Located> findings, List<RuleInfo> rules, String version, PrintWriter out) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            index.put(rules.get(i).id(), i);
        }
        JsonOutput.write(out, true, g -> {
            g.writeStartObject();
            g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "airlock");
            g.writeStringField("semanticVersion", version.replaceFirst("^airlock ", ""));
            g.writeArrayFieldStart("rules");
            for (RuleInfo r : rules) {
                g.writeStartObject();
                g.writeStringField("id", r.id());
                g.writeObjectFieldStart("shortDescription");
                g.writeStringField("text", r.description());
                g.writeEndObject();
                g.writeObjectFieldStart("defaultConfiguration");
                g.writeStringField("level", "error");
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Located l : findings) {
                writeResult(g, l, index.getOrDefault(l.finding().ruleId(), -1));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeResult(JsonGenerator g, Located l, int ruleIndex) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", l.finding().ruleId());
        if (ruleIndex >= 0) {
            g.writeNumberField("ruleIndex", ruleIndex);
        }
        g.writeStringField("level", "error");
        g.writeObjectFieldStart("message");
        g.writeStringField("text", "Credential found by rule " + l.finding().ruleId() + " (" + l.preview() + ")");
        g.writeEndObject();
        g.writeArrayFieldStart("locations");
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", uri(l.file()));
        g.writeEndObject();
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", l.line());
        g.writeNumberField("startColumn", l.column());
        if (l.hasOffsets()) {
            g.writeNumberField("charOffset", l.finding().start());
            g.writeNumberField("charLength", l.finding().length());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField("airlockSecret/v1", l.fingerprint());
        if (l.place() != null) {
            g.writeStringField("airlockPlace/v1", l.place());
        }
        g.writeEndObject();
        if (l.accepted() != null) {
            // Accepted findings stay in the log as suppressed results: dashboards show them as dismissed, not gone.
            g.writeArrayFieldStart("suppressions");
            g.writeStartObject();
            g.writeStringField("kind", l.accepted() == Acceptance.INLINE ? "inSource" : "external");
            g.writeStringField("justification", "accepted by " + l.accepted().shown());
            g.writeEndObject();
            g.writeEndArray();
        }
        if (l.commit() != null) {
            g.writeObjectFieldStart("properties");
            g.writeStringField("commit", l.commit().id());
            g.writeStringField("author", l.commit().author());
            g.writeStringField("date", l.commit().date());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Relative paths stay relative URI references; standard input is named as such. */
    private static String uri(String file) {
        if (file.equals(ScanTarget.STDIN)) {
            return "stdin";
        }
        Path p = Path.of(file);
        return p.isAbsolute() ? p.toUri().toString() : file.replace('\\', '/').replace(" ", "%20");
    }
}
