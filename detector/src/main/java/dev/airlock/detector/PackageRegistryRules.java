package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Package and container registry tokens: a leaked publish token is a supply-chain attack waiting to happen. */
final class PackageRegistryRules {

    private PackageRegistryRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("npm-access-token", "npm access token")
                        .shape("npm_<b62:36>").validator(Validators.crc32Base62(4)).gluedIfConfirmed().build(),
                // Lower priority than the vendor rules: the value is often a token another rule names better.
                rule("npmrc-auth-token", "Registry token in an .npmrc or .yarnrc (_authToken=)")
                        .shape("_authToken={<[A-Za-z0-9._~+/=-]:20-512>}").entropy(3.0).priority(5).build(),
                rule("npmrc-basic-auth", "Base64 user:password in an .npmrc (_auth=)")
                        .shape("_auth={<b64:8-512><[=]:0-2>}").validator(Validators::basicAuth).priority(5).build(),
                rule("pypi-upload-token", "PyPI or TestPyPI upload token")
                        .shape("pypi-AgEIcHlwaS5vcmc<b64u:50-1000>", "pypi-AgENdGVzdC5weXBpLm9yZw<b64u:50-1000>")
                        .confidence(Confidence.HIGH).build(),
                rule("rubygems-api-key", "RubyGems API key")
                        .shape("rubygems_<hexl:48>").confidence(Confidence.HIGH).build(),
                rule("nuget-api-key", "NuGet.org API key")
                        .shape("oy2<lowernum:43>").entropy(3.0).build(),
                rule("dockerhub-pat", "Docker Hub personal access token")
                        .shape("dckr_pat_<b64u:27>").confidence(Confidence.HIGH).build(),
                rule("dockerhub-org-token", "Docker Hub organization access token")
                        .shape("dckr_oat_<b64u:27-40>").confidence(Confidence.HIGH).build(),
                rule("artifactory-api-key", "JFrog Artifactory API key")
                        .shape("AKCp<b62:69>").entropy(4.0).build(),
                // base64 of "reftkn:01:": the thirteen characters that never change.
                rule("artifactory-reference-token", "JFrog Artifactory reference token")
                        .shape("cmVmdGtuOjAxO<b62:51>").entropy(4.0).confidence(Confidence.HIGH).build(),
                named("jfrog-identity-token", "JFrog identity token (named)", "b62", 64, 64, "jfrog", "artifactory"),
                // Private Packagist (Composer): organisation, user-update and user tokens; a CRC32 ends each.
                rule("private-packagist-token", "Private Packagist token")
                        .shape("packagist_<[ou]:1><[ru]:1>t_<hexl:68>").confidence(Confidence.HIGH).build(),
                rule("clojars-token", "Clojars deploy token")
                        .shape("CLOJARS_<b62:60>").confidence(Confidence.HIGH).build(),
                rule("crates-io-token", "crates.io API token")
                        .shape("cio<b62:32>").entropy(3.5).validator(BodyChecks.randomBase62(3)).build());
    }
}
