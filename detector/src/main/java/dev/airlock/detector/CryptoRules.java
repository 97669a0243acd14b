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
                rule("nostr-private-key", "Nostr private key (nsec, or ncryptsec encrypted)")
                        .shape("nsec1<bech32:58>", "ncryptsec1<bech32:100-200>").confidence(Confidence.HIGH).build(),
                // BIP-32 master and account keys (and SLIP-132's y/z/Y/Z/u/v forms): a whole wallet.
                rule("bip32-extended-private-key", "BIP-32 extended private key (xprv, tprv, yprv, zprv, …)")
                        .shape("xprv<[1-9A-HJ-NP-Za-km-z]:107-108>", "tprv<[1-9A-HJ-NP-Za-km-z]:107-108>",
                                "yprv<[1-9A-HJ-NP-Za-km-z]:107-108>", "zprv<[1-9A-HJ-NP-Za-km-z]:107-108>",
                                "Yprv<[1-9A-HJ-NP-Za-km-z]:107-108>", "Zprv<[1-9A-HJ-NP-Za-km-z]:107-108>",
                                "uprv<[1-9A-HJ-NP-Za-km-z]:107-108>", "vprv<[1-9A-HJ-NP-Za-km-z]:107-108>")
                        .entropy(4.0).confidence(Confidence.HIGH).build(),
                rule("age-secret-key", "age encryption secret key")
                        .shape("AGE-SECRET-KEY-1<bech32u:58>").confidence(Confidence.HIGH).build(),
                rule("putty-private-key", "PuTTY private key file")
                        .shape("PuTTY-User-Key-File-<digit:1>: <[a-z0-9-]:7-40>").confidence(Confidence.HIGH)
                        .build());
    }
}
