package dev.airlock.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole configuration: plain, validated, immutable data. Built-in defaults apply to everything a file
 * leaves out, so an empty file (or none) is a working configuration.
 *
 * @param listen    the proxy port (base-URL routes and forward proxy)
 * @param admin     metrics, health and the dashboard
 * @param routes    configured routes; the built-in ones are added by the proxy unless a route here has the same name
 * @param access    who may use the proxy, and where it may connect for them
 * @param response  what happens to credentials in the model's answers
 * @param websocket what happens to WebSocket upgrades on AI routes
 */
public record AirlockConfig(HostPort listen, HostPort admin, List<RouteConfig> routes, UpstreamConfig upstream,
                            InterceptConfig intercept, PolicyConfig policy, LimitsConfig limits,
                            TimeoutsConfig timeouts, AuditConfig audit, RulesConfig rules,
                            AccessConfig access, ResponseConfig response, WebSocketConfig websocket) {

    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8080);
    public static final HostPort DEFAULT_ADMIN = new HostPort("127.0.0.1", 8081);

    public static final AirlockConfig DEFAULT = new AirlockConfig(DEFAULT_LISTEN, DEFAULT_ADMIN, List.of(),
            UpstreamConfig.DEFAULT, InterceptConfig.DEFAULT, PolicyConfig.DEFAULT, LimitsConfig.DEFAULT,
            TimeoutsConfig.DEFAULT, AuditConfig.DEFAULT, RulesConfig.DEFAULT, AccessConfig.DEFAULT,
            ResponseConfig.DEFAULT, WebSocketConfig.DEFAULT);

    public AirlockConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(admin, "admin");
        routes = List.copyOf(routes);
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(intercept, "intercept");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(websocket, "websocket");
    }

    /** Every section but {@code response} and {@code websocket}, which keep their defaults. */
    public AirlockConfig(HostPort listen, HostPort admin, List<RouteConfig> routes, UpstreamConfig upstream,
                         InterceptConfig intercept, PolicyConfig policy, LimitsConfig limits, TimeoutsConfig timeouts,
                         AuditConfig audit, RulesConfig rules, AccessConfig access) {
        this(listen, admin, routes, upstream, intercept, policy, limits, timeouts, audit, rules, access,
                ResponseConfig.DEFAULT, WebSocketConfig.DEFAULT);
    }

    /** A copy with other addresses, for tests and for {@code serve --listen}. */
    public AirlockConfig withListeners(HostPort newListen, HostPort newAdmin) {
        return new AirlockConfig(newListen, newAdmin, routes, upstream, intercept, policy, limits, timeouts, audit, rules,
                access, response, websocket);
    }

    /** A copy with other forward-proxy interception, for tests. */
    public AirlockConfig withIntercept(InterceptConfig newIntercept) {
        return new AirlockConfig(listen, admin, routes, upstream, newIntercept, policy, limits, timeouts, audit, rules,
                access, response, websocket);
    }

    /** A copy with other access rules, for tests. */
    public AirlockConfig withAccess(AccessConfig newAccess) {
        return new AirlockConfig(listen, admin, routes, upstream, intercept, policy, limits, timeouts, audit, rules,
                newAccess, response, websocket);
    }

    /** A copy with another {@code upstream} section. */
    public AirlockConfig withUpstream(UpstreamConfig newUpstream) {
        return new AirlockConfig(listen, admin, routes, newUpstream, intercept, policy, limits, timeouts, audit, rules,
                access, response, websocket);
    }

    /** A copy with other rules (custom rules and known secrets). */
    public AirlockConfig withRules(RulesConfig newRules) {
        return new AirlockConfig(listen, admin, routes, upstream, intercept, policy, limits, timeouts, audit, newRules,
                access, response, websocket);
    }

    /** A copy with another {@code response} section. */
    public AirlockConfig withResponse(ResponseConfig newResponse) {
        return new AirlockConfig(listen, admin, routes, upstream, intercept, policy, limits, timeouts, audit, rules,
                access, newResponse, websocket);
    }

    /** A copy with another {@code websocket} section. */
    public AirlockConfig withWebSocket(WebSocketConfig newWebSocket) {
        return new AirlockConfig(listen, admin, routes, upstream, intercept, policy, limits, timeouts, audit, rules,
                access, response, newWebSocket);
    }
}
