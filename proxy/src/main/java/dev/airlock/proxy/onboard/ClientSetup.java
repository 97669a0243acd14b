package dev.airlock.proxy.onboard;

import dev.airlock.config.HostPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The POSIX shell lines that point one AI client at Airlock (WIRE.md §3), built from the proxy address and the
 * trust material on disk; pure, so {@code airlock env} only has to print them.
 *
 * <p>Each client gets its base-URL variables where it has them (plain HTTP to Airlock on loopback, no CA
 * involved), then the forward-proxy variables ({@code HTTPS_PROXY} and friends in both cases, with loopback in
 * {@code NO_PROXY} so base-URL requests never go to the proxy as proxy requests) and its CA variable. Both ways can
 * be active at once.
 *
 * <p>Trust: {@code NODE_EXTRA_CA_CERTS} <em>adds</em> to Node's roots, so it names the Airlock CA alone. The
 * variables that <em>replace</em> the trust store ({@code SSL_CERT_FILE}, {@code REQUESTS_CA_BUNDLE},
 * {@code CURL_CA_BUNDLE}, {@code CODEX_CA_CERTIFICATE}) always name {@code <home>/ca/bundle.pem}, system roots plus
 * the CA (see {@link CaBundle}), never the CA alone, which would break every tunnelled host. The value does not
 * change once the bundle is written, so lines pasted before {@code airlock env --bundle} keep working after it.
 * While the bundle is missing or stale, the preamble says how to make it.
 */
public final class ClientSetup {

    /** Loopback in every spelling clients compare against; base-URL requests must not be sent to the proxy. */
    public static final String NO_PROXY = "localhost,127.0.0.1,::1";

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    /** The clients {@code airlock env} knows, in the order {@code all} prints them. */
    public enum Client {
        CLAUDE_CODE("claude-code", "Claude Code"),
        CODEX("codex", "Codex CLI"),
        GEMINI("gemini", "Gemini CLI"),
        OPENCODE("opencode", "OpenCode"),
        COPILOT("copilot", "GitHub Copilot (VS Code, JetBrains)"),
        NODE("node", "Node.js programs"),
        PYTHON("python", "Python: OpenAI / Anthropic SDKs, aider, LangChain"),
        CURL("curl", "curl"),
        JAVA("java", "Java (JDK HttpClient, HttpsURLConnection)");

        private final String id;
        private final String title;

        Client(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }

        /** Whether its CA variable replaces the trust store, so it needs the bundle. */
        boolean usesBundle() {
            return this == CODEX || this == PYTHON || this == CURL;
        }

        public static Optional<Client> byId(String id) {
            return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(Client::id).toList();
        }
    }

    /** Whether {@code <home>/ca/bundle.pem} exists and holds the current CA. */
    public enum BundleState {
        MISSING, STALE, READY
    }

    /**
     * The trust material, as absolute paths.
     *
     * @param caCertificate the Airlock CA certificate (PEM)
     * @param caExists      whether it has been created yet
     * @param bundle        system roots + the CA, for the variables that replace the trust store
     * @param bundleState   whether the bundle exists and holds the current CA
     * @param systemRoots   the system's PEM bundle of public roots, or null when none was found
     */
    public record Trust(Path caCertificate, boolean caExists, Path bundle, BundleState bundleState, Path systemRoots) {
    }

    private ClientSetup() {
    }

    /** Where clients reach a proxy listening on {@code listen}: a wildcard address becomes loopback. */
    public static HostPort reachable(HostPort listen) {
        String host = listen.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && host.replace(":", "").replace("0", "").isEmpty()) {
            host = "::1";
        }
        return new HostPort(host, listen.port());
    }

    /** {@code http://host:port} with an IPv6 literal bracketed and its zone id escaped. */
    public static String proxyUrl(HostPort listen) {
        HostPort r = reachable(listen);
        String host = r.host().indexOf(':') >= 0 ? "[" + r.host().replace("%", "%25") + "]" : r.host();
        return "http://" + host + ":" + r.port();
    }

    /**
     * Everything {@code airlock env} prints for these clients: a preamble (where the proxy and CA are, what is
     * missing), then one section per client, separated by blank lines.
     */
    public static List<String> lines(HostPort listen, HostPort admin, Trust trust, List<Client> clients) {
        List<String> out = new ArrayList<>(preamble(listen, admin, trust, clients));
        for (Client c : clients) {
            out.add("");
            out.addAll(section(listen, trust, c));
        }
        return out;
    }

    static List<String> preamble(HostPort listen, HostPort admin, Trust trust, List<Client> clients) {
        List<String> out = new ArrayList<>();
        out.add("# Airlock: paste into a POSIX shell, or run: eval \"$(airlock env "
                + (clients.size() == 1 ? clients.get(0).id() : "all") + ")\"");
        out.add("# Proxy " + proxyUrl(listen) + " (base-URL routes and forward proxy); CA " + quote(trust.caCertificate()));
        out.add("# Browsers and OS proxy settings: PAC file " + proxyUrl(admin) + "/proxy.pac (only AI API hosts go through Airlock)");
        if (!trust.caExists()) {
            out.add("# The CA certificate " + quote(trust.caCertificate())
                    + " does not exist yet: it is created on the first `airlock serve` or by `airlock ca init`.");
        }
        if (clients.stream().anyMatch(Client::usesBundle) && trust.bundleState() != BundleState.READY) {
            out.add("# SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and CODEX_CA_CERTIFICATE replace the trust store, so they");
            out.add("# name " + quote(trust.bundle()) + ": the system roots plus the Airlock CA. "
                    + (trust.bundleState() == BundleState.STALE ? "It does not hold the current CA." : "It does not exist yet."));
            out.add("# Write it (again whenever the CA changes) with `airlock env --bundle`, or:");
            Path roots = trust.systemRoots() == null ? CaBundle.SYSTEM_ROOTS.get(0) : trust.systemRoots();
            out.add("#   cat " + quote(roots) + " " + quote(trust.caCertificate()) + " > " + quote(trust.bundle())
                    + (trust.systemRoots() == null ? "   # no system bundle found: use your system's PEM bundle of roots" : ""));
        }
        return out;
    }

    /** One client's lines: a header comment, then {@code export} lines and comments. */
    public static List<String> section(HostPort listen, Trust trust, Client client) {
        String base = proxyUrl(listen);
        Lines l = new Lines();
        l.comment("--- " + client.title() + " ---");
        switch (client) {
            case CLAUDE_CODE -> {
                l.comment("Base URL: plain HTTP to Airlock, no CA involved.");
                l.export("ANTHROPIC_BASE_URL", base + "/anthropic");
                l.comment("Forward proxy: Claude Code's other AI API requests go through Airlock too (needs the CA).");
                forward(l, listen);
                l.export("NODE_EXTRA_CA_CERTS", trust.caCertificate().toString());
                l.comment("Native build (not the npm package): also export NODE_USE_SYSTEM_CA=1");
            }
            case CODEX -> {
                l.comment("Base URL (API-key log-in): plain HTTP to Airlock, no CA involved. Codex reads it from");
                l.comment("~/.codex/config.toml (0.171 ignores OPENAI_BASE_URL; without the line it goes to OpenAI):");
                l.comment("  openai_base_url = \"" + base + "/openai/v1\"");
                l.comment("Older releases read the variable instead:");
                l.export("OPENAI_BASE_URL", base + "/openai/v1");
                l.comment("Or a provider of its own in ~/.codex/config.toml:");
                l.comment("  model_provider = \"airlock\"");
                l.comment("  [model_providers.airlock]");
                l.comment("  name = \"Airlock\"");
                l.comment("  base_url = \"" + base + "/openai/v1\"");
                l.comment("  env_key = \"OPENAI_API_KEY\"");
                l.comment("  wire_api = \"responses\"");
                l.comment("Forward proxy: also covers the ChatGPT log-in (chatgpt.com); needs the CA bundle.");
                forward(l, listen);
                l.export("CODEX_CA_CERTIFICATE", trust.bundle().toString());
                l.export("SSL_CERT_FILE", trust.bundle().toString());
            }
            case GEMINI -> {
                l.comment("Base URL: plain HTTP to Airlock, no CA involved.");
                l.export("GOOGLE_GEMINI_BASE_URL", base + "/gemini");
                l.comment("Forward proxy: needs the CA.");
                forward(l, listen);
                l.export("NODE_EXTRA_CA_CERTS", trust.caCertificate().toString());
            }
            case OPENCODE -> {
                l.comment("Base URL: its Anthropic and OpenAI providers read these (plain HTTP to Airlock, no CA involved).");
                l.export("ANTHROPIC_BASE_URL", base + "/anthropic");
                l.export("OPENAI_BASE_URL", base + "/openai/v1");
                l.comment("Gemini models: its Google provider reads no variable; in ~/.config/opencode/opencode.json:");
                l.comment("  \"provider\": {\"google\": {\"options\": {\"baseURL\": \"" + base + "/gemini/v1beta\"}}}");
                l.comment("Forward proxy: every AI API host it calls, whatever the provider; needs the CA.");
                forward(l, listen);
                l.export("NODE_EXTRA_CA_CERTS", trust.caCertificate().toString());
            }
            case COPILOT -> {
                l.comment("Copilot has no base-URL option: the forward proxy is the only way.");
                l.comment("VS Code settings.json (an http:// proxy URL only):");
                l.comment("  \"http.proxy\": \"" + base + "\"");
                l.comment("JetBrains: Settings > Appearance & Behavior > System Settings > HTTP Proxy > Manual proxy "
                        + reachable(listen).host() + ", port " + listen.port());
                l.comment("Copilot trusts the OS store plus NODE_EXTRA_CA_CERTS: start the editor from a shell with these set.");
                forward(l, listen);
                l.export("NODE_EXTRA_CA_CERTS", trust.caCertificate().toString());
            }
            case NODE -> {
                l.comment("Node >= 24: fetch honours HTTPS_PROXY only with NODE_USE_ENV_PROXY=1.");
                l.export("NODE_USE_ENV_PROXY", "1");
                forward(l, listen);
                l.export("NODE_EXTRA_CA_CERTS", trust.caCertificate().toString());
                l.comment("The OpenAI / Anthropic Node SDKs ignore HTTPS_PROXY: give them baseURL "
                        + base + "/openai/v1 (or " + base + "/anthropic),");
                l.comment("or an undici ProxyAgent(\"" + base + "\") as their fetch dispatcher.");
            }
            case PYTHON -> {
                l.comment("Base URL: plain HTTP to Airlock, no CA involved.");
                l.export("OPENAI_BASE_URL", base + "/openai/v1");
                l.export("ANTHROPIC_BASE_URL", base + "/anthropic");
                l.comment("Forward proxy: needs the CA bundle.");
                forward(l, listen);
                l.export("SSL_CERT_FILE", trust.bundle().toString());
                l.export("REQUESTS_CA_BUNDLE", trust.bundle().toString());
                l.comment("openai v3 reads the OS store instead; LangChain's openai_proxy ignores SSL_CERT_FILE.");
            }
            case CURL -> {
                forward(l, listen);
                l.export("CURL_CA_BUNDLE", trust.bundle().toString());
                l.comment("Or for one request: curl -x " + base + " --cacert " + quote(trust.caCertificate())
                        + " https://api.openai.com/v1/models");
            }
            case JAVA -> java(l, listen, trust);
        }
        return l.out;
    }

    /** The base-URL variables of the SDKs and CLIs that have one (plain HTTP to Airlock, no CA involved). */
    public static List<String> baseUrlLines(HostPort listen) {
        String base = proxyUrl(listen);
        Lines l = new Lines();
        l.export("ANTHROPIC_BASE_URL", base + "/anthropic");
        l.export("OPENAI_BASE_URL", base + "/openai/v1");
        l.export("GOOGLE_GEMINI_BASE_URL", base + "/gemini");
        return l.out;
    }

    /** The forward-proxy variables every client section shares (the CA variable is each client's own). */
    public static List<String> forwardLines(HostPort listen) {
        Lines l = new Lines();
        forward(l, listen);
        return l.out;
    }

    private static void forward(Lines l, HostPort listen) {
        String url = proxyUrl(listen);
        String noProxy = NO_PROXY;
        String host = reachable(listen).host();
        if (!Arrays.asList(NO_PROXY.split(",")).contains(host)) {
            noProxy += "," + host;
        }
        for (String name : List.of("HTTPS_PROXY", "HTTP_PROXY")) {
            l.export(name, url);
            l.export(name.toLowerCase(java.util.Locale.ROOT), url);
        }
        l.export("NO_PROXY", noProxy);
        l.export("no_proxy", noProxy);
    }

    /** JDK clients read no proxy variables: the lines are a command to adapt, so every one is a comment. */
    private static void java(Lines l, HostPort listen, Trust trust) {
        HostPort r = reachable(listen);
        Path store = trust.caCertificate().resolveSibling("airlock-ca.p12");
        String flags = "-Dhttps.proxyHost=" + r.host() + " -Dhttps.proxyPort=" + r.port()
                + " -Djavax.net.ssl.trustStore=" + quote(store) + " -Djavax.net.ssl.trustStorePassword=changeit";
        l.comment("JDK clients ignore the proxy environment variables: pass system properties instead.");
        l.comment("  java " + flags + " -jar app.jar");
        l.comment("The trust store comes from: airlock ca export --format p12 --out " + quote(store));
        l.comment("It replaces the JDK's roots (cacerts) in that JVM, so it must also hold them if the program calls other HTTPS hosts.");
        l.comment("For every JVM started from a shell (never the one running airlock serve, whose upstream TLS would use it):");
        l.comment("  export JAVA_TOOL_OPTIONS=" + quote(flags));
    }

    /** The text as one shell word: as it is when it holds only safe characters, else single-quoted. */
    static String quote(String text) {
        if (SHELL_SAFE.matcher(text).matches()) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String quote(Path p) {
        return quote(p.toString());
    }

    private static final class Lines {
        final List<String> out = new ArrayList<>();

        void comment(String text) {
            out.add("# " + text.replace('\n', ' ').replace('\r', ' '));
        }

        void export(String name, String value) {
            out.add("export " + name + "=" + quote(value));
        }
    }
}
