package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.onboard.ClientSetup;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The checks of {@code airlock doctor} against a running Airlock, in the order a client meets the problems: proxy
 * port, admin port, CA on disk and in use, interception of one host, the provider behind it, then the shell's
 * variables. Each check has its own time budget; a check that needs an earlier one that failed is skipped.
 * Reads files and the given environment only; writes nothing.
 */
final class DoctorChecks {

    static final String CONFIG_TITLE = "config";
    static final String PROXY_TITLE = "proxy port";
    static final String ADMIN_TITLE = "admin port";
    static final String ENV_TITLE = "client environment";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private final AirlockConfig config;
    private final CaFiles ca;
    private final String host;
    private final Duration timeout;
    private final Map<String, String> env;
    private final String serveHint;

    /**
     * @param host      the intercepted host to test with
     * @param env       the environment (proxy credentials, client variables)
     * @param serveHint the {@code airlock serve …} command that starts Airlock as this doctor expects it
     */
    DoctorChecks(AirlockConfig config, CaFiles ca, String host, Duration timeout, Map<String, String> env,
                 String serveHint) {
        this.config = config;
        this.ca = ca;
        this.host = host;
        this.timeout = timeout;
        this.env = Map.copyOf(env);
        this.serveHint = serveHint;
    }

    /** {@code airlock serve} with the same {@code --config} and {@code --home} as the doctor, if any. */
    static String serveHint(Path configFile, Path home) {
        return "airlock serve" + (configFile == null ? "" : " --config " + quote(configFile.toString()))
                + (home == null ? "" : " --home " + quote(home.toString()));
    }

    static Check config(String source, AirlockConfig loaded) {
        return loaded == null
                ? Check.fail(CONFIG_TITLE, source + " has problems (listed above)", "fix them; `airlock config check "
                        + quote(source) + "` lists them again")
                : Check.ok(CONFIG_TITLE, source + " (proxy " + loaded.listen() + ", admin " + loaded.admin() + ")");
    }

    /** Runs every check after the configuration's, in order, handing each to {@code report} as it finishes. */
    void run(Consumer<Check> report) {
        Check proxy = proxyPort();
        report.accept(proxy);
        Check admin = adminPort();
        report.accept(admin);
        CaChecks cas = new CaChecks(ca, serveHint);
        report.accept(cas.files(Instant.now()));
        report.accept(admin.failed() ? Check.skip(CaChecks.SERVED_TITLE, "the admin port does not answer")
                : cas.served(adminAddress(), Deadline.after(timeout)));
        try (InterceptionProbe probe = new InterceptionProbe(proxyAddress(), host, cas.certificate(),
                ca.certificate().toAbsolutePath(), timeout, config.timeouts().upstreamConnect(), env)) {
            if (proxy.failed() || cas.certificate() == null) {
                report.accept(Check.skip(probe.title(), proxy.failed() ? "the proxy port does not answer"
                        : "no usable CA certificate to trust"));
                report.accept(Check.skip(probe.upstreamTitle(), "no intercepted connection to " + host));
            } else {
                report.accept(probe.handshake());
                report.accept(probe.upstream());
            }
        }
        environment(env, config.listen(), ca.certificate().toAbsolutePath(), cas.certificate()).forEach(report);
    }

    HostPort proxyAddress() {
        return ClientSetup.reachable(config.listen());
    }

    HostPort adminAddress() {
        return ClientSetup.reachable(config.admin());
    }

    /** A TCP connection to the proxy port. */
    Check proxyPort() {
        HostPort address = proxyAddress();
        Deadline deadline = Deadline.after(timeout);
        try (Socket s = new Socket(); Deadline.Guard guard = deadline.guard(s)) {
            HttpProbe.connect(s, address, deadline);
            return Check.ok(PROXY_TITLE, address + " accepts connections");
        } catch (IOException e) {
            return Check.fail(PROXY_TITLE, address + ": " + HttpProbe.describe(e, deadline),
                    e instanceof ConnectException || deadline.passed() ? "start it with: " + serveHint
                            : "check listen: in the config");
        }
    }

    /** {@code /healthz} and {@code /readyz} on the admin port, both 200; a 503 from {@code /readyz} is a drain. */
    Check adminPort() {
        HostPort address = adminAddress();
        String notAirlock = "check that admin: names the running Airlock's admin port (its start-up banner prints it)";
        Deadline deadline = Deadline.after(timeout);
        int health;
        int ready;
        try {
            health = HttpProbe.get(address, "/healthz", deadline).status();
            ready = health == 200 ? HttpProbe.get(address, "/readyz", deadline).status() : 0;
        } catch (ConnectException e) {
            return Check.fail(ADMIN_TITLE, address + ": " + HttpProbe.describe(e, deadline),
                    "start it with: " + serveHint + " (if Airlock is running, it was started with another admin"
                            + " address: give the doctor the same --config)");
        } catch (IOException e) {
            return Check.fail(ADMIN_TITLE, address + ": " + HttpProbe.describe(e, deadline), notAirlock);
        }
        if (health != 200) {
            return Check.fail(ADMIN_TITLE, "GET http://" + address + "/healthz answered " + health
                    + " (expected: 200)", notAirlock);
        }
        if (ready == 503) {
            return Check.warn(ADMIN_TITLE, "GET http://" + address + "/readyz answered 503: Airlock is draining"
                    + " (shutting down)", "once it has stopped, start it again with: " + serveHint);
        }
        if (ready != 200) {
            return Check.fail(ADMIN_TITLE, "GET http://" + address + "/readyz answered " + ready + " (expected: 200)",
                    notAirlock);
        }
        return Check.ok(ADMIN_TITLE, address + ": /healthz 200, /readyz 200");
    }

    /**
     * Hints about the shell the doctor runs in, never failures: a proxy variable aimed elsewhere, a Node CA
     * variable without the install CA, or a pointer to {@code airlock env} when neither is set. Values are never
     * printed: a proxy URL may carry a password.
     *
     * @param caCertificate the install CA as parsed, or null when it is not readable (paths are compared then)
     */
    static List<Check> environment(Map<String, String> env, HostPort listen, Path caPath,
                                   X509Certificate caCertificate) {
        List<Check> out = new ArrayList<>();
        HostPort proxy = ClientSetup.reachable(listen);
        String expected = ClientSetup.proxyUrl(listen);
        boolean anyProxy = false;
        for (String name : List.of("HTTPS_PROXY", "https_proxy")) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            anyProxy = true;
            HostPort target = proxyTarget(value);
            if (target == null) {
                out.add(Check.warn(ENV_TITLE, name + " is set but is not a proxy URL (expected: " + expected + ")",
                        "export " + name + "=" + expected + " (airlock env prints every variable)"));
            } else if (!pointsAt(target, proxy) || value.strip().toLowerCase(Locale.ROOT).startsWith("https:")) {
                out.add(Check.warn(ENV_TITLE, name + " points at " + target + ", not at Airlock's proxy port "
                        + proxy + ": clients using it bypass Airlock", "export " + name + "=" + expected));
            } else {
                out.add(Check.ok(ENV_TITLE, name + " points at Airlock's proxy port " + proxy));
            }
        }
        String node = env.get("NODE_EXTRA_CA_CERTS");
        boolean anyCa = node != null && !node.isBlank();
        if (anyCa) {
            if (holdsCa(node.strip(), caPath, caCertificate)) {
                out.add(Check.ok(ENV_TITLE, "NODE_EXTRA_CA_CERTS holds the install CA " + caPath));
            } else {
                out.add(Check.warn(ENV_TITLE, "NODE_EXTRA_CA_CERTS does not hold the install CA " + caPath
                        + ": Node clients (Claude Code, Copilot) will reject Airlock's certificates",
                        "export NODE_EXTRA_CA_CERTS=" + quote(caPath.toString())));
            }
        }
        if (!anyProxy && !anyCa) {
            out.add(Check.info(ENV_TITLE, "neither HTTPS_PROXY nor NODE_EXTRA_CA_CERTS is set in this shell",
                    "airlock env prints the lines that point each AI client at Airlock"));
        }
        return out;
    }

    /** The host and port of a proxy URL ({@code http://user:pw@host:port}, or {@code host:port} alone). */
    static HostPort proxyTarget(String value) {
        String v = value.strip();
        try {
            URI uri = URI.create(v.contains("://") ? v : "http://" + v);
            if (uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String h = uri.getHost();
            return new HostPort(h.startsWith("[") ? h.substring(1, h.length() - 1) : h, port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean pointsAt(HostPort target, HostPort proxy) {
        if (target.port() != proxy.port()) {
            return false;
        }
        String a = target.host().toLowerCase(Locale.ROOT);
        String b = proxy.host().toLowerCase(Locale.ROOT);
        return a.equals(b) || (LOOPBACK.contains(a) && LOOPBACK.contains(b));
    }

    /** Whether the file names the CA itself, or is a bundle holding its certificate. */
    private static boolean holdsCa(String value, Path caPath, X509Certificate ca) {
        Path file;
        try {
            file = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return false;
        }
        if (file.equals(caPath.toAbsolutePath().normalize())) {
            return true;
        }
        if (ca == null || !Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).contains(ca);
        } catch (IOException | CertificateException e) {
            return false;
        }
    }

    /** The text as one shell word. */
    static String quote(String text) {
        return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
