package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Keys of the AI providers whose traffic Airlock guards: the credentials most likely to end up in a prompt. */
final class AiProviderRules {

    private AiProviderRules() {
    }

    static List<Rule> rules() {
        // OpenAI's keys carry a fixed marker (T3BlbkFJ) inside and Anthropic's a fixed ending: found glued to a
        // preceding letter or digit too.
        return List.of(
                rule("openai-project-key", "OpenAI project API key")
                        .shape("sk-proj-<b64u:58-74>T3BlbkFJ<b64u:58-74>")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("openai-service-account-key", "OpenAI service-account API key")
                        .shape("sk-svcacct-<b64u:58-74>T3BlbkFJ<b64u:58-74>")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("openai-admin-key", "OpenAI admin API key")
                        .shape("sk-admin-<b64u:58-74>T3BlbkFJ<b64u:58-74>")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("openai-user-key", "OpenAI user API key (sk-None-)")
                        .shape("sk-None-<b64u:58-74>T3BlbkFJ<b64u:58-74>")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("openai-legacy-key", "OpenAI legacy API key")
                        .shape("sk-<b62:20>T3BlbkFJ<b62:20>")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("anthropic-api-key", "Anthropic API key")
                        .shape("sk-ant-api<digit:2>-<b64u:80-100>AA")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("anthropic-admin-key", "Anthropic Admin API key")
                        .shape("sk-ant-admin<digit:2>-<b64u:80-100>AA")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("anthropic-oauth-token", "Anthropic OAuth access or refresh token (Claude Code login)")
                        .shape("sk-ant-oat<digit:2>-<b64u:80-120>", "sk-ant-ort<digit:2>-<b64u:80-120>")
                        .confidence(Confidence.HIGH).build(),
                rule("anthropic-session-key", "Anthropic claude.ai session key (the sessionKey cookie)")
                        .shape("sk-ant-sid<digit:2>-<b64u:80-120>")
                        .confidence(Confidence.HIGH).build(),
                // Many OpenAI-compatible providers and gateways issue "sk-" and a random body with no marker of
                // their own (Moonshot, Stability, SiliconFlow, DashScope, one-api, LiteLLM's virtual keys): below the
                // named formats, which keep their names where both match.
                rule("sk-secret-key", "Secret key with the sk- prefix of OpenAI-compatible providers and gateways")
                        .shape("sk-<b64u:20-160>").entropy(3.5).validator(BodyChecks.randomKeyBody(3)).priority(5)
                        .build(),
                rule("openai-session-key", "OpenAI session key (sess-, legacy)")
                        .shape("sess-<b62:40>").entropy(3.5).validator(BodyChecks.randomKeyBody(5)).build(),
                rule("google-api-key", "Google API key (Gemini, Maps, Firebase)")
                        .shape("AIza<b64u:35>").build(),
                // Google AI Studio issues only these now (its older keys are AIza…); GCP calls them API keys bound to a
                // service account.
                rule("google-bound-api-key", "Google API key bound to a service account (AQ., AI Studio's Gemini keys)")
                        .shape("AQ.Ab8RN6<b64u:44>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("google-oauth-client-secret", "Google OAuth client secret")
                        .shape("GOCSPX-<b64u:28>").build(),
                rule("google-oauth-access-token", "Google OAuth access token")
                        .shape("ya29.<b64u:30-1024>").entropy(3.5).build(),
                rule("huggingface-token", "Hugging Face access token")
                        .shape("hf_<alpha:34>").entropy(3.5).build(),
                rule("huggingface-org-token", "Hugging Face organisation API token")
                        .shape("api_org_<alpha:34>").entropy(3.5).build(),
                rule("groq-api-key", "Groq API key")
                        .shape("gsk_<b62:52>").build(),
                rule("xai-api-key", "xAI (Grok) API key")
                        .shape("xai-<word:70-120>").entropy(3.5).build(),
                rule("perplexity-api-key", "Perplexity API key")
                        .shape("pplx-<b62:48>").build(),
                rule("replicate-api-token", "Replicate API token")
                        .shape("r8_<b62:37>").build(),
                rule("openrouter-api-key", "OpenRouter API key")
                        .shape("sk-or-v1-<hexl:64>").confidence(Confidence.HIGH).build(),
                rule("deepseek-api-key", "DeepSeek API key")
                        .shape("sk-<hexl:32>").entropy(3.0).build(),
                rule("fireworks-api-key", "Fireworks AI API key")
                        .shape("fw_<b62:24>").entropy(3.0).build(),
                // Long-term keys are "ABSK" + base64("BedrockAPIKey-…-at-<account>:<secret>"); short-term ones are
                // "bedrock-api-key-" + base64 of a presigned bedrock.amazonaws.com URL.
                rule("aws-bedrock-api-key", "Amazon Bedrock API key (long-term or short-term)")
                        .shape("ABSKQmVkcm9ja0FQSUtleS<b64:60-300><[=]:0-2>",
                                "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t<b64u:100-4096><[=]:0-2>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("llamacloud-api-key", "LlamaCloud (LlamaParse, LlamaIndex) API key")
                        .shape("llx-<b62:44-52>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("nvidia-api-key", "NVIDIA API key (build.nvidia.com, NGC, NIM)")
                        .shape("nvapi-<b64u:60-70>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("cerebras-api-key", "Cerebras API key")
                        .shape("csk-<lowernum:48>").build(),
                rule("langsmith-api-key", "LangSmith API key or personal access token")
                        .shape("lsv2_pt_<hexl:32>_<hexl:10>", "lsv2_sk_<hexl:32>_<hexl:10>").build(),
                rule("pinecone-api-key", "Pinecone API key")
                        .shape("pcsk_<b62:5-6>_<b62:60-70>").build(),
                named("mistral-api-key", "Mistral API key (named in its assignment)",
                        "b62", 32, 32, "mistral"),
                named("cohere-api-key", "Cohere API key (named in its assignment)",
                        "b62", 40, 40, "cohere", "co_api_key"),
                rule("tavily-api-key", "Tavily search API key (used by AI agents)")
                        .shape("tvly-<b62:32>", "tvly-dev-<b62:32>", "tvly-prod-<b62:32>").build(),
                rule("jina-api-key", "Jina AI API key")
                        .shape("jina_<b62:60>").entropy(3.5).build(),
                rule("together-api-key", "Together AI API key")
                        .shape("tgp_v1_<b64u:43>").build(),
                rule("minimax-api-key", "MiniMax API key")
                        .shape("sk-api-<b64u:100-140>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("runpod-api-key", "RunPod API key")
                        .shape("rpa_<uppernum:40><b62:6>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("cartesia-api-key", "Cartesia API key")
                        .shape("sk_car_<word:20-40>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("browserbase-api-key", "Browserbase API key")
                        .shape("bb_live_<b64u:20-48>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("mem0-api-key", "Mem0 platform API key")
                        .shape("m0-<b62:40>").entropy(3.5).validator(BodyChecks.randomKeyBody(3)).build(),
                rule("devin-api-key", "Devin (Cognition) personal or service API key, or service-user token")
                        .shape("apk_user_<b64:100-200><[=]:0-2>", "apk_<b64:80-100><[=]:0-2>", "cog_<[a-z2-7]:52>")
                        .entropy(3.5).build(),
                rule("voyage-api-key", "Voyage AI API key")
                        .shape("pa-<b64u:40-48>").entropy(3.5).validator(BodyChecks.randomKeyBody(3)).build());
    }
}
