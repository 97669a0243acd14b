package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void cohereAnswersInItsOwnShapeButOnItsOpenAiCompatibleEndpoints() {
        assertThat(Dialect.COHERE.at("/v2/chat")).isEqualTo(Dialect.COHERE);
        assertThat(Dialect.COHERE.at("/v1/embed")).isEqualTo(Dialect.COHERE);
        assertThat(Dialect.COHERE.at("/compatibility/v1/chat/completions")).isEqualTo(Dialect.OPENAI);
        assertThat(Dialect.COHERE.at("/compatibilityx")).isEqualTo(Dialect.COHERE);
    }

    @Test
    void everyOtherDialectIsTheSameWhateverThePath() {
        for (Dialect d : Dialect.values()) {
            if (d != Dialect.COHERE) {
                assertThat(d.at("/compatibility/v1/chat/completions")).isEqualTo(d);
            }
        }
    }
}
