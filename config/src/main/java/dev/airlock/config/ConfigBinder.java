package dev.airlock.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Turns the YAML tree into config records, collecting a {@link Problem} for every field that is wrong. Each
 * section has its own binder; what a file leaves out keeps the value in {@link AirlockConfig#DEFAULT}.
 */
final class ConfigBinder {

    private static final Set<String> KEYS = Set.of("listen", "admin", RoutesBinder.PATH, UpstreamBinder.PATH,
            InterceptBinder.PATH, PolicyBinder.PATH, LimitsBinder.PATH, TimeoutsBinder.PATH, AuditBinder.PATH,
            RulesBinder.PATH, KnownSecretsBinder.PATH, AccessBinder.PATH, ResponseBinder.PATH, WebSocketBinder.PATH);

    private final YamlFields f;

    /** @param baseDir absolute directory that relative file paths are resolved against */
    ConfigBinder(List<Problem> problems, Path baseDir) {
        this.f = new YamlFields(problems, baseDir);
    }

    /** The configuration, or null when the document is not a mapping (the problem is recorded). */
    AirlockConfig root(YamlNode root) {
        if (YamlFields.isNull(root)) {
            return AirlockConfig.DEFAULT;
        }
        YamlNode.Mapping m = f.mapping(root, "");
        if (m == null) {
            return null;
        }
        f.onlyKeys(m, "", KEYS);
        int before = f.problemCount();
        HostPort listen = orDefault(f.address(YamlFields.get(m, "listen"), "listen"), AirlockConfig.DEFAULT_LISTEN);
        HostPort admin = orDefault(f.address(YamlFields.get(m, "admin"), "admin"), AirlockConfig.DEFAULT_ADMIN);
        if (f.problemCount() == before) {
            distinct(m, listen, admin);
        }
        return new AirlockConfig(listen, admin,
                RoutesBinder.bind(f, YamlFields.get(m, RoutesBinder.PATH)),
                UpstreamBinder.bind(f, f.section(m, UpstreamBinder.PATH, UpstreamBinder.KEYS)),
                InterceptBinder.bind(f, f.section(m, InterceptBinder.PATH, InterceptBinder.KEYS)),
                PolicyBinder.bind(f, f.section(m, PolicyBinder.PATH, PolicyBinder.KEYS)),
                LimitsBinder.bind(f, f.section(m, LimitsBinder.PATH, LimitsBinder.KEYS)),
                TimeoutsBinder.bind(f, f.section(m, TimeoutsBinder.PATH, TimeoutsBinder.KEYS)),
                AuditBinder.bind(f, f.section(m, AuditBinder.PATH, AuditBinder.KEYS)),
                RulesBinder.bind(f, f.section(m, RulesBinder.PATH, RulesBinder.KEYS)).withKnown(
                        KnownSecretsBinder.bind(f, f.section(m, KnownSecretsBinder.PATH, KnownSecretsBinder.KEYS))),
                AccessBinder.bind(f, f.section(m, AccessBinder.PATH, AccessBinder.KEYS)),
                ResponseBinder.bind(f, f.section(m, ResponseBinder.PATH, ResponseBinder.KEYS)),
                WebSocketBinder.bind(f, f.section(m, WebSocketBinder.PATH, WebSocketBinder.KEYS)));
    }

    /**
     * Both servers cannot bind one address. A wildcard host overlaps every host on the same port; port 0 picks a
     * free port for each, so it never collides.
     */
    private void distinct(YamlNode.Mapping m, HostPort listen, HostPort admin) {
        boolean overlap = listen.host().equalsIgnoreCase(admin.host()) || wildcard(listen.host()) || wildcard(admin.host());
        if (listen.port() == 0 || listen.port() != admin.port() || !overlap) {
            return;
        }
        YamlNode adminNode = YamlFields.get(m, "admin");
        if (adminNode != null) {
            f.problem("admin", adminNode.line(), adminNode.kind() + " is also the listen address, " + listen
                    + " (expected: a different port)");
        } else {
            YamlNode listenNode = YamlFields.get(m, "listen");
            f.problem("listen", listenNode.line(), listenNode.kind() + " is also the default admin address, " + admin
                    + " (expected: a different port, or set admin too)");
        }
    }

    private static HostPort orDefault(HostPort value, HostPort dflt) {
        return value == null ? dflt : value;
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }
}
