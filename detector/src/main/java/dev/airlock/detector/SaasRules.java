package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Productivity, CRM, content and product-analytics services that developers script against. */
final class SaasRules {

    private static final String UUID = "<hex:8>-<hex:4>-<hex:4>-<hex:4>-<hex:12>";

    private SaasRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("linear-api-key", "Linear personal API key")
                        .shape("lin_api_<b62:40>").confidence(Confidence.HIGH).build(),
                rule("linear-oauth-token", "Linear OAuth access token")
                        .shape("lin_oauth_<hexl:64>").confidence(Confidence.HIGH).build(),
                rule("notion-integration-token", "Notion integration token")
                        .shape("ntn_<digit:11><b62:35>").confidence(Confidence.HIGH).build(),
                rule("notion-integration-token-legacy", "Notion integration token, legacy secret_ format")
                        .shape("secret_<b62:43>").entropy(3.8).validator(BodyChecks.randomBase62(7)).build(),
                rule("airtable-pat", "Airtable personal access token")
                        .shape("pat<b62:14>.<hexl:64>").confidence(Confidence.HIGH).build(),
                named("asana-pat", "Asana personal access token (named)", "[0-9a-f/:]", 34, 90, "asana"),
                rule("posthog-personal-api-key", "PostHog personal API key (not the public phc_ project key)")
                        .shape("phx_<word:43-48>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("segment-public-api-token", "Segment Public API token")
                        .shape("sgp_<b62:64>").entropy(3.5).build(),
                rule("zoho-oauth-token", "Zoho OAuth access or refresh token")
                        .shape("1000.<hexl:32>.<hexl:32>").entropy(3.0).build(),
                rule("voiceflow-api-key", "Voiceflow Dialog Manager or workspace API key")
                        .shape("VF.DM.<hex:24>.<b62:16>", "VF.WS.<hex:24>.<b62:16>").entropy(3.0).build(),
                rule("flexport-api-token", "Flexport API token")
                        .shape("shltm_<b64u:40>").entropy(3.5).build(),
                rule("nightfall-api-key", "Nightfall API key")
                        .shape("NF-<b62:32>").entropy(3.5).validator(BodyChecks.randomBase62(4)).build(),
                rule("ubidots-token", "Ubidots API token")
                        .shape("BBFF-<b62:30>").entropy(3.5).build(),
                rule("ionic-pat", "Ionic (Appflow) personal access token")
                        .shape("ion_<b62:42>").entropy(3.5).build(),
                rule("paddle-api-key", "Paddle Billing API key")
                        .shape("pdl_live_apikey_<word:30-80>", "pdl_sdbx_apikey_<word:30-80>").entropy(3.5)
                        .confidence(Confidence.HIGH).build(),
                rule("youtrack-permanent-token", "YouTrack / JetBrains Hub permanent token")
                        .shape("perm:<b64:4-64><[=]:0-2>.<b64:4-16><[=]:0-2>.<b62:30>",
                                "perm-<b64:4-64><[=]:0-2>.<b64:4-16><[=]:0-2>.<b62:30>")
                        .entropy(3.0).build(),
                rule("riot-games-api-key", "Riot Games developer API key")
                        .shape("RGAPI-<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>").entropy(3.0)
                        .confidence(Confidence.HIGH).build(),
                rule("canva-client-secret", "Canva Connect API client secret")
                        .shape("cnvca<b64u:51>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("brave-search-api-key", "Brave Search API key")
                        .shape("BSA<b64u:24-40>").entropy(3.5).validator(BodyChecks.randomKeyBody(3)).build(),
                rule("wakatime-api-key", "WakaTime API key")
                        .shape("waka_<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>", "waka_sec_<b62:80>", "waka_tok_<b62:80>",
                                "waka_ref_<b62:80>")
                        .confidence(Confidence.HIGH).build(),
                rule("figma-pat", "Figma personal access token")
                        .shape("figd_<b64u:38-42>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("hubspot-private-app-token", "HubSpot private app or personal access token")
                        .shape("pat-<lower:2><digit:1>-" + UUID).confidence(Confidence.HIGH).build(),
                named("hubspot-api-key", "HubSpot API key, legacy UUID format (named)",
                        "[0-9a-fA-F-]", 36, 36, "hubspot"),
                // Base64 of "tok:" and a UUID: found bare too.
                rule("intercom-access-token-encoded", "Intercom access token")
                        .shape("dG9rO<[jm]:1><b64:53>=").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("trello-token", "Trello API token")
                        .shape("ATTA<b62:72>").entropy(3.5).validator(BodyChecks.randomKeyBody(4)).build(),
                rule("pinterest-token", "Pinterest access or refresh token")
                        .shape("pina_<b64u:20-200>", "pinr_<b64u:20-200>").entropy(3.5)
                        .validator(BodyChecks.randomKeyBody(5)).build(),
                rule("samsara-api-token", "Samsara API token")
                        .shape("samsara_api_<b62:26-32>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("postman-collection-key", "Postman collection access key")
                        .shape("PMAT-<[0-9A-HJKMNP-TV-Z]:26>").entropy(3.0).build(),
                rule("rootly-api-key", "Rootly API key")
                        .shape("rootly_<hexl:64>").confidence(Confidence.HIGH).build(),
                rule("zuplo-api-key", "Zuplo consumer API key")
                        .shape("zpka_<lowernum:32>_<hexl:8>").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("unkey-root-key", "Unkey root key")
                        .shape("unkey_<b62:20-32>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("val-town-api-token", "Val Town API token")
                        .shape("vtwn_<b64u:20-80>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("lichess-token", "Lichess personal access or OAuth token")
                        .shape("lip_<b62:20>", "lio_<b62:20>").entropy(3.5).build(),
                rule("devcycle-server-sdk-key", "DevCycle server SDK key")
                        .shape("dvc_server_<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>_<hexl:7>")
                        .confidence(Confidence.HIGH).build(),
                rule("mergify-application-key", "Mergify application key")
                        .shape("mergify_application_key_<b64u:40-200>").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("intercom-access-token", "Intercom access token (named)",
                        "[A-Za-z0-9+/=_-]", 50, 80, "intercom"),
                named("zendesk-api-token", "Zendesk API token (named)", "b62", 40, 40, "zendesk"),
                named("freshdesk-api-key", "Freshdesk API key (named)", "b62", 20, 20, "freshdesk"),
                named("mattermost-access-token", "Mattermost personal access or bot token (named)",
                        "b62", 26, 26, "mattermost"),
                named("zoom-client-secret", "Zoom OAuth client secret (named)", "b62", 32, 32, "zoom"),
                rule("typeform-pat", "Typeform personal access token")
                        .shape("tfp_<b64u:40-64>").entropy(3.5).build(),
                rule("contentful-pat", "Contentful personal access token")
                        .shape("CFPAT-<b64u:43>").confidence(Confidence.HIGH).build(),
                rule("dropbox-access-token", "Dropbox short-lived access token")
                        .shape("sl.<b64u:130-1400>", "sl.u.<b64u:130-1400>").entropy(3.5).build(),
                named("box-client-secret", "Box client secret or developer token (named)",
                        "b62", 32, 32, "box_client_secret", "box_developer_token"),
                rule("clickup-api-token", "ClickUp personal API token")
                        .shape("pk_<digit:6-10>_<uppernum:32>").entropy(3.0).build(),
                named("algolia-admin-key", "Algolia admin API key (named)", "hex", 32, 32, "algolia_admin"),
                rule("mapbox-secret-token", "Mapbox secret or temporary access token (not the public pk. token)")
                        .shape("sk.eyJ1<b64u:40-300>.<b64u:22>", "tk.eyJ1<b64u:40-300>.<b64u:22>")
                        .confidence(Confidence.HIGH).build(),
                rule("cloudinary-url", "Cloudinary URL with API secret")
                        .shape("cloudinary://<digit:12-16>:{<b64u:20-40>}@<[a-z0-9_-]:2-40>")
                        .confidence(Confidence.HIGH).build(),
                named("mixpanel-api-secret", "Mixpanel API secret (named)",
                        "hex", 32, 32, "mixpanel_secret", "mixpanel_api_secret"),
                named("amplitude-secret-key", "Amplitude secret key (named)", "hex", 32, 32, "amplitude_secret"),
                // "api-" or "sdk-" before a UUID also names request and resource ids: low confidence.
                rule("launchdarkly-api-token", "LaunchDarkly API access token")
                        .shape("api-" + UUID).confidence(Confidence.LOW).build(),
                rule("launchdarkly-sdk-key", "LaunchDarkly server-side SDK key")
                        .shape("sdk-" + UUID).confidence(Confidence.LOW).build(),
                rule("maxmind-license-key", "MaxMind license key")
                        .shape("<b62:6>_<b62:29>_mmk").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("todoist-api-token", "Todoist API token (named)", "hexl", 40, 40, "todoist"),
                named("pipedrive-api-token", "Pipedrive API token (named)", "hexl", 40, 40, "pipedrive"));
    }
}
