package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Source hosting and CI tokens: the keys to a company's code. */
final class SourceControlRules {

    private SourceControlRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("github-pat", "GitHub personal access token (classic)")
                        .shape("ghp_<b62:36>").validator(Validators.crc32Base62(4)).build(),
                rule("github-oauth-token", "GitHub OAuth access token")
                        .shape("gho_<b62:36>").validator(Validators.crc32Base62(4)).build(),
                rule("github-user-to-server-token", "GitHub App user-to-server token")
                        .shape("ghu_<b62:36>").validator(Validators.crc32Base62(4)).build(),
                rule("github-server-to-server-token", "GitHub App installation (server-to-server) token")
                        .shape("ghs_<b62:36>").validator(Validators.crc32Base62(4)).build(),
                rule("github-refresh-token", "GitHub App refresh token")
                        .shape("ghr_<b62:36>", "ghr_<b62:76>").validator(Validators.crc32Base62(4)).build(),
                rule("github-fine-grained-pat", "GitHub fine-grained personal access token")
                        .shape("github_pat_<b62:22>_<b62:59>").confidence(Confidence.HIGH).build(),
                rule("gitlab-pat", "GitLab personal, project or group access token")
                        .shape("glpat-<b64u:20>", "glpat-<b64u:27-300>").entropy(3.0).build(),
                rule("gitlab-deploy-token", "GitLab deploy token")
                        .shape("gldt-<b64u:20-300>").entropy(3.0).build(),
                rule("gitlab-runner-token", "GitLab runner authentication or registration token")
                        .shape("glrt-<b64u:20-300>", "GR1348941<b64u:20>", "glrtr-<b64u:20-300>").entropy(3.0).build(),
                rule("gitlab-pipeline-trigger-token", "GitLab pipeline trigger token")
                        .shape("glptt-<hexl:40>").build(),
                rule("gitlab-oauth-secret", "GitLab OAuth application secret")
                        .shape("gloas-<hexl:64>").build(),
                rule("gitlab-ci-job-token", "GitLab CI/CD job token")
                        .shape("glcbt-<b64u:20-300>").entropy(3.0).build(),
                rule("gitlab-feed-token", "GitLab feed, incoming-mail or SCIM token")
                        .shape("glft-<b64u:20>", "glimt-<b64u:25>", "glsoat-<b64u:20>").entropy(3.0).build(),
                rule("bitbucket-app-password", "Bitbucket app password")
                        .shape("ATBB<b62:32>").entropy(3.0).build(),
                rule("bitbucket-access-token", "Bitbucket repository, project or workspace access token")
                        .shape("ATCTT3xFfGN0<b64u:150-300>=<hexu:8>").build(),
                rule("atlassian-api-token", "Atlassian (Jira, Confluence) API token")
                        .shape("ATATT3xFfGF0<b64u:150-300>=<hexu:8>").build());
    }
}
