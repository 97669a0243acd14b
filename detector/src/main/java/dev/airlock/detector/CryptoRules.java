package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Private keys and signed tokens: formats defined by standards rather than vendors. */
final class CryptoRules {

    private CryptoRules() {
    }

    static List<Rule> rules() {
        return List.of(
                new PemPrivateKeyRule(),
                new KubernetesSecretRule(),
                new JwkPrivateKeyRule(),
                new SeedPhraseRule(),
                new WalletPrivateKeyRule(),
                new WifPrivateKeyRule(),
                rule("jwt", "JSON Web Token (header decodes to JSON with an alg field)")
                        .shape("eyJ<b64u:10-2048>.eyJ<b64u:10-8192>.<b64u:0-1024>",
                                "eyJ<b64u:10-2048>.<b64u:10-8192>.<b64u:16-1024>")
                        .validator(Validators::jwt).build(),
                rule("age-secret-key", "age encryption secret key")
                        .shape("AGE-SECRET-KEY-1<bech32u:58>").confidence(Confidence.HIGH).build(),
                rule("putty-private-key", "PuTTY private key file")
                        .shape("PuTTY-User-Key-File-<digit:1>: <[a-z0-9-]:7-40>").confidence(Confidence.HIGH)
                        .build());
    }
}
