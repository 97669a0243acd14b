package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scanner's memory is partitioned by: the credentials a provider knows the client by, and nothing else. */
class ClientPartitionTest {

    private static String of(Header... headers) {
        return RequestInspector.partition(List.of(headers), "/v1beta/models/gemini-2.5-flash:generateContent");
    }

    @Test
    void clientsWithDifferentCredentialsNeverShareAPartition() {
        assertThat(of(new Header("Authorization", "Bearer one")))
                .isNotEqualTo(of(new Header("Authorization", "Bearer two")))
                .isNotEqualTo(of())
                .isEqualTo(of(new Header("authorization", "Bearer one")));
        assertThat(of(new Header("x-api-key", "k"))).as("the header is part of the name")
                .isNotEqualTo(of(new Header("api-key", "k")))
                .isNotEqualTo(of(new Header("Authorization", "k")));
        assertThat(of(new Header("x-goog-api-key", "ab"), new Header("api-key", "c")))
                .as("values cannot run into each other")
                .isNotEqualTo(of(new Header("x-goog-api-key", "a"), new Header("api-key", "bc")));
    }

    @Test
    void aKeyInTheQueryStringOrInAWebSocketSubprotocolIsACredentialToo() {
        String path = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
        assertThat(RequestInspector.partition(List.of(), path + "?alt=sse&key=one"))
                .isNotEqualTo(RequestInspector.partition(List.of(), path + "?alt=sse&key=two"))
                .isNotEqualTo(RequestInspector.partition(List.of(), path + "?alt=sse"))
                .isEqualTo(RequestInspector.partition(List.of(), path + "?key=one&alt=sse"));
        assertThat(RequestInspector.partition(List.of(), path + "?monkey=one")).isEmpty();
        assertThat(of(new Header("Sec-WebSocket-Protocol", "realtime, openai-insecure-api-key.one")))
                .isNotEqualTo(of(new Header("Sec-WebSocket-Protocol", "realtime, openai-insecure-api-key.two")));
    }

    @Test
    void headersThatAreNotCredentialsDoNotSplitAClient() {
        assertThat(of(new Header("Authorization", "Bearer one"), new Header("Content-Type", "application/json"),
                new Header("User-Agent", "agent/1.0")))
                .isEqualTo(of(new Header("Authorization", "Bearer one")));
        assertThat(of(new Header("Content-Type", "application/json"))).isEmpty();
    }
}
