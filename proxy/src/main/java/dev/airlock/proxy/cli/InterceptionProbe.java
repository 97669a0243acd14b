package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.config.HostPort;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a forward-proxy client does, checked step by step: {@code CONNECT host:443} through the proxy port, a TLS
 * handshake trusting the install CA alone with the host name verified, then one request without credentials
 * over that connection to see whether Airlock reaches the provider. Holds the connection between the two checks;
 * not thread-safe.
 */
final class InterceptionProbe implements AutoCloseable {

    static final String TITLE = "interception";
    static final String UPSTREAM_TITLE = "upstream";
    /** Proxy credentials for gateway mode, read from the environment so they never appear on a command line. */
    static final String USER_ENV = "AIRLOCK_PROXY_USER";
    static final String PASSWORD_ENV = "AIRLOCK_PROXY_PASSWORD";
    static final String PATH = "/v1/models";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 400;

    private final HostPort proxy;
    private final String host;
    private final X509Certificate root;
    private final Path rootPath;
    private final Duration timeout;
    private final Duration upstreamConnect;
    private final Map<String, String> env;
    private Socket socket;
    private SSLSocket tls;
    /** Set when Airlock answered the CONNECT itself with 502/504: the provider, not interception, is the problem. */
    private Check unreachable;

    /**
     * @param proxy           where clients reach the proxy port
     * @param root            the install CA certificate, the only one trusted
     * @param upstreamConnect how long Airlock itself waits for a provider, to explain a timeout here
     */
    InterceptionProbe(HostPort proxy, String host, X509Certificate root, Path rootPath, Duration timeout,
                      Duration upstreamConnect, Map<String, String> env) {
        this.proxy = proxy;
        this.host = host;
        this.root = root;
        this.rootPath = rootPath;
        this.timeout = timeout;
        this.upstreamConnect = upstreamConnect;
        this.env = env;
    }

    String title() {
        return TITLE + " " + host;
    }

    String upstreamTitle() {
        return UPSTREAM_TITLE + " " + host;
    }

    /** {@code CONNECT} answered 200, then a handshake whose leaf chains to the install CA and names the host. */
    Check handshake() {
        Deadline deadline = Deadline.after(timeout);
        socket = new Socket();
        String target = host + ":443";
        try (Deadline.Guard guard = deadline.guard(socket)) {
            HttpProbe.connect(socket, proxy, deadline);
            String basic = credentials();
            boolean credentials = basic != null;
            List<String> auth = credentials ? List.of("Proxy-Authorization: Basic " + basic) : List.of();
            socket.getOutputStream().write(HttpProbe.request("CONNECT", target, target, auth));
            socket.getOutputStream().flush();
            HttpProbe.Answer answer = HttpProbe.read(deadline.input(socket, socket.getInputStream()), true);
            if (answer.status() == 407) {
                return credentials
                        ? Check.fail(title(), "CONNECT " + target + " answered 407: Airlock refused the credentials in "
                                + USER_ENV + " and " + PASSWORD_ENV, "set them to a user of access.users and its password"
                                + " (a new hash for the config: airlock passwd NAME)")
                        : Check.fail(title(), "CONNECT " + target + " answered 407: Airlock requires proxy"
                                + " authentication", "set " + USER_ENV + " and " + PASSWORD_ENV + " to a user of"
                                + " access.users and its password, then run airlock doctor again");
            }
            if (fromAirlock(answer) && (answer.status() == 502 || answer.status() == 504)) {
                // Airlock resolves the host before it opens the tunnel, so an offline machine shows here.
                unreachable = Check.fail(upstreamTitle(), "CONNECT " + target + ": " + airlockSaid(answer), offline());
                return Check.skip(title(), "Airlock cannot reach " + host + " to open the tunnel (see below)");
            }
            if (answer.status() != 200) {
                String message = airlockMessage(answer);
                return Check.fail(title(), "CONNECT " + target + " answered " + answer.status()
                        + (message == null ? "" : ": " + message), "see the message; intercept.ports must list 443,"
                        + " and access.clients (if set) must admit this machine");
            }
            tls = (SSLSocket) trusting(root).getSocketFactory().createSocket(socket, host, 443, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName(host)));
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(deadline.remainingMillis());
            tls.startHandshake();
            SSLSession session = tls.getSession();
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            return Check.ok(title(), "CONNECT " + target + " answered 200; " + session.getProtocol() + " with "
                    + leaf.getSubjectX500Principal().getName() + ", valid " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant() + ", signed under " + rootPath);
        } catch (SSLException e) {
            close();
            return handshakeFailure(e, deadline);
        } catch (IOException e) {
            close();
            return Check.fail(title(), "through the proxy port " + proxy + ": " + HttpProbe.describe(e, deadline),
                    e instanceof ConnectException ? "check that Airlock is still running"
                            : "check that listen: names the running Airlock's proxy port (its start-up banner prints it)");
        } catch (GeneralSecurityException e) {
            close();
            return Check.fail(title(), "cannot set up TLS trusting " + rootPath + ": " + e.getMessage(),
                    "check the CA certificate (see above)");
        }
    }

    private Check handshakeFailure(SSLException e, Deadline deadline) {
        String serve = "the running Airlock was started with another CA: restart it with the --home this doctor"
                + " uses, or pass --home with the directory it runs from";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return Check.fail(title(), "TLS handshake: a certificate Airlock presented for " + host
                        + " is outside its validity (" + t.getMessage() + ")", "check the system clock, then restart Airlock");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return Check.fail(title(), "TLS handshake: the certificate for " + host + " is untrusted: it does not"
                        + " chain to " + rootPath, serve);
            }
            if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().contains("subject alternative") || t.getMessage().contains("No name matching"))) {
                return Check.fail(title(), "TLS handshake: the certificate Airlock presented does not name " + host,
                        "check that intercept.hosts lists " + host + " in the running Airlock's config");
            }
        }
        if (deadline.passed()) {
            return Check.fail(title(), "TLS handshake: no answer within " + deadline.seconds(),
                    "check that the proxy port belongs to Airlock, or raise --timeout");
        }
        boolean closed = e.getCause() instanceof EOFException
                || (e.getMessage() != null && e.getMessage().contains("terminated the handshake"));
        return Check.fail(title(), "TLS handshake: " + (closed ? "Airlock closed the connection" : e.getMessage()),
                "check that intercept.hosts lists " + host + " in the running Airlock's config and read its log");
    }

    /** {@code GET /v1/models} without credentials over the handshake's connection: any provider answer will do. */
    Check upstream() {
        if (unreachable != null) {
            return unreachable;
        }
        if (tls == null) {
            return Check.skip(upstreamTitle(), "no intercepted connection to " + host);
        }
        Deadline deadline = Deadline.after(timeout);
        String request = "GET https://" + host + PATH;
        HttpProbe.Answer answer;
        try (Deadline.Guard guard = deadline.guard(tls)) {
            tls.getOutputStream().write(HttpProbe.request("GET", PATH, host, List.of()));
            tls.getOutputStream().flush();
            answer = HttpProbe.read(new BufferedInputStream(deadline.input(tls, tls.getInputStream())), false);
        } catch (IOException e) {
            String fix = deadline.passed() && upstreamConnect.compareTo(timeout) >= 0
                    ? "Airlock waits up to timeouts.upstreamConnect (" + upstreamConnect.toSeconds() + " s) for the"
                    + " provider: run again with --timeout " + (upstreamConnect.toSeconds() + 5) + " to see its answer; "
                    + offline()
                    : offline();
            return Check.fail(upstreamTitle(), request + ": " + HttpProbe.describe(e, deadline), fix);
        } finally {
            close();
        }
        if (fromAirlock(answer)) {
            boolean offline = answer.status() == 502 || answer.status() == 504;
            return Check.fail(upstreamTitle(), request + ": " + airlockSaid(answer),
                    offline ? offline() : "see Airlock's message and its log");
        }
        String status = request + ": " + answer.status() + (answer.reason().isBlank() ? "" : " " + clean(answer.reason()))
                + " from the provider";
        if (answer.status() >= 500) {
            return Check.warn(upstreamTitle(), status + ": reachable, but it reports trouble",
                    "retry later; the provider's status page may say more");
        }
        return Check.ok(upstreamTitle(), status + " (reachable; no credentials sent)");
    }

    private String offline() {
        return "check that this machine reaches " + host + "; behind a corporate proxy set upstream.proxy"
                + " (http://HOST:PORT) in the config, and if that proxy inspects TLS add its root certificate to"
                + " upstream.caFile; then restart Airlock";
    }

    /** base64 of {@code user:password} from the environment, or null unless both are set. */
    private String credentials() {
        String user = env.get(USER_ENV);
        String password = env.get(PASSWORD_ENV);
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            return null;
        }
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether Airlock answered itself rather than relaying the provider: its error code, or its event id header
     * without the redaction count it adds to relayed answers.
     */
    private static boolean fromAirlock(HttpProbe.Answer answer) {
        String code = text(json(answer), "code");
        return (code != null && code.startsWith("airlock_"))
                || (answer.header("x-airlock-event-id") != null && answer.header("x-airlock-redactions") == null);
    }

    /** "Airlock answered 502 airlock_upstream_unreachable: …" */
    private static String airlockSaid(HttpProbe.Answer answer) {
        String code = text(json(answer), "code");
        return "Airlock answered " + answer.status() + (code == null ? "" : " " + code) + ": "
                + clean(text(json(answer), "message"));
    }

    /** The message of one of Airlock's own answers (its messages never hold a secret), or null. */
    private static String airlockMessage(HttpProbe.Answer answer) {
        String message = text(json(answer), "message");
        return message == null ? null : clean(message);
    }

    private static JsonNode json(HttpProbe.Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException notJson) {
            return null;
        }
    }

    /** {@code error.<field>} (OpenAI, Anthropic, Gemini shapes) or {@code error} itself when it is text (Ollama). */
    private static String text(JsonNode body, String field) {
        if (body == null) {
            return null;
        }
        JsonNode error = body.get("error");
        if (error != null && error.isTextual()) {
            return field.equals("message") ? error.asText() : null;
        }
        JsonNode value = error == null ? null : error.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String clean(String text) {
        if (text == null) {
            return "(no message)";
        }
        String line = text.replaceAll("[\\p{Cntrl}]", " ").strip();
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
    }

    /** A context trusting {@code root} alone: not the JDK's roots, so only a leaf Airlock minted passes. */
    static SSLContext trusting(X509Certificate root) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e); // an empty in-memory store reads nothing
        }
        store.setCertificateEntry("airlock-ca", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        for (Socket s : new Socket[] {tls, socket}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing left to do with it
                }
            }
        }
        tls = null;
        socket = null;
    }
}
