package dev.airlock.config;

import java.time.Duration;
import java.util.Set;

/** The {@code timeouts} section: durations such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or seconds. */
final class TimeoutsBinder {

    static final String PATH = "timeouts";
    static final Set<String> KEYS = Set.of("upstreamConnect", "upstreamIdle", "clientHeader", "clientBodyIdle",
            "keepAlive", "drain", "scan");

    private TimeoutsBinder() {
    }

    static TimeoutsConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return TimeoutsConfig.DEFAULT;
        }
        TimeoutsConfig d = TimeoutsConfig.DEFAULT;
        int before = f.problemCount();
        Duration connect = or(f, m, "upstreamConnect", d.upstreamConnect());
        Duration idle = or(f, m, "upstreamIdle", d.upstreamIdle());
        Duration header = or(f, m, "clientHeader", d.clientHeader());
        Duration bodyIdle = or(f, m, "clientBodyIdle", d.clientBodyIdle());
        Duration keepAlive = or(f, m, "keepAlive", d.keepAlive());
        Duration drain = or(f, m, "drain", d.drain());
        Duration scan = or(f, m, "scan", d.scan());
        if (f.problemCount() > before) {
            return d;
        }
        TimeoutsConfig c = f.build(m, PATH, KEYS,
                () -> new TimeoutsConfig(connect, idle, header, bodyIdle, keepAlive, drain, scan));
        return c == null ? d : c;
    }

    private static Duration or(YamlFields f, YamlNode.Mapping m, String key, Duration dflt) {
        Duration d = f.duration(YamlFields.get(m, key), PATH + "." + key);
        return d == null ? dflt : d;
    }
}
