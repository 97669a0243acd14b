package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Identity providers, social-platform and push-notification credentials. */
final class IdentityRules {

    private static final String TWITTER_PREFIX = "A".repeat(21);

    private IdentityRules() {
    }

    static List<Rule> rules() {
        return List.of(
                named("okta-api-token", "Okta API token (named)", "b64u", 42, 42, "okta"),
                rule("stytch-secret-key", "Stytch project secret (live or test)")
                        .shape("secret-live-<b64u:28-44><[=]:0-2>", "secret-test-<b64u:28-44><[=]:0-2>").entropy(3.5)
                        .confidence(Confidence.HIGH).build(),
                rule("okta-ssws-token", "Okta API token in an SSWS authorization header")
                        .shape("SSWS {00<b64u:40>}").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("auth0-client-secret", "Auth0 client secret (named)", "b64u", 64, 64, "auth0"),
                // The four leading A's are a fixed-length run, not a literal: "AAAA" would trigger on every
                // base64 blob, ":APA91b" triggers only on server keys.
                rule("firebase-cloud-messaging-key", "Firebase Cloud Messaging legacy server key")
                        .shape("<[A]:4><b64u:7>:APA91b<b64u:134>").confidence(Confidence.HIGH).build(),
                rule("facebook-access-token", "Facebook / Meta Graph API access token")
                        .shape("EAA<b62:100-400>").entropy(4.0).build(),
                // App-only bearer tokens start with 21 'A's and most carry a second run of eight 'A's a few
                // characters later. Only what follows the runs is reported, so the repetitive-filler filter
                // does not reject the token as a placeholder.
                rule("twitter-bearer-token", "X (Twitter) app-only bearer token")
                        .shape(TWITTER_PREFIX + "{<[A-Za-z0-9%]:80-120>}",
                                TWITTER_PREFIX + "<[A-Za-z0-9]:4>AAAAAAAA{<[A-Za-z0-9%]:60-110>}")
                        .entropy(4.0).build(),
                rule("twitch-stream-key", "Twitch stream key")
                        .shape("live_<digit:6-12>_<b62:30>").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("twitch-token", "Twitch client secret or OAuth token (named)", "b62", 30, 30, "twitch"),
                rule("salesforce-refresh-token", "Salesforce OAuth refresh token")
                        .shape("5Aep861<[A-Za-z0-9._=]:70-120>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("amazon-lwa-credential", "Login with Amazon client secret or refresh/access token (SP-API, Ads API)")
                        .shape("amzn1.oa2-cs.v1.<hexl:64>", "Atzr|<[A-Za-z0-9_|=+/-]:100-600>",
                                "Atza|<[A-Za-z0-9_|=+/-]:100-600>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("linkedin-client-secret", "LinkedIn OAuth client secret")
                        .shape("WPL_AP<digit:1>.<b62:16>.<b64:6>==").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("onfido-api-token", "Onfido API token (live or sandbox)")
                        .shape("api_live.<[A-Za-z0-9_.-]:20-80>", "api_live_us.<[A-Za-z0-9_.-]:20-80>",
                                "api_live_ca.<[A-Za-z0-9_.-]:20-80>", "api_sandbox.<[A-Za-z0-9_.-]:20-80>",
                                "api_sandbox_us.<[A-Za-z0-9_.-]:20-80>", "api_sandbox_ca.<[A-Za-z0-9_.-]:20-80>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("persona-api-key", "Persona API key (production or sandbox)")
                        .shape("persona_production_<[a-z0-9_-]:20-80>", "persona_sandbox_<[a-z0-9_-]:20-80>")
                        .entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("salesforce-access-token", "Salesforce session or OAuth access token")
                        .shape("00D<b62:12>!<[A-Za-z0-9._-]:80-260>").entropy(3.5).confidence(Confidence.HIGH)
                        .build());
    }
}
