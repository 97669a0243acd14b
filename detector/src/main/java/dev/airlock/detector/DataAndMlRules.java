package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Hosted databases, data streaming, ML platforms and the AI tool APIs that agents call. */
final class DataAndMlRules {

    private static final String UUID = "<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>";

    private DataAndMlRules() {
    }

    static List<Rule> rules() {
        return List.of(
                named("neon-api-key", "Neon API key (named)", "lowernum", 60, 72, "neon_api"),
                rule("neon-api-key-prefixed", "Neon API key (napi_)")
                        .shape("napi_<lowernum:60-72>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("kaggle-api-token", "Kaggle API token")
                        .shape("KGAT_<hexl:32>").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("wandb-api-key-prefixed", "Weights & Biases API key (wandb_v1_)")
                        .shape("wandb_v1_<word:60-100>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("dbt-cloud-token", "dbt Cloud personal access or service token")
                        .shape("dbtu_<b64u:40-60>", "dbtc_<b64u:40-60>").entropy(3.5).confidence(Confidence.HIGH)
                        .build(),
                rule("cockroachdb-cloud-api-key", "CockroachDB Cloud service-account API key")
                        .shape("CCDB1_<b62:22>_<b62:40>").confidence(Confidence.HIGH).build(),
                // Aiven generates these for its managed PostgreSQL, MySQL and Valkey users.
                rule("aiven-service-password", "Aiven service password")
                        .shape("AVNS_<b64u:19-24>").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("datastax-astra-token", "DataStax Astra DB application token")
                        .shape("AstraCS:<alpha:24>:<hexl:64>").confidence(Confidence.HIGH).build(),
                // Tinybird's tokens are "p." and a signed JSON payload ({"u": "…) with its signature.
                rule("tinybird-token", "Tinybird API token")
                        .shape("p.eyJ1Ijog<b64u:40-800>.<b64u:43>").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("upstash-token", "Upstash Redis REST or QStash token (named)",
                        "[A-Za-z0-9+/=_-]", 40, 300, "upstash"),
                rule("clickhouse-cloud-secret", "ClickHouse Cloud API key secret")
                        .shape("4b1d<b62:38>").entropy(3.0).build(),
                named("confluent-api-secret", "Confluent Cloud API secret (named)", "b64", 64, 64, "confluent"),
                rule("prefect-api-key", "Prefect Cloud API key")
                        .shape("pnu_<b62:36>").confidence(Confidence.HIGH).build(),
                named("wandb-api-key", "Weights & Biases API key (named)", "hexl", 40, 40, "wandb"),
                rule("modal-token-secret", "Modal token secret")
                        .shape("as-<b62:22>").entropy(3.5).validator(BodyChecks.randomBase62(3)).build(),
                named("deepgram-api-key", "Deepgram API key (named)", "hex", 40, 40, "deepgram"),
                rule("elevenlabs-api-key", "ElevenLabs API key")
                        .shape("sk_<hexl:48>").entropy(3.0).build(),
                named("elevenlabs-api-key-legacy", "ElevenLabs API key, legacy 32-hex format (named)",
                        "hex", 32, 32, "elevenlabs", "xi_api_key"),
                named("assemblyai-api-key", "AssemblyAI API key (named)", "hex", 32, 32, "assemblyai", "assembly_ai"),
                rule("langfuse-secret-key", "Langfuse secret key")
                        .shape("sk-lf-" + UUID).confidence(Confidence.HIGH).build(),
                rule("firecrawl-api-key", "Firecrawl API key")
                        .shape("fc-<hexl:32>").entropy(3.0).build(),
                rule("apify-api-token", "Apify API token")
                        .shape("apify_api_<b62:36>").entropy(3.5).build(),
                rule("e2b-api-key", "E2B API key")
                        .shape("e2b_<hexl:40>").confidence(Confidence.HIGH).build(),
                named("serpapi-api-key", "SerpApi API key (named)", "hexl", 64, 64, "serpapi", "serp_api"));
    }
}
