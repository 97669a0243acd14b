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
    void anOpenAiCompatibleProvidersAnthropicEndpointAnswersAsAnthropic() {
        // DeepSeek, Moonshot and Z.ai under a path of their own, OpenRouter under /api, Claude Code's query.
        assertThat(Dialect.OPENAI.at("/anthropic/v1/messages")).isEqualTo(Dialect.ANTHROPIC);
        assertThat(Dialect.OPENAI.at("/api/anthropic/v1/messages?beta=true")).isEqualTo(Dialect.ANTHROPIC);
        assertThat(Dialect.OPENAI.at("/api/v1/messages")).isEqualTo(Dialect.ANTHROPIC);
        assertThat(Dialect.OPENAI.at("/v1/messages/count_tokens")).isEqualTo(Dialect.ANTHROPIC);
        // OpenAI's own paths that mention messages stay OpenAI's.
        assertThat(Dialect.OPENAI.at("/v1/threads/thread_abc/messages")).isEqualTo(Dialect.OPENAI);
        assertThat(Dialect.OPENAI.at("/v1/chat/completions?x=/v1/messages")).isEqualTo(Dialect.OPENAI);
        assertThat(Dialect.OPENAI.at("/v1/messages/batches")).isEqualTo(Dialect.OPENAI);
    }

    @Test
    void theOtherDialectsAreTheSameWhateverThePath() {
        for (Dialect d : new Dialect[] {Dialect.ANTHROPIC, Dialect.GEMINI, Dialect.OLLAMA}) {
            assertThat(d.at("/compatibility/v1/chat/completions")).isEqualTo(d);
            assertThat(d.at("/v1/messages")).isEqualTo(d);
        }
    }
}
