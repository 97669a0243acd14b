package dev.airlock.proxy.server;

import dev.airlock.config.AccessConfig;
import dev.airlock.config.AddressRange;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Who may use the proxy: the {@code access.clients} allowlist and proxy authentication ({@code Proxy-Authorization:
 * Basic}, checked against the bcrypt hashes of {@code access.users}). A bcrypt check costs tens of milliseconds by
 * design, so a credential that passed is remembered for a while — keyed by an HMAC of the header under a key that
 * lives only in this process, never by the header itself — and checks run off the event loops.
 */
final class ProxyAccess {

    /** How the credentials in one request head fare. */
    enum Verdict { ALLOWED, DENIED, UNKNOWN }

    /**
     * What a connection was let in on: the user and the hash their password matched (both null without proxy
     * authentication), so a reload can tell whether the same credential would still pass without keeping it.
     */
    record Admission(String user, String hash) {
    }

    /** Kept on each admitted client connection; a tunnel keeps it for its whole life. */
    static final io.netty.util.AttributeKey<Admission> ADMISSION = io.netty.util.AttributeKey.valueOf("airlock.admission");

    private static final long REMEMBER_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int MAX_REMEMBERED = 10_000;
    /** A refused credential is refused again from memory for this long: guessing costs the guesser, not bcrypt. */
    private static final long REFUSED_NANOS = 60L * 1_000_000_000L;

    /**
     * Where bcrypt runs: a small pool of its own, so credential guessing cannot take the scan threads from request
     * bodies; when it is full the request is shed (503) rather than queued without end. Both threads run from the
     * first check (a pool grows past its core size only once its queue is full, so with one core thread a handful of
     * guesses queued every first login behind them), and stop when idle.
     */
    static final java.util.concurrent.ExecutorService VERIFIER = verifier();

    private static java.util.concurrent.ExecutorService verifier() {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(2, 2, 30,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(64), r -> {
                    Thread t = new Thread(r, "airlock-auth");
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private final AccessConfig config;
    private final byte[] cacheKey = new byte[32];
    /** A hash of the same cost as the users', checked for unknown names so their answer takes as long. */
    private final String decoy;
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();
    private final Map<String, Long> refused = new ConcurrentHashMap<>();

    ProxyAccess(AccessConfig config) {
        this.config = config;
        SecureRandom random = new SecureRandom();
        random.nextBytes(cacheKey);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        int cost = config.users().values().stream().mapToInt(h -> Integer.parseInt(h.substring(4, 6))).max().orElse(4);
        this.decoy = OpenBSDBCrypt.generate(new char[] {'x'}, salt, cost);
    }

    /** False when anyone who reaches the listener may use it: then no access handler is added at all. */
    boolean guards() {
        return config.guarded();
    }

    /** True when the client's address may use the proxy (always, without an allowlist). */
    boolean clientAllowed(InetAddress client) {
        if (!config.restrictsClients()) {
            return true;
        }
        for (AddressRange range : config.clients()) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** Answers from memory: a remembered credential is allowed, a missing or malformed one denied. */
    Verdict quick(String proxyAuthorization) {
        if (!config.authenticates()) {
            return Verdict.ALLOWED;
        }
        if (credentials(proxyAuthorization) == null) {
            return Verdict.DENIED;
        }
        String key = fingerprint(proxyAuthorization);
        Long until = remembered.get(key);
        if (until != null && until - System.nanoTime() > 0) {
            return Verdict.ALLOWED;
        }
        Long refusedUntil = refused.get(key);
        return refusedUntil != null && refusedUntil - System.nanoTime() > 0 ? Verdict.DENIED : Verdict.UNKNOWN;
    }

    /** The bcrypt check; slow on purpose, so callers run it off the event loop. */
    boolean verify(String proxyAuthorization) {
        String[] userAndPassword = credentials(proxyAuthorization);
        if (userAndPassword == null) {
            return false;
        }
        String hash = config.users().get(userAndPassword[0]);
        char[] password = userAndPassword[1].toCharArray();
        boolean ok = OpenBSDBCrypt.checkPassword(hash != null ? hash : decoy, password) && hash != null;
        java.util.Arrays.fill(password, '\0');
        Map<String, Long> memory = ok ? remembered : refused;
        if (memory.size() >= MAX_REMEMBERED) {
            memory.clear(); // rare: only this many distinct credentials within the memory window
        }
        memory.put(fingerprint(proxyAuthorization), System.nanoTime() + (ok ? REMEMBER_NANOS : REFUSED_NANOS));
        return ok;
    }

    /** The admission of a request whose credentials {@link #quick} or {@link #verify} allowed. */
    Admission admission(String proxyAuthorization) {
        String user = config.authenticates() ? user(proxyAuthorization) : null;
        return new Admission(user, user == null ? null : config.users().get(user));
    }

    /**
     * True when a connection admitted as {@code admission} (null: never checked) from {@code client} would be
     * admitted under these settings too: its address still allowed and, with authentication, its user still there
     * with the same password hash.
     */
    boolean stillAdmits(InetAddress client, Admission admission) {
        if (!guards()) {
            return true;
        }
        if (admission == null || !clientAllowed(client)) {
            return false;
        }
        return !config.authenticates() || admission.user() != null
                && java.util.Objects.equals(config.users().get(admission.user()), admission.hash());
    }

    /**
     * The user a header names when that user is configured, else null: a client that puts a token where the name
     * goes must not get it logged.
     */
    String knownUser(String proxyAuthorization) {
        String name = user(proxyAuthorization);
        return name != null && config.users().containsKey(name) ? name : null;
    }

    /** The user name of a well-formed header, or null. */
    static String user(String proxyAuthorization) {
        String[] c = credentials(proxyAuthorization);
        return c == null ? null : c[0];
    }

    private static String[] credentials(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return colon <= 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private String fingerprint(String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            // Of the decoded user and password: spelling variants of one header are one credential, one bcrypt.
            String[] c = credentials(header);
            String material = c == null ? header.strip() : c[0] + '\0' + c[1];
            return HexFormat.of().formatHex(mac.doFinal(material.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
