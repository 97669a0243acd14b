package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** CI/CD services, code-quality scanners, API tooling and network tunnels: tokens that sit in every pipeline. */
final class DevToolRules {

    private DevToolRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("circleci-personal-token", "CircleCI personal API token")
                        .shape("CCIPAT_<b62:22-24>_<b62:40>").confidence(Confidence.HIGH).build(),
                rule("circleci-project-token", "CircleCI project API token")
                        .shape("CCIPRJ_<b62:22-24>_<b62:40>").confidence(Confidence.HIGH).build(),
                named("travis-ci-token", "Travis CI API token (named)", "b62", 22, 22, "travis"),
                rule("buildkite-token", "Buildkite user API access token")
                        .shape("bkua_<lowernum:40>", "bkua_<lowernum:53>").entropy(3.0).confidence(Confidence.HIGH)
                        .build(),
                // The agent's own redaction list names these: agent, job, registration, cluster, packages and portal.
                rule("buildkite-agent-token", "Buildkite agent, job, cluster, packages or portal token")
                        .shape("bkaa_<b64u:40-400>", "bkar_<b64u:40-400>", "bkct_<b64u:40-400>", "bkpt_<b64u:40-400>",
                                "bkpat_<b64u:40-400>", "bkps_<b64u:40-400>", "bkaj_<[A-Za-z0-9_.-]:100-1000>",
                                "bkjat_<[A-Za-z0-9_.-]:40-1000>", "bkcqt_<b64u:40-400>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("docker-swarm-token", "Docker Swarm join token or unlock key")
                        .shape("SWMTKN-1-<lowernum:50>-<lowernum:25>", "SWMKEY-1-<b64:43>").entropy(3.5)
                        .confidence(Confidence.HIGH).build(),
                // TeamCity's tokens look like JWTs but their header ({"typ": "TCV2"}) names no algorithm.
                rule("teamcity-access-token", "JetBrains TeamCity access token")
                        .shape("eyJ0eXAiOiAiVENWMiJ9.<[A-Za-z0-9+/_-]:20-80>.<[A-Za-z0-9+/_-]:20-80><[=]:0-2>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                // PVEAPIToken=USER@REALM!TOKENID=UUID: the UUID is the secret; the user and realm name it.
                rule("proxmox-api-token", "Proxmox VE API token")
                        .shape("PVEAPIToken=<[A-Za-z0-9._-]:1-64>@<[a-z0-9]:2-16>!<[A-Za-z0-9._-]:1-64>={<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>}",
                                "@pam!<[A-Za-z0-9._-]:1-64>={<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>}", "@pve!<[A-Za-z0-9._-]:1-64>={<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>}")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("portainer-access-token", "Portainer access token")
                        .shape("ptr_<b64:43><[=]:0-1>").entropy(3.5).validator(BodyChecks.randomKeyBody(4)).build(),
                rule("ntfy-access-token", "ntfy access token")
                        .shape("tk_<lowernum:29>").entropy(3.5).build(),
                rule("socket-api-token", "Socket.dev API token")
                        .shape("sktsec_<b64u:30-60>_api").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("cloudsmith-api-key", "Cloudsmith API key")
                        .shape("csa_<hexl:30><b62:6>").entropy(3.0).build(),
                rule("trigger-dev-secret-key", "Trigger.dev secret key or personal access token")
                        .shape("tr_dev_<b62:20-48>", "tr_stg_<b62:20-48>", "tr_prod_<b62:20-48>", "tr_pat_<b62:40>",
                                "tr_dev_sk_<b62:20-48>", "tr_stg_sk_<b62:20-48>", "tr_prod_sk_<b62:20-48>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("aikido-token", "Aikido Security CI token or API client secret")
                        .shape("AIK_CI_<b62:20-64>", "AIK_SECRET_<b62:64>").entropy(3.5).confidence(Confidence.HIGH)
                        .build(),
                rule("octopus-deploy-api-key", "Octopus Deploy API key")
                        .shape("API-<uppernum:26-28>").entropy(3.5).validator(BodyChecks.digitAfter(4)).build(),
                named("codecov-token", "Codecov upload or API token (named)",
                        "[0-9a-fA-F-]", 36, 36, "codecov"),
                rule("jenkins-initial-admin-password", "Jenkins initial admin password from the setup log")
                        .shape("proceed to installation:<[\r\n]:1-4>{<hexl:32>}").confidence(Confidence.HIGH).build(),
                named("jenkins-api-token", "Jenkins API token (named)", "hex", 32, 34, "jenkins"),
                rule("sonarqube-user-token", "SonarQube/SonarCloud user token")
                        .shape("squ_<hexl:40>").confidence(Confidence.HIGH).build(),
                rule("sonarqube-project-token", "SonarQube project analysis token")
                        .shape("sqp_<hexl:40>").confidence(Confidence.HIGH).build(),
                rule("sonarqube-global-token", "SonarQube global analysis token")
                        .shape("sqa_<hexl:40>").confidence(Confidence.HIGH).build(),
                named("sonar-token", "SonarQube/SonarCloud token, unprefixed format (named)",
                        "hex", 40, 40, "sonar_token", "sonar_login", "sonar.login", "sonarlogin"),
                named("snyk-token", "Snyk API token (named)", "[0-9a-fA-F-]", 36, 36, "snyk"),
                rule("tailscale-auth-key", "Tailscale auth key")
                        .shape("tskey-auth-<b62:6-24>-<b62:20-64>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("tailscale-api-key", "Tailscale API access token")
                        .shape("tskey-api-<b62:6-24>-<b62:20-64>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("tailscale-scim-or-webhook-key", "Tailscale SCIM token or webhook secret")
                        .shape("tskey-scim-<b62:6-24>-<b62:20-64>", "tskey-webhook-<b62:6-24>-<b62:20-64>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("tailscale-oauth-client-secret", "Tailscale OAuth client secret")
                        .shape("tskey-client-<b62:6-24>-<b62:20-64>").entropy(3.5).confidence(Confidence.HIGH)
                        .build(),
                // Tailscale adds key kinds over time; any tskey-<kind>- with the two random parts is one.
                rule("tailscale-key", "Tailscale key of another or future kind")
                        .shape("tskey-<lower:3-12>-<b62:6-24>-<b62:20-64>").entropy(3.5).priority(9).build(),
                // TrueNAS keys are <id>-<64 base62>; without a prefix they are recognised in the JSON-RPC login call.
                rule("truenas-api-key", "TrueNAS API key in an auth.login_with_api_key call")
                        .shape("login_with_api_key\"<[ ,\n\r\t]:0-16>\"params\"<[ :\n\r\t\\[]:0-16>\"{<digit:1-6>-<b62:64>}\"")
                        .entropy(4.0).confidence(Confidence.HIGH).anywhere().build(),
                rule("thingsboard-device-token", "ThingsBoard device access token in a device API URL")
                        .shape("/api/v1/{<b62:20>}/telemetry", "/api/v1/{<b62:20>}/attributes", "/api/v1/{<b62:20>}/rpc")
                        .entropy(3.0).anywhere().build(),
                rule("ngrok-authtoken", "ngrok authtoken on a command line or in ngrok.yml")
                        .shape("add-authtoken {<word:40-60>}", "--authtoken={<word:40-60>}",
                                "--authtoken {<word:40-60>}", "authtoken: {<word:40-60>}")
                        .entropy(3.5).build(),
                named("ngrok-credential", "ngrok authtoken or API key (named)", "word", 40, 60, "ngrok"),
                rule("harness-token", "Harness personal or service account token")
                        .shape("pat.<b64u:22>.<b62:24>.<b62:20>", "sat.<b64u:22>.<b62:24>.<b62:20>").build(),
                rule("sourcegraph-token", "Sourcegraph access token")
                        .shape("sgp_<hex:16>_<hex:40>", "sgp_local_<hex:40>", "sgp_<hex:40>").build(),
                named("sourcegraph-token-legacy", "Sourcegraph access token, unprefixed format (named)",
                        "hex", 40, 40, "sourcegraph", "src_access_token"),
                rule("intra42-client-secret", "42 (intra.42.fr) API client secret")
                        .shape("s-s4t2ud-<hexl:64>", "s-s4t2af-<hexl:64>").confidence(Confidence.HIGH).build(),
                // kubeadm's bootstrap tokens (<id>.<secret>) let a machine join the cluster.
                rule("kubernetes-bootstrap-token", "Kubernetes bootstrap token in a kubeadm command or config")
                        .shape("--token {<lowernum:6>.<lowernum:16>}", "--token={<lowernum:6>.<lowernum:16>}",
                                "token: {<lowernum:6>.<lowernum:16>}", "token: \"{<lowernum:6>.<lowernum:16>}\"")
                        .entropy(3.0).build(),
                rule("postman-api-key", "Postman API key")
                        .shape("PMAK-<hexl:24>-<hexl:34>").confidence(Confidence.HIGH).build(),
                rule("infracost-api-key", "Infracost API key")
                        .shape("ico-<b62:32>").entropy(3.5).validator(BodyChecks.randomBase62(4)).build(),
                rule("defined-networking-api-key", "Defined Networking (Nebula) API key")
                        .shape("dnkey-<b64u:26>-<b64u:52>").build(),
                rule("scalingo-api-token", "Scalingo API token")
                        .shape("tk-us-<b64u:48>").entropy(3.5).build(),
                rule("readme-api-key", "ReadMe API key")
                        .shape("rdme_<lowernum:70>").build(),
                rule("frameio-api-token", "Frame.io developer token")
                        .shape("fio-u-<b64u:64>").build(),
                rule("adobe-client-secret", "Adobe OAuth client secret")
                        .shape("p8e-<b62:32>").entropy(3.5).build());
    }
}
