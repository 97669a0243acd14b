package dev.airlock.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;

class UpstreamTlsTest {

    @Test
    void sessionsKeptForResumptionAreBoundedFarBelowTheLibraryDefault() throws Exception {
        SslContext context = UpstreamTls.context(null);
        assertThat(context.isClient()).isTrue();
        assertThat(context.sessionContext().getSessionCacheSize()).isEqualTo(UpstreamTls.SESSION_CACHE_SIZE)
                .isLessThan(1_000);
    }
}
