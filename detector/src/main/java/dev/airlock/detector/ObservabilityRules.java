package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Monitoring, logging and incident tools: their keys sit in every service's environment and agent config. */
final class ObservabilityRules {

    private ObservabilityRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("sentry-org-token", "Sentry organization auth token")
                        .shape("sntrys_eyJ<b64:20-600><[=]:0-2>_<b64:43>").entropy(4.0).confidence(Confidence.HIGH)
                        .build(),
                rule("sentry-user-token", "Sentry user auth token")
                        .shape("sntryu_<hexl:64>").confidence(Confidence.HIGH).build(),
                named("datadog-api-key", "Datadog API key (named)",
                        "hex", 32, 32, "datadog_api_key", "dd_api_key"),
                named("datadog-app-key", "Datadog application key (named)",
                        "hex", 40, 40, "datadog_app_key", "dd_app_key", "datadog_application_key",
                        "dd_application_key"),
                rule("newrelic-user-api-key", "New Relic user API key")
                        .shape("NRAK-<b62:27>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("newrelic-rest-api-key", "New Relic REST API key")
                        .shape("NRRA-<hexl:42>").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("newrelic-admin-api-key", "New Relic admin API key")
                        .shape("NRAA-<b62:27>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("newrelic-insert-key", "New Relic Insights insert key")
                        .shape("NRII-<b64u:32>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("newrelic-query-key", "New Relic Insights query key")
                        .shape("NRIQ-<b64u:32>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("newrelic-browser-key", "New Relic browser (ingest) key")
                        .shape("NRJS-<hexl:19>").build(),
                rule("newrelic-license-key", "New Relic ingest license key")
                        .shape("<lowernum:36>NRAL").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("grafana-cloud-token", "Grafana Cloud access policy token")
                        .shape("glc_eyJ<b64:29-400><[=]:0-3>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("grafana-service-account-token", "Grafana service account token")
                        .shape("glsa_<b62:32>_<hex:8>").confidence(Confidence.HIGH).build(),
                rule("grafana-api-key", "Grafana API key (legacy)")
                        .shape("eyJrIjoi<b62:40-400><[=]:0-3>").entropy(3.5)
                        .validator(BodyChecks::grafanaLegacyKey).build(),
                rule("axiom-token", "Axiom API or personal access token")
                        .shape("xaat-<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>",
                                "xapt-<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>")
                        .entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("honeycomb-ingest-key", "Honeycomb ingest key")
                        .shape("hcaik_<lowernum:40-80>", "hcxik_<lowernum:40-80>").build(),
                named("honeycomb-api-key", "Honeycomb configuration or classic API key (named)",
                        "b62", 22, 32, "honeycomb"),
                named("pagerduty-api-key", "PagerDuty REST API key or integration key (named)",
                        "[A-Za-z0-9_+-]", 20, 32, "pagerduty"),
                rule("dynatrace-api-token", "Dynatrace API token")
                        .shape("dt0c01.<uppernum:24>.<uppernum:64>").confidence(Confidence.HIGH).build(),
                named("splunk-hec-token", "Splunk HTTP Event Collector token (named)",
                        "[0-9a-fA-F-]", 36, 36, "splunk"),
                named("elastic-api-key", "Elastic / Elasticsearch API key (named)",
                        "[A-Za-z0-9+/=_-]", 40, 120, "elastic"),
                rule("elastic-cloud-api-key", "Elastic Cloud API key (essu_)")
                        .shape("essu_<b64u:60-200><[=]:0-2>").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("sumologic-access-key", "Sumo Logic access key (named)",
                        "b62", 64, 64, "sumologic", "sumo_access_key"),
                named("rollbar-access-token", "Rollbar access token (named)", "hexl", 32, 32, "rollbar"),
                named("opsgenie-api-key", "Opsgenie API key (named)", "[0-9a-fA-F-]", 36, 36, "opsgenie"));
    }
}
