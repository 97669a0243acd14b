package dev.airlock.proxy.upstream;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context for provider connections: the JDK's trusted roots plus any configured extra PEM roots, TLS 1.2
 * and 1.3 only, and host name verification on (each engine is created with the provider's host and port).
 */
public final class UpstreamTls {

    /**
     * Sessions kept for resumption. The default (20,480 for five minutes) let a burst of new provider connections pin
     * thousands of closed connections' engines on the heap, since each TLS 1.3 connection leaves its own single-use
     * session and a cached session holds its engine: a load run kept 4,500 of them alive and the collector's pauses
     * grew with them. A few hundred still resume every connection of a burst to the few origins a proxy talks to.
     */
    static final int SESSION_CACHE_SIZE = 256;

    private UpstreamTls() {
    }

    /** @param extraRoots PEM file of additional roots (a corporate TLS inspection CA, a test CA), or null */
    public static SslContext context(Path extraRoots) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots(extraRoots));
        try {
            return SslContextBuilder.forClient()
                    .protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(tmf)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .sessionCacheSize(SESSION_CACHE_SIZE)
                    .build();
        } catch (SSLException e) {
            throw new GeneralSecurityException("cannot build the upstream TLS context: " + e.getMessage(), e);
        }
    }

    /** Null (the JDK default store) when there is nothing to add, else a store holding both. */
    private static KeyStore roots(Path extraRoots) throws IOException, GeneralSecurityException {
        if (extraRoots == null) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        int n = 0;
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + n++, c);
                }
            }
        }
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(extraRoots)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) {
            throw new GeneralSecurityException(extraRoots + " holds no PEM certificate (expected: one or more "
                    + "-----BEGIN CERTIFICATE----- blocks)");
        }
        for (Certificate c : extra) {
            store.setCertificateEntry("extra-" + n++, c);
        }
        return store;
    }
}
