package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.List;

/** Payment, banking, commerce and shipping keys: the ones that move money. Publishable keys are left alone. */
final class PaymentRules {

    private static final String UUID = "<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>";

    private PaymentRules() {
    }

    static List<Rule> rules() {
        return List.of(
                // Paystack secret keys share the sk_live_ prefix and are reported under this rule too.
                rule("stripe-secret-key", "Stripe secret key (live or test mode; pk_ publishable keys are public)")
                        .shape("sk_live_<b62:24-255>", "sk_test_<b62:24-255>", "sk_prod_<b62:24-255>")
                        .entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("stripe-restricted-key", "Stripe restricted API key")
                        .shape("rk_live_<b62:24-255>", "rk_test_<b62:24-255>", "rk_prod_<b62:24-255>")
                        .entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("paypal-access-token", "PayPal REST API OAuth access token")
                        .shape("A21AA<b64u:60-120>").entropy(3.5).build(),
                rule("mercury-api-token", "Mercury banking API token")
                        .shape("mercury_production_<word:40-80>_yrucrem", "mercury_sandbox_<word:40-80>_yrucrem")
                        .entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("mercadopago-access-token", "Mercado Pago access token (production or test)")
                        .shape("APP_USR-<digit:16>-<digit:6>-<hexl:32>__<upper:2>_<upper:2>__-<digit:6-12>",
                                "TEST-<digit:16>-<digit:6>-<hexl:32>__<upper:2>_<upper:2>__-<digit:6-12>")
                        .confidence(Confidence.HIGH).build(),
                rule("midtrans-server-key", "Midtrans server key (production or sandbox)")
                        .shape("Mid-server-<b64u:18-28>", "SB-Mid-server-<b64u:18-28>").entropy(3.0)
                        .confidence(Confidence.HIGH).build(),
                rule("cashfree-secret-key", "Cashfree API secret key")
                        .shape("cfsk_ma_prod_<hexl:32>_<hexl:8>", "cfsk_ma_test_<hexl:32>_<hexl:8>")
                        .confidence(Confidence.HIGH).build(),
                rule("asaas-api-token", "Asaas API token")
                        // Its '$' is the token's own; the part after it is reported, as '$' also opens a shell variable.
                        .shape("${aact_prod_<b64u:20-200>}", "${aact_hmlg_<b64u:20-200>}").entropy(3.5)
                        .confidence(Confidence.HIGH).build(),
                // The consumer key (ck_) is the credential's public half.
                rule("woocommerce-consumer-secret", "WooCommerce REST API consumer secret")
                        .shape("cs_<hexl:40>").entropy(3.0).build(),
                rule("ramp-api-credential", "Ramp API client secret or access token")
                        .shape("ramp_sec_<b62:40-60>", "ramp_tok_<b62:40-80>").entropy(3.5).confidence(Confidence.HIGH)
                        .build(),
                rule("checkout-secret-key", "Checkout.com sandbox secret key")
                        .shape("sk_sbox_<[a-z2-7]:26-27>").entropy(3.0).confidence(Confidence.HIGH).build(),
                // Polar's tokens end in a checksum of their random part; every kind has the polar_ prefix.
                rule("polar-token", "Polar access, refresh or client token")
                        .shape("polar_oat_<b62:43>", "polar_pat_<b64u:43>", "polar_at_u_<b64u:43>", "polar_at_o_<b64u:43>",
                                "polar_rt_u_<b64u:43>", "polar_rt_o_<b64u:43>", "polar_cs_<b64u:43>",
                                "polar_crt_<b64u:43>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("webhook-signing-secret", "Webhook signing secret (whsec_: Stripe, Svix, Clerk, Resend)")
                        .shape("whsec_<b64:32-64><[=]:0-2>").entropy(3.5).build(),
                rule("square-access-token", "Square access token")
                        .shape("sq0atp-<b64u:22-60>", "EAAA<b64u:56-64>").entropy(3.5).confidence(Confidence.HIGH)
                        .build(),
                rule("square-oauth-secret", "Square OAuth application secret")
                        .shape("sq0csp-<b64u:43>", "sandbox-sq0csb-<b64u:43>").confidence(Confidence.HIGH).build(),
                rule("braintree-access-token", "PayPal Braintree access token")
                        .shape("access_token$production$<lowernum:16>$<hexl:32>",
                                "access_token$sandbox$<lowernum:16>$<hexl:32>")
                        .confidence(Confidence.HIGH).build(),
                rule("plaid-access-token", "Plaid access token")
                        .shape("access-production-" + UUID, "access-development-" + UUID, "access-sandbox-" + UUID)
                        .confidence(Confidence.HIGH).build(),
                named("plaid-secret", "Plaid API secret (named)", "b62", 30, 30, "plaid"),
                named("coinbase-api-secret", "Coinbase API secret (named)", "b62", 32, 64, "coinbase"),
                named("razorpay-key-secret", "Razorpay key secret (named)", "b62", 24, 24, "razorpay"),
                rule("flutterwave-secret-key", "Flutterwave secret key")
                        .shape("FLWSECK-<hex:32>-X", "FLWSECK_TEST-<hex:32>-X").confidence(Confidence.HIGH).build(),
                rule("shopify-access-token", "Shopify Admin API access token")
                        .shape("shpat_<b62:32-64>").confidence(Confidence.HIGH).build(),
                rule("shopify-partner-token", "Shopify Partner API, Partners CLI or user access token")
                        .shape("prtapi_<hexl:32>", "atkn_<hexl:64>", "shpua_<hexl:32>").entropy(3.0)
                        .confidence(Confidence.HIGH).build(),
                rule("shopify-custom-app-token", "Shopify custom app access token")
                        .shape("shpca_<b62:32-64>").confidence(Confidence.HIGH).build(),
                rule("shopify-private-app-token", "Shopify private app access token")
                        .shape("shppa_<b62:32-64>").confidence(Confidence.HIGH).build(),
                rule("shopify-shared-secret", "Shopify app shared secret")
                        .shape("shpss_<b62:32-64>").confidence(Confidence.HIGH).build(),
                rule("shippo-api-token", "Shippo API token")
                        .shape("shippo_live_<hex:40>", "shippo_test_<hex:40>").confidence(Confidence.HIGH).build(),
                rule("easypost-api-key", "EasyPost production or test API key")
                        .shape("EZAK<b62:54>", "EZTK<b62:54>").entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("duffel-api-token", "Duffel API token")
                        .shape("duffel_live_<b64u:43>", "duffel_test_<b64u:43>").confidence(Confidence.HIGH).build());
    }
}
