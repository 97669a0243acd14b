package dev.airlock.proxy.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.airlock.proxy.route.InterceptHosts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real TLS handshakes against the minted contexts: a JDK client that trusts only the root, checks the host name
 * and offers ALPN, wired to the proxy's server handler through two {@link EmbeddedChannel}s.
 */
class CaHandshakeTest {

    private static final String HOST = "api.openai.com";
    private static final int MAX_ROUNDS = 50;

    @TempDir
    Path dir;

    private CertificateAuthority ca;

    @BeforeEach
    void open() throws Exception {
        ca = CertificateAuthority.open(new CaFiles(dir), InterceptHosts.of(List.of(HOST, "api.anthropic.com")));
    }

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of("default", null), Arguments.of("JDK", SslProvider.JDK),
                Arguments.of("OpenSSL", SslProvider.OPENSSL));
    }

    @ParameterizedTest(name = "{0} provider")
    @MethodSource("servers")
    void aClientTrustingOnlyTheRootCompletesTheHandshakeAndGetsHttp11(String name, SslProvider provider)
            throws Exception {
        assumeThat(provider != SslProvider.OPENSSL || OpenSsl.isAvailable()).as("BoringSSL loads").isTrue();
        Handshake handshake = handshake(server(provider), client(HOST, "TLSv1.3", "TLSv1.2"), "h2", "http/1.1");

        assertThat(handshake.succeeded()).as(String.valueOf(handshake.failure())).isTrue();
        assertThat(handshake.client().getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(handshake.client().getApplicationProtocol()).isEqualTo("http/1.1");
        assertThat(handshake.serverProtocol()).isEqualTo("http/1.1");
        Certificate[] chain = handshake.client().getSession().getPeerCertificates();
        assertThat(chain).as("leaf and intermediate, not the root").hasSize(2);
        assertThat(((X509Certificate) chain[0]).getSubjectX500Principal().getName()).isEqualTo("CN=" + HOST);
        if (provider == null) {
            assertThat(chain[0]).isEqualTo(ca.leaf(HOST));
        }
        assertThat(chain[1]).isEqualTo(ca.intermediate());
    }

    @Test
    void theDefaultProviderIsBoringSslWhenItLoads() {
        assumeThat(OpenSsl.isAvailable()).isTrue();
        assertThat(SslProvider.isAlpnSupported(SslProvider.OPENSSL)).isTrue();
        assertThat(ca.serverContext(HOST).getClass().getSimpleName()).contains("OpenSsl");
    }

    @ParameterizedTest(name = "{0} provider")
    @MethodSource("servers")
    void tls12IsAcceptedToo(String name, SslProvider provider) throws Exception {
        assumeThat(provider != SslProvider.OPENSSL || OpenSsl.isAvailable()).isTrue();
        Handshake handshake = handshake(server(provider), client(HOST, "TLSv1.2"), "http/1.1");

        assertThat(handshake.succeeded()).as(String.valueOf(handshake.failure())).isTrue();
        assertThat(handshake.client().getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(handshake.client().getApplicationProtocol()).isEqualTo("http/1.1");
    }

    @ParameterizedTest(name = "{0} provider")
    @MethodSource("servers")
    void aClientOfferingOnlyH2GetsNoProtocolRatherThanAFailedHandshake(String name, SslProvider provider)
            throws Exception {
        assumeThat(provider != SslProvider.OPENSSL || OpenSsl.isAvailable()).isTrue();
        Handshake handshake = handshake(server(provider), client(HOST, "TLSv1.3", "TLSv1.2"), "h2");

        assertThat(handshake.succeeded()).as(String.valueOf(handshake.failure())).isTrue();
        assertThat(handshake.client().getApplicationProtocol()).isEmpty();
    }

    @Test
    void aClientExpectingAnotherHostRejectsTheLeaf() throws Exception {
        // Control: the client really checks the name, so the successes above mean the SAN is right.
        Handshake handshake = handshake(ca.serverContext(HOST), client("api.anthropic.com", "TLSv1.3"), "http/1.1");

        assertThat(handshake.succeeded()).isFalse();
        assertThat(String.valueOf(handshake.failure())).contains("api.anthropic.com");
    }

    @Test
    void aClientTrustingAnotherRootRejectsTheChain() throws Exception {
        CertificateAuthority other = CertificateAuthority.open(new CaFiles(dir.resolve("other")),
                InterceptHosts.of(List.of(HOST)), Clock.systemUTC());
        Handshake handshake = handshake(other.serverContext(HOST), client(HOST, "TLSv1.3"), "http/1.1");

        assertThat(handshake.succeeded()).isFalse();
    }

    /** A leaf for {@link #HOST} from the CA, in a context built by {@code provider} (null: Netty's default). */
    private SslContext server(SslProvider provider) throws Exception {
        if (provider == null) {
            return ca.serverContext(HOST);
        }
        CertifiedKey leaf = Minter.leaf(ca.signer(), HOST, Clock.systemUTC());
        return ServerContexts.build(leaf, ca.intermediate(), provider);
    }

    private SSLEngine client(String host, String... protocols) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("airlock-ca", ca.root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine(host, 443); // also sends the name as SNI
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(protocols);
        return engine;
    }

    record Handshake(SSLEngine client, boolean succeeded, Throwable failure, String serverProtocol) {
    }

    /** Shuttles the TLS records between the two channels until both sides are done; buffers change hands once. */
    private static Handshake handshake(SslContext server, SSLEngine client, String... alpn) {
        SSLParameters params = client.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(alpn);
        client.setSSLParameters(params);
        SslHandler serverHandler = server.newHandler(ByteBufAllocator.DEFAULT);
        SslHandler clientHandler = new SslHandler(client);
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverHandler, new FailureSink());
        EmbeddedChannel clientChannel = new EmbeddedChannel(clientHandler, new FailureSink());
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                boolean moved = shuttle(clientChannel, serverChannel) | shuttle(serverChannel, clientChannel);
                if (clientHandler.handshakeFuture().isDone() && serverHandler.handshakeFuture().isDone() && !moved) {
                    break;
                }
            }
            Throwable failure = clientHandler.handshakeFuture().cause() != null
                    ? clientHandler.handshakeFuture().cause() : serverHandler.handshakeFuture().cause();
            boolean ok = clientHandler.handshakeFuture().isSuccess() && serverHandler.handshakeFuture().isSuccess();
            return new Handshake(client, ok, failure, ok ? serverHandler.applicationProtocol() : null);
        } finally {
            clientChannel.finishAndReleaseAll();
            serverChannel.finishAndReleaseAll();
        }
    }

    /** A failed handshake is read from the handshake futures; the channels need not rethrow it. */
    private static final class FailureSink extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // reported by the handshake future
        }
    }

    private static boolean shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        from.runPendingTasks();
        boolean moved = false;
        ByteBuf record;
        while ((record = from.readOutbound()) != null) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(record);
            } else {
                record.release();
            }
        }
        return moved;
    }
}
