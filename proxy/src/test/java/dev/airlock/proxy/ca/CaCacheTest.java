package dev.airlock.proxy.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.testing.MutableClock;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hosts get a leaf, how long a leaf and the intermediate are reused, and when they are replaced. */
class CaCacheTest {

    // "*.0.0.1" makes the pattern match 127.0.0.1, so the IP refusal is shown not to rely on the pattern.
    private static final InterceptHosts HOSTS = InterceptHosts.of(List.of("api.openai.com", "*.openai.azure.com",
            "*.0.0.1"));

    @TempDir
    Path dir;

    private MutableClock clock;
    private CertificateAuthority ca;

    @BeforeEach
    void open() throws Exception {
        clock = MutableClock.startingNow();
        ca = CertificateAuthority.open(new CaFiles(dir), HOSTS, clock);
    }

    @Test
    void aHostOutsideTheInterceptListGetsNoCertificate() {
        assertThatThrownBy(() -> ca.serverContext("example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no certificate for example.com: it is not an intercepted host (expected: a name"
                        + " matching intercept.hosts)");
        assertThatThrownBy(() -> ca.serverContext("openai.com")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ca.cachedHosts()).isZero();
    }

    @Test
    void anIpLiteralGetsNoCertificate() {
        // InterceptHosts never matches an address either; the CA refuses one on its own all the same.
        for (String ip : List.of("127.0.0.1", "::1", "[::1]", "2001:db8::1")) {
            assertThatThrownBy(() -> ca.serverContext(ip))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no certificate for " + ip + ": it is an IP address (expected: a host name from"
                            + " intercept.hosts; the CA signs names only)");
        }
    }

    @Test
    void theSameHostGetsTheSameContextWhateverItsCaseOrTrailingDot() throws Exception {
        SslContext first = ca.serverContext("api.openai.com");

        assertThat(ca.serverContext("api.openai.com")).isSameAs(first);
        assertThat(ca.serverContext("API.OpenAI.com.")).isSameAs(first);
        assertThat(ca.leaf("api.openai.com").getSubjectAlternativeNames()).containsExactly(List.of(2, "api.openai.com"));
        assertThat(ca.serverContext("x.openai.azure.com")).isNotSameAs(first);
        assertThat(ca.cachedHosts()).isEqualTo(2);
    }

    /** The event loops' path: a cached fresh leaf or nothing, never a mint (that happens on the scan threads). */
    @Test
    void theCachedPathNeverMints() throws Exception {
        assertThat(ca.cachedServerContext("api.openai.com")).isNull();
        assertThat(ca.cachedHosts()).isZero();
        SslContext minted = ca.serverContext("api.openai.com");
        assertThat(ca.cachedServerContext("API.openai.com.")).isSameAs(minted);
        assertThat(ca.cachedServerContext("example.com")).isNull();
        assertThat(ca.cachedServerContext("127.0.0.1")).isNull();
        clock.advance(Duration.ofDays(61)); // past two thirds of the leaf's 90 days: due for a new one
        assertThat(ca.cachedServerContext("api.openai.com")).isNull();
        assertThat(ca.serverContext("api.openai.com")).isNotSameAs(minted);
    }

    @Test
    void aLeafIsReplacedOnceTwoThirdsOfItsValidityHavePassed() throws Exception {
        SslContext context = ca.serverContext("api.openai.com");
        X509Certificate leaf = ca.leaf("api.openai.com");
        Instant renewAt = leaf.getNotBefore().toInstant().plus(Duration.ofDays(60));

        clock.set(renewAt.minusSeconds(1));
        assertThat(ca.serverContext("api.openai.com")).isSameAs(context);

        clock.set(renewAt);
        SslContext renewed = ca.serverContext("api.openai.com");
        X509Certificate next = ca.leaf("api.openai.com");
        assertThat(renewed).isNotSameAs(context);
        assertThat(next.getSerialNumber()).isNotEqualTo(leaf.getSerialNumber());
        assertThat(next.getPublicKey()).isNotEqualTo(leaf.getPublicKey());
        assertThat(next.getNotBefore().toInstant()).isEqualTo(renewAt.minus(Duration.ofHours(1)));
        CaChecks.pkixValidate(ca.root(), clock.instant(), next, ca.intermediate());
    }

    @Test
    void theIntermediateIsReplacedWhenLessThanThirtyDaysRemainAndItsLeavesWithIt() throws Exception {
        X509Certificate first = ca.intermediate();
        Instant end = first.getNotAfter().toInstant();
        clock.set(end.minus(Duration.ofDays(30)).minusSeconds(1));
        SslContext context = ca.serverContext("api.openai.com");
        X509Certificate lateLeaf = ca.leaf("api.openai.com");
        assertThat(ca.intermediate()).isSameAs(first);
        assertThat(lateLeaf.getNotAfter().toInstant()).as("clamped to its issuer").isEqualTo(end);

        clock.advance(Duration.ofSeconds(2));
        X509Certificate second = ca.intermediate();

        assertThat(second).isNotEqualTo(first);
        assertThat(second.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(365))
                .truncatedTo(ChronoUnit.SECONDS));
        assertThat(ca.cachedHosts()).as("the old intermediate's leaves are dropped").isZero();
        SslContext renewed = ca.serverContext("api.openai.com");
        assertThat(renewed).isNotSameAs(context);
        assertThat(ca.leaf("api.openai.com").getIssuerX500Principal()).isEqualTo(second.getSubjectX500Principal());
        CaChecks.pkixValidate(ca.root(), clock.instant(), ca.leaf("api.openai.com"), second);
    }

    @Test
    void nearTheRootsEndTheIntermediateEndsWithItAndIsNotReplacedOnEveryCall() {
        Instant rootEnd = ca.root().getNotAfter().toInstant();
        clock.set(rootEnd.minus(Duration.ofDays(10)));

        X509Certificate last = ca.intermediate();
        assertThat(last.getNotAfter().toInstant()).isEqualTo(rootEnd);
        SslContext context = ca.serverContext("api.openai.com");
        clock.advance(Duration.ofDays(1));
        assertThat(ca.intermediate()).isSameAs(last);
        assertThat(ca.serverContext("api.openai.com")).isSameAs(context);

        clock.set(rootEnd.plusSeconds(1));
        assertThatThrownBy(() -> ca.serverContext("api.openai.com"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the Airlock CA certificate " + dir.resolve("airlock-ca.pem") + " expired on")
                .hasMessageContaining("airlock ca rotate");
    }

    @Test
    void theCacheForgetsTheOldestHostBeyondItsBound() {
        LeafCache cache = new LeafCache(2);
        AtomicInteger mints = new AtomicInteger();
        for (String host : List.of("a", "b", "c")) {
            cache.get(host, leaf -> true, () -> {
                mints.incrementAndGet();
                return new LeafCache.Leaf(null, null, null);
            });
        }
        assertThat(cache.size()).isEqualTo(2);

        cache.get("c", leaf -> true, () -> {
            throw new AssertionError("c is cached");
        });
        cache.get("a", leaf -> true, () -> {
            mints.incrementAndGet();
            return new LeafCache.Leaf(null, null, null);
        });
        assertThat(mints).hasValue(4);
    }

    @Test
    void concurrentCallersForOneHostShareOneMint() throws Exception {
        LeafCache cache = new LeafCache(10);
        AtomicInteger mints = new AtomicInteger();
        CountDownLatch minting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LeafCache.Leaf minted = new LeafCache.Leaf(null, null, null);
        CompletableFuture<LeafCache.Leaf> first = CompletableFuture.supplyAsync(() -> cache.get("h", l -> true, () -> {
            mints.incrementAndGet();
            minting.countDown();
            release.await();
            return minted;
        }));
        assertThat(minting.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<LeafCache.Leaf> second = new CompletableFuture<>();
        Thread thread = new Thread(() -> second.complete(cache.get("h", l -> true, () -> {
            mints.incrementAndGet();
            return new LeafCache.Leaf(null, null, null);
        })));
        thread.start();
        // The second caller parks on the first caller's mint; no sleep, just wait until it is parked.
        while (thread.getState() != Thread.State.WAITING && !second.isDone()) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isSameAs(minted);
        assertThat(second.get(30, TimeUnit.SECONDS)).isSameAs(minted);
        assertThat(mints).hasValue(1);
    }

    @Test
    void aFailedMintIsNotCached() {
        LeafCache cache = new LeafCache(10);
        assertThatThrownBy(() -> cache.get("h", l -> true, () -> {
            throw new GeneralSecurityException("no entropy today");
        })).isInstanceOf(IllegalStateException.class).hasMessage("cannot mint a certificate for h: no entropy today");
        assertThat(cache.size()).isZero();

        LeafCache.Leaf leaf = new LeafCache.Leaf(null, null, null);
        assertThat(cache.get("h", l -> true, () -> leaf)).isSameAs(leaf);
    }
}
