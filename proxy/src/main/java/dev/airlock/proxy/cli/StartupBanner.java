package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.RouteConfig;
import dev.airlock.proxy.dashboard.AdminToken;
import dev.airlock.proxy.onboard.ClientSetup;
import dev.airlock.proxy.route.Routes;
import dev.airlock.proxy.server.ProxyServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** What {@code serve} prints once listening: where, and the lines to paste into a shell. */
final class StartupBanner {

    private StartupBanner() {
    }

    /**
     * @param adminToken the dashboard's token; null when the admin port is loopback only. Its file is named, not its
     *                   value: standard output of a gateway ends up in shared logs
     */
    static void print(PrintWriter out, ProxyServer server, AirlockConfig config, Path caCertificate,
                      AdminToken adminToken, Path adminTokenFile) {
        String base = "http://" + hostPort(server.proxyAddress());
        out.println("Airlock is listening on " + base + " (" + server.transport() + ")");
        String admin = "http://" + hostPort(server.adminAddress());
        // A wildcard address is no place to browse to: the URL names loopback, as `airlock env` does.
        String dashboard = ClientSetup.proxyUrl(new HostPort(config.admin().host(), server.adminAddress().getPort()));
        out.println("Dashboard: " + dashboard + "/" + (adminToken == null ? ""
                : "?token=<the token in " + adminTokenFile + ">   (the admin port is not loopback)"));
        out.println("Admin: " + admin + "/metrics, " + admin + "/proxy.pac, " + admin + "/ca.pem");
        out.println();
        out.println("Point your tools at it:");
        out.println("  export ANTHROPIC_BASE_URL=" + base + "/anthropic        # Claude Code, OpenCode, Anthropic SDKs");
        out.println("  export OPENAI_BASE_URL=" + base + "/openai/v1           # OpenAI SDKs, OpenCode, aider");
        out.println("  openai_base_url = \"" + base + "/openai/v1\"             # Codex CLI: in ~/.codex/config.toml");
        out.println("  export GOOGLE_GEMINI_BASE_URL=" + base + "/gemini       # Gemini CLI");
        out.println("or use it as a forward proxy (Copilot, anything that honours HTTPS_PROXY):");
        out.println("  export HTTPS_PROXY=" + base + " NODE_EXTRA_CA_CERTS=" + caCertificate);
        out.println("  (airlock env <client> prints the exact lines for each client)");
        out.println();
        out.println("Routes: " + String.join(", ", Routes.of(config.routes()).all().stream().map(RouteConfig::name).toList())
                + "  (" + base + "/<route>/...)");
        out.println("Policy: " + config.policy().action().label() + " credentials; bodies up to "
                + config.limits().maxBodyBytes() + " bytes are scanned.");
        out.flush();
    }

    /** Where a client on this machine reaches a bound address: a wildcard is printed as loopback. */
    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().isAnyLocalAddress()
                ? (a.getAddress() instanceof java.net.Inet6Address ? "::1" : "127.0.0.1")
                : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
