package dev.airlock.config;

import java.util.Set;

/** The {@code limits} section: sizes as byte counts with optional units, and the header count. */
final class LimitsBinder {

    static final String PATH = "limits";
    static final Set<String> KEYS = Set.of("maxBodyBytes", "maxRequestLineBytes", "maxHeaderBytes", "maxHeaderCount",
            "maxBufferedBytes");

    private LimitsBinder() {
    }

    static LimitsConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return LimitsConfig.DEFAULT;
        }
        LimitsConfig d = LimitsConfig.DEFAULT;
        int before = f.problemCount();
        Long body = f.size(YamlFields.get(m, "maxBodyBytes"), PATH + ".maxBodyBytes", Long.MAX_VALUE);
        Long line = f.size(YamlFields.get(m, "maxRequestLineBytes"), PATH + ".maxRequestLineBytes", Integer.MAX_VALUE);
        Long header = f.size(YamlFields.get(m, "maxHeaderBytes"), PATH + ".maxHeaderBytes", Integer.MAX_VALUE);
        Integer count = f.count(YamlFields.get(m, "maxHeaderCount"), PATH + ".maxHeaderCount");
        Long buffered = f.size(YamlFields.get(m, "maxBufferedBytes"), PATH + ".maxBufferedBytes", Long.MAX_VALUE);
        if (f.problemCount() > before) {
            return d;
        }
        LimitsConfig c = f.build(m, PATH, KEYS, () -> new LimitsConfig(
                body == null ? d.maxBodyBytes() : body,
                line == null ? d.maxRequestLineBytes() : line.intValue(),
                header == null ? d.maxHeaderBytes() : header.intValue(),
                count == null ? d.maxHeaderCount() : count,
                buffered == null ? d.maxBufferedBytes() : buffered));
        return c == null ? d : c;
    }
}
