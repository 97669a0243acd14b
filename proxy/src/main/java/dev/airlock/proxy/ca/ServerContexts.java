package dev.airlock.proxy.ca;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** The server side of an intercepted connection: what the proxy presents to a client that asked for a host. */
final class ServerContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * Only {@code http/1.1} is offered (WIRE §5): the proxy speaks HTTP/1.1 to clients. NO_ADVERTISE leaves a
     * client that offers nothing we speak without a protocol rather than failing the handshake; together with
     * ACCEPT it is the combination both the JDK and the OpenSSL providers support.
     */
    static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1);

    private ServerContexts() {
    }

    /**
     * The chain is the leaf and the intermediate: clients hold the root already, and sending it would only cost
     * bytes. A null provider lets Netty choose (BoringSSL when its native library loads, else the JDK).
     */
    static SslContext build(CertifiedKey leaf, X509Certificate intermediate, SslProvider provider) throws SSLException {
        return SslContextBuilder.forServer(leaf.key(), leaf.certificate(), intermediate)
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .applicationProtocolConfig(ALPN)
                .build();
    }
}
