package dev.airlock.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** What a client reads about a failed connection: the kind of failure, never an exception's class name alone. */
class FailuresTest {

    @Test
    void aHostThatCannotBeResolvedIsNamedSoWhateverTheResolverPutUnderIt() {
        // Netty's resolver hangs the DNS server's answer under the UnknownHostException.
        UnknownHostException unresolved = new UnknownHostException("Failed to resolve 'api.example.com' [A(1)]");
        unresolved.initCause(new IllegalStateException("query refused"));
        assertThat(Failures.describe(new IOException("connect failed", unresolved))).isEqualTo("unknown host");
        assertThat(Failures.describe(new UnknownHostException("x"))).isEqualTo("unknown host");
    }

    @Test
    void networkFailuresKeepTheirOwnWordsOnOneLine() {
        assertThat(Failures.describe(new ConnectException("Connection refused\n: /127.0.0.1:9")))
                .isEqualTo("Connection refused : /127.0.0.1:9");
        assertThat(Failures.describe(new IllegalArgumentException("a message that could hold anything")))
                .isEqualTo("IllegalArgumentException");
    }
}
