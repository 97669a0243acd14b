package dev.airlock.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The {@code audit} section. The file need not exist yet: the proxy creates it (and its directory) on first write. */
final class AuditBinder {

    static final String PATH = "audit";
    static final Set<String> KEYS = Set.of("file", "rotateBytes", "rotateAge", "keep", "stdout");

    private AuditBinder() {
    }

    static AuditConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return AuditConfig.DEFAULT;
        }
        AuditConfig d = AuditConfig.DEFAULT;
        int before = f.problemCount();
        Path file = f.file(YamlFields.get(m, "file"), PATH + ".file", false);
        Long bytes = f.size(YamlFields.get(m, "rotateBytes"), PATH + ".rotateBytes", Long.MAX_VALUE);
        Duration age = f.duration(YamlFields.get(m, "rotateAge"), PATH + ".rotateAge");
        Integer keep = f.count(YamlFields.get(m, "keep"), PATH + ".keep");
        Boolean stdout = f.flag(YamlFields.get(m, "stdout"), PATH + ".stdout");
        if (f.problemCount() > before) {
            return d;
        }
        AuditConfig c = f.build(m, PATH, KEYS, () -> new AuditConfig(file,
                bytes == null ? d.rotateBytes() : bytes, age == null ? d.rotateAge() : age,
                keep == null ? d.keep() : keep, stdout != null && stdout));
        return c == null ? d : c;
    }
}
