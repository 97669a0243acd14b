package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Hosting platforms, infrastructure-as-code services and secret managers: keys that deploy or unlock everything. */
final class PlatformRules {

    private PlatformRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("heroku-api-key", "Heroku API key or OAuth token")
                        .shape("HRKU-AA<b64u:58>").confidence(Confidence.HIGH).build(),
                named("heroku-api-key-legacy", "Heroku API key, legacy UUID format (named)",
                        "[0-9a-fA-F-]", 36, 36, "heroku"),
                rule("flyio-token", "Fly.io access token (fo1_, fm1a_, fm1r_, fm2_; FlyV1 macaroons)")
                        .shape("fo1_<b64u:43>", "fm1a_<b64:100-4000><[=]:0-3>", "fm1r_<b64:100-4000><[=]:0-3>",
                                "fm2_<b64:100-4000><[=]:0-3>")
                        .entropy(4.0).build(),
                rule("deno-deploy-token", "Deno Deploy access token")
                        .shape("ddp_<b62:36-40>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("inngest-signing-key", "Inngest signing key")
                        .shape("signkey-prod-<hexl:64>", "signkey-test-<hexl:64>", "signkey-branch-<hexl:64>")
                        .confidence(Confidence.HIGH).build(),
                rule("vercel-token", "Vercel personal, integration or app token, or AI Gateway key")
                        .shape("vcp_<b64u:20-60>", "vci_<b64u:20-60>", "vca_<b64u:20-60>", "vcr_<b64u:20-60>",
                                "vck_<b64u:20-60>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                named("vercel-token-legacy", "Vercel access token, unprefixed format (named)", "b62", 24, 24,
                        "vercel"),
                rule("netlify-pat", "Netlify personal access token")
                        .shape("nfp_<b62:36-40>").entropy(3.5).build(),
                rule("render-api-key", "Render API key")
                        .shape("rnd_<b62:24-40>").entropy(3.8).validator(BodyChecks.randomBase62(4)).build(),
                named("railway-token", "Railway API or project token (named)",
                        "[0-9a-fA-F-]", 36, 36, "railway"),
                rule("supabase-pat", "Supabase personal access token (Management API)")
                        .shape("sbp_<hexl:40>").confidence(Confidence.HIGH).build(),
                rule("supabase-secret-key", "Supabase secret API key (bypasses row-level security)")
                        .shape("sb_secret_<b64u:30-64>").entropy(3.5).build(),
                rule("planetscale-password", "PlanetScale database password")
                        .shape("pscale_pw_<b64u:32-64>").entropy(3.0).build(),
                rule("planetscale-api-token", "PlanetScale service token")
                        .shape("pscale_tkn_<b64u:32-64>").entropy(3.0).build(),
                rule("planetscale-oauth-token", "PlanetScale OAuth token")
                        .shape("pscale_oauth_<b64u:32-64>").entropy(3.0).build(),
                rule("terraform-cloud-token", "HCP Terraform (Terraform Cloud/Enterprise) API token")
                        .shape("<b62:14>.atlasv1.<b64u:60-70>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("pulumi-access-token", "Pulumi access token")
                        .shape("pul-<hexl:40>").confidence(Confidence.HIGH).build(),
                rule("vault-service-token", "HashiCorp Vault service token")
                        .shape("hvs.<b64u:90-250>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("vault-batch-token", "HashiCorp Vault batch token")
                        .shape("hvb.<b64u:138-400>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("vault-recovery-token", "HashiCorp Vault recovery token")
                        .shape("hvr.<b64u:90-250>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("vault-unseal-key", "HashiCorp Vault unseal key (as printed by vault operator init)")
                        .shape("Unseal Key <digit:1-2>: {<b64:44>}", "operator unseal {<b64:44>}").entropy(4.0)
                        .confidence(Confidence.HIGH).build(),
                // Before Vault 1.10 tokens were "s." plus 24 characters: too short a prefix to trigger on alone.
                named("vault-legacy-token", "HashiCorp Vault token, pre-1.10 format (named)",
                        "[A-Za-z0-9.]", 26, 26, "vault_token"),
                rule("doppler-personal-token", "Doppler personal token")
                        .shape("dp.pt.<b62:40-44>").confidence(Confidence.HIGH).build(),
                rule("doppler-cli-token", "Doppler CLI token")
                        .shape("dp.ct.<b62:40-44>").confidence(Confidence.HIGH).build(),
                rule("doppler-service-token", "Doppler service token")
                        .shape("dp.st.<b62:40-44>", "dp.st.<[a-z0-9_-]:2-35>.<b62:40-44>")
                        .confidence(Confidence.HIGH).build(),
                rule("doppler-service-account-token", "Doppler service account token")
                        .shape("dp.sa.<b62:40-44>").confidence(Confidence.HIGH).build(),
                rule("doppler-scim-token", "Doppler SCIM token")
                        .shape("dp.scim.<b62:40-44>").confidence(Confidence.HIGH).build(),
                rule("doppler-audit-token", "Doppler audit token")
                        .shape("dp.audit.<b62:40-44>").confidence(Confidence.HIGH).build(),
                rule("1password-service-account-token", "1Password service account token")
                        .shape("ops_eyJ<b64:250-4000><[=]:0-3>").entropy(4.0).confidence(Confidence.HIGH).build(),
                rule("1password-secret-key", "1Password account secret key")
                        .shape("A3-<uppernum:6>-<uppernum:11>-<uppernum:5>-<uppernum:5>-<uppernum:5>",
                                "A3-<uppernum:6>-<uppernum:6>-<uppernum:5>-<uppernum:5>-<uppernum:5>-<uppernum:5>")
                        .entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("mongodb-atlas-service-account-secret", "MongoDB Atlas service account secret")
                        .shape("mdb_sa_sk_<b64u:40>").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("mongodb-atlas-private-key", "MongoDB Atlas programmatic API private key (named)",
                        "[0-9a-fA-F-]", 36, 36, "atlas_private", "atlas_api_private"));
    }
}
