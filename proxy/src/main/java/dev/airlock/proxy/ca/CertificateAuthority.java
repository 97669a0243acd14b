package dev.airlock.proxy.ca;

import dev.airlock.proxy.route.InterceptHosts;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The install's certificate authority: a root on disk (the certificate clients trust, the key owner-only), and
 * under it an intermediate that lives only in memory, is constrained to the intercepted domains and signs one
 * leaf per intercepted host. Thread-safe: {@link #serverContext} is called from every event loop.
 *
 * <p>The root has no name constraints because clients differ in honouring them on trust anchors; the constrained
 * intermediate is what limits a leaked signing key (WIRE §5), and its key never touches the disk.
 */
public final class CertificateAuthority {

    /** An intermediate with less left than this is replaced, and the leaves it signed with it. */
    static final Duration INTERMEDIATE_RENEWAL = Duration.ofDays(30);
    static final int MAX_HOSTS = 1000;

    private final CaFiles files;
    private final InterceptHosts hosts;
    private final Clock clock;
    private final CertifiedKey root;
    private final NameConstraints constraints;
    private final LeafCache leaves = new LeafCache(MAX_HOSTS);
    private final Object renewal = new Object();
    private volatile CertifiedKey intermediate;

    private CertificateAuthority(CaFiles files, InterceptHosts hosts, Clock clock, CertifiedKey root)
            throws GeneralSecurityException {
        this.files = files;
        this.hosts = hosts;
        this.clock = clock;
        this.root = root;
        this.constraints = PermittedNames.constraints(PermittedNames.suffixes(hosts.patterns()));
        this.intermediate = Minter.intermediate(root, constraints, clock);
    }

    /**
     * Loads the root from {@code files}, creating it when neither file exists, and mints this run's intermediate.
     *
     * @throws IOException              when a file is missing, unreadable, not PEM or the key is not owner-only
     * @throws GeneralSecurityException when the key does not match the certificate or the certificate is not a
     *                                  CA; the message names the file and what was expected
     */
    public static CertificateAuthority open(CaFiles files, InterceptHosts hosts)
            throws IOException, GeneralSecurityException {
        return open(files, hosts, Clock.systemUTC());
    }

    static CertificateAuthority open(CaFiles files, InterceptHosts hosts, Clock clock)
            throws IOException, GeneralSecurityException {
        return new CertificateAuthority(files, hosts, clock, RootStore.loadOrCreate(files, clock));
    }

    /**
     * The same root with another intercept list (a configuration reload): a new intermediate constrained to the new
     * names signs fresh leaves; this instance keeps serving the connections that already use it.
     */
    public CertificateAuthority withHosts(InterceptHosts newHosts) throws GeneralSecurityException {
        return new CertificateAuthority(files, newHosts, clock, root);
    }

    /** Whether either file of the CA exists (a lone file makes {@link #open} refuse rather than overwrite it). */
    public static boolean exists(CaFiles files) {
        return RootStore.exists(files);
    }

    /**
     * Replaces the root with a new one, keeping the previous pair as {@code airlock-ca.pem.old} and
     * {@code airlock-ca.key.old}. Clients trusting the old root will reject the proxy until they trust the new one.
     */
    public static void rotate(CaFiles files) throws IOException, GeneralSecurityException {
        rotate(files, Clock.systemUTC());
    }

    static void rotate(CaFiles files, Clock clock) throws IOException, GeneralSecurityException {
        RootStore.rotate(files, clock);
    }

    /**
     * The server context for an intercepted host: leaf for exactly that name, chained to the intermediate, TLS 1.3
     * and 1.2, ALPN {@code http/1.1}. Cached; re-minted when a third of its validity is left.
     *
     * @throws IllegalArgumentException for an IP literal or a host the intercept list does not name
     * @throws IllegalStateException    when the root has expired or minting fails
     */
    public SslContext serverContext(String host) {
        return leafOf(host).context();
    }

    /**
     * The context {@link #serverContext} would return when its leaf is already minted and fresh, else null: minting
     * takes milliseconds of CPU, so callers on an event loop take this path and mint elsewhere only on a miss.
     */
    public SslContext cachedServerContext(String host) {
        try {
            String name = interceptedName(host);
            CertifiedKey issuer = intermediate;
            Instant now = clock.instant();
            if (due(issuer, now)) {
                return null;
            }
            LeafCache.Leaf leaf = leaves.peek(name, fresh(issuer, now));
            return leaf == null ? null : leaf.context();
        } catch (RuntimeException e) {
            return null; // serverContext says what is wrong
        }
    }

    public X509Certificate root() {
        return root.certificate();
    }

    public String rootPem() {
        try {
            return Pem.certificate(root.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to a string does not fail
        }
    }

    public Path certificatePath() {
        return files.certificate();
    }

    /** The intermediate now signing leaves (renewed first when it is near its end). */
    public X509Certificate intermediate() {
        return currentIntermediate().certificate();
    }

    /** The leaf {@link #serverContext} presents for {@code host}, for tests. */
    X509Certificate leaf(String host) {
        return leafOf(host).certified().certificate();
    }

    /** The intermediate with its key, for tests that mint outside the intercept list on purpose. */
    CertifiedKey signer() {
        return currentIntermediate();
    }

    int cachedHosts() {
        return leaves.size();
    }

    private LeafCache.Leaf leafOf(String host) {
        String name = interceptedName(host);
        CertifiedKey issuer = currentIntermediate();
        Instant now = clock.instant();
        return leaves.get(name, fresh(issuer, now),
                () -> {
                    CertifiedKey leaf = Minter.leaf(issuer, name, clock);
                    return new LeafCache.Leaf(leaf, issuer, ServerContexts.build(leaf, issuer.certificate(), null));
                });
    }

    private static java.util.function.Predicate<LeafCache.Leaf> fresh(CertifiedKey issuer, Instant now) {
        return leaf -> leaf.issuer() == issuer && now.isBefore(leaf.renewAt());
    }

    /** Lowercase, no trailing dot; refuses what no leaf may be minted for. */
    private String interceptedName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare)) {
            throw new IllegalArgumentException("no certificate for " + host + ": it is an IP address (expected: a"
                    + " host name from intercept.hosts; the CA signs names only)");
        }
        if (hosts.match(name) == null) {
            throw new IllegalArgumentException("no certificate for " + host + ": it is not an intercepted host"
                    + " (expected: a name matching intercept.hosts)");
        }
        return name;
    }

    private CertifiedKey currentIntermediate() {
        CertifiedKey current = intermediate;
        Instant now = clock.instant();
        if (!due(current, now)) {
            return current;
        }
        synchronized (renewal) {
            current = intermediate;
            if (due(current, now)) {
                try {
                    current = Minter.intermediate(root, constraints, clock);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot renew the Airlock intermediate CA: " + e.getMessage(), e);
                }
                intermediate = current;
                // Leaves check their issuer anyway; clearing frees them at once.
                leaves.clear();
            }
            return current;
        }
    }

    /**
     * Renewal is due when less than {@link #INTERMEDIATE_RENEWAL} is left, unless the root itself ends sooner: a
     * new intermediate would end no later, and re-minting on every call would gain nothing.
     */
    private boolean due(CertifiedKey current, Instant now) {
        Instant rootEnd = root.certificate().getNotAfter().toInstant();
        if (now.isAfter(rootEnd)) {
            throw new IllegalStateException("the Airlock CA certificate " + files.certificate() + " expired on "
                    + rootEnd + "; run `airlock ca rotate` and have clients trust the new certificate");
        }
        Instant end = current.certificate().getNotAfter().toInstant();
        return now.plus(INTERMEDIATE_RENEWAL).isAfter(end) && end.isBefore(rootEnd);
    }
}
