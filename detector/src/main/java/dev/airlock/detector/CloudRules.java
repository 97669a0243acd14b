package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.namedExclusive;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.ArrayList;
import java.util.List;

/** Keys to the big clouds and the infrastructure providers: the credentials with the widest blast radius. */
final class CloudRules {

    private CloudRules() {
    }

    static List<Rule> rules() {
        return List.of(
                // AWS's documented example keys end in EXAMPLE; the placeholder filter drops them.
                rule("aws-access-key-id", "AWS access key id (long-term AKIA, temporary ASIA)")
                        .shape("AKIA<b32:16>", "ASIA<b32:16>", "ABIA<b32:16>", "ACCA<b32:16>")
                        .entropy(3.0).validator(BodyChecks::awsKeyId).build(),
                namedExclusive("aws-secret-access-key", "AWS secret access key (named in its assignment)",
                        "b64", 40, 40, "aws_secret", "awssecret", "secret_access_key", "secretaccesskey"),
                new AwsPairedSecretRule(),
                // STS session tokens are base64 of a binary structure whose first bytes never change.
                rule("aws-session-token", "AWS STS session token")
                        .shape("IQoJb3JpZ2lu<b64:100-4000><[=]:0-2>", "FwoGZXIvYXdzE<b64:100-4000><[=]:0-2>",
                                "AQoDYXdzE<b64:100-4000><[=]:0-2>")
                        .entropy(4.0).confidence(Confidence.HIGH).build(),
                rule("azure-storage-account-key", "Azure storage or Cosmos DB account key in a connection string")
                        .shapeIgnoreCase("AccountKey={<b64:86>==}").confidence(Confidence.HIGH).build(),
                rule("azure-shared-access-key", "Azure Service Bus, Event Hubs or IoT Hub shared access key")
                        .shapeIgnoreCase("SharedAccessKey={<b64:43>=}").confidence(Confidence.HIGH).build(),
                // SignalR, Web PubSub and Communication Services take AccessKey=; App Configuration Secret=.
                rule("azure-connection-string-key", "Azure SignalR, Web PubSub, Communication Services or App "
                        + "Configuration key in a connection string")
                        .shapeIgnoreCase("AccessKey={<b64:43>=}", "AccessKey={<b64:86>==}",
                                "azconfig.io;Id=<[A-Za-z0-9:+/=_-]:1-64>;Secret={<b64:40-100><[=]:0-2>}")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("azure-sas-signature", "Azure shared access signature (sig= in a SAS URL or token)")
                        .shape("sig={<[A-Za-z0-9%+/=]:43-64>}").entropy(3.5).build(),
                rule("azure-ad-client-secret", "Microsoft Entra ID (Azure AD) application client secret")
                        .shape(entraSecretShapes()).entropy(3.0).build(),
                // Microsoft's identifiable keys: 52 random characters, 24 of version and date metadata (the JQQJ
                // marker, long runs of 'A'), a service signature at offset 76 and four checksum characters. Only
                // the random part is reported: the metadata would read as filler to the placeholder filter.
                rule("azure-devops-pat", "Azure DevOps personal access token")
                        .shape("{<b62:52>}<b62:24>AZDO<b62:4>").confidence(Confidence.HIGH).build(),
                named("azure-devops-pat-legacy", "Azure DevOps personal access token, legacy format (named)",
                        "[a-z2-7]", 52, 52, "azure_devops", "ado_pat"),
                rule("azure-cognitive-services-key", "Azure AI services (Azure OpenAI, Cognitive Services) key")
                        .shape("{<b62:52>}<b62:24>ACOG<b62:4>").confidence(Confidence.HIGH).build(),
                // Microsoft's identifiable keys carry a service signature at a fixed offset and end in a checksum
                // character: Functions, Search, Container Registry, Cache for Redis, Event Grid, Service Bus, Event
                // Hubs, Relay, IoT Hub, Storage, Cosmos DB, Batch, classic ML and API Management.
                rule("azure-identifiable-key", "Azure service access key with Microsoft's identifiable signature")
                        .shape("<b64u:44>AzFu<b64u:5><[AQgw]:1>==", "<b62:42>AzSe<[A-D]:1><b62:5>",
                                "<b64:42>+ACR<[A-D]:1><b64:5>", "<b64:33>AzCa<[A-P]:1><b64:5>=",
                                "<b64:33>AZEG<[A-P]:1><b64:5>=", "<b64:33>+ASb<[A-P]:1><b64:5>=",
                                "<b64:33>+AEh<[A-P]:1><b64:5>=", "<b64:33>+ARm<[A-P]:1><b64:5>=",
                                "<b64:33>AIoT<[A-P]:1><b64:5>=", "<b64:76>+ASt<b64:5><[AQgw]:1>==",
                                "<b64:76>ACDb<b64:5><[AQgw]:1>==", "<b64:76>+ABa<b64:5><[AQgw]:1>==",
                                "<b64:76>+AMC<b64:5><[AQgw]:1>==", "<b64:76>APIM<b64:5><[AQgw]:1>==")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                // Any other service's key in Microsoft's common annotated format: 52 random characters, then the
                // JQQJ9 signature, version and date, and the service's own signature (AZDO, ACOG above).
                rule("azure-common-annotated-key", "Microsoft common annotated security key of another service")
                        .shape("{<b62:52>}JQQJ9<[9DH]:1><b62:1><[A-L]:1><b62:16><alpha:1><b62:7>")
                        .entropy(3.5).confidence(Confidence.HIGH).priority(9).build(),
                named("azure-openai-key", "Azure OpenAI API key, legacy 32-hex format (named)",
                        "hex", 32, 32, "azure_openai", "azureopenai"),
                named("gcp-service-account-key-id", "Google Cloud service-account key id (marks a pasted key file)",
                        "hexl", 40, 40, "private_key_id"),
                rule("google-oauth-refresh-token", "Google OAuth refresh token")
                        .shape("1//0<b64u:40-512>").entropy(3.5).build(),
                rule("yandex-cloud-api-key", "Yandex Cloud API key")
                        .shape("AQVN<b64u:35-38>").entropy(3.5).validator(BodyChecks.randomKeyBody(4)).build(),
                rule("yandex-oauth-token", "Yandex OAuth token")
                        .shape("y0_<b64u:55>", "y1_<b64u:55>", "y2_<b64u:55>", "y3_<b64u:55>").entropy(3.5)
                        .validator(BodyChecks.randomKeyBody(3)).build(),
                rule("yandex-cloud-iam-token", "Yandex Cloud IAM token")
                        .shape("t1.<b64u:40-400>.<b64u:86>").entropy(3.5).build(),
                rule("alibaba-access-key-id", "Alibaba Cloud AccessKey id")
                        .shape("LTAI<b62:12-20>").entropy(3.0).build(),
                named("alibaba-access-key-secret", "Alibaba Cloud AccessKey secret (named)",
                        "b62", 30, 30, "alibaba", "aliyun", "access_key_secret"),
                rule("tencent-secret-id", "Tencent Cloud SecretId")
                        .shape("AKID<b62:32>").entropy(3.0).build(),
                named("tencent-secret-key", "Tencent Cloud SecretKey (named)",
                        "b62", 32, 32, "tencent", "qcloud"),
                named("ibm-cloud-api-key", "IBM Cloud API key (named)",
                        "b64u", 44, 44, "ibmcloud", "ibm_cloud"),
                rule("digitalocean-pat", "DigitalOcean personal access token")
                        .shape("dop_v1_<hexl:64>").confidence(Confidence.HIGH).build(),
                rule("digitalocean-oauth-token", "DigitalOcean OAuth access token")
                        .shape("doo_v1_<hexl:64>").confidence(Confidence.HIGH).build(),
                rule("digitalocean-refresh-token", "DigitalOcean OAuth refresh token")
                        .shape("dor_v1_<hexl:64>").confidence(Confidence.HIGH).build(),
                rule("cloudflare-api-token", "Cloudflare user or account API token")
                        .shape("cfut_<b62:48>", "cfat_<b62:48>").entropy(3.5)
                        .validator(BodyChecks::cloudflareChecksum).build(),
                rule("cloudflare-global-api-key", "Cloudflare global API key")
                        .shape("cfk_<b62:48>").entropy(3.5).validator(BodyChecks::cloudflareChecksum).build(),
                named("cloudflare-api-key-legacy", "Cloudflare API token or global key, unprefixed format (named)",
                        "b64u", 37, 45, "cloudflare", "cf_api"),
                rule("cloudflare-origin-ca-key", "Cloudflare Origin CA key")
                        .shape("v1.0-<hexl:24>-<hexl:146>", "v1.0-<hexl:64>-<hexl:128>-<hexl:64>").build(),
                // Base64 of {"a":"<account tag>","t":"<tunnel id>","s":"<secret>"}: whoever has it runs the tunnel.
                rule("cloudflare-tunnel-token", "Cloudflare Tunnel token (cloudflared tunnel run --token, service install)")
                        .shape("eyJhIjoi<b64:60-600><[=]:0-2>").confidence(Confidence.HIGH)
                        .validator(BodyChecks::cloudflareTunnelToken).build(),
                rule("akamai-edgegrid-token", "Akamai EdgeGrid client or access token")
                        .shape("akab-<lowernum:16>-<lowernum:16>").entropy(3.0)
                        .confidence(Confidence.HIGH).build(),
                // An HMAC key's id, as AWS's AKIA ids: what names the secret beside it.
                rule("gcs-hmac-access-id", "Google Cloud Storage HMAC key access id (service account)")
                        .shape("GOOG1<uppernum:56>").entropy(3.5).build(),
                rule("upcloud-api-token", "UpCloud API token")
                        .shape("ucat_<b62:24-32>").entropy(3.5).confidence(Confidence.HIGH).build(),
                named("linode-token", "Linode (Akamai) personal access token (named)",
                        "hexl", 64, 64, "linode"),
                named("vultr-api-key", "Vultr API key (named)",
                        "uppernum", 36, 36, "vultr"),
                named("scaleway-secret-key", "Scaleway secret key (named)",
                        "[0-9a-fA-F-]", 36, 36, "scaleway", "scw_secret"),
                rule("scaleway-access-key", "Scaleway access key id")
                        .shape("SCW<uppernum:17>").entropy(3.0).validator(BodyChecks.digitAfter(3)).build(),
                rule("databricks-oauth-secret", "Databricks service-principal OAuth secret or refresh token")
                        .shape("dose<hexl:32>", "doau<hexl:32>").entropy(3.0).confidence(Confidence.HIGH).build(),
                rule("databricks-token", "Databricks personal access token")
                        .shape("dapi<hexl:32>").entropy(3.0).build(),
                rule("openshift-user-token", "OpenShift user OAuth token")
                        .shape("sha256~<b64u:43>").entropy(3.5).build());
    }

    /** The Entra secret's fourth character is a digit and the trigger needs three literal characters. */
    private static String[] entraSecretShapes() {
        List<String> shapes = new ArrayList<>();
        for (int d = 0; d <= 9; d++) {
            // One more than the 34 a secret has, so a full stop after one is taken in and then let go.
            shapes.add("<[A-Za-z0-9_~.]:3>" + d + "Q~<[A-Za-z0-9_~.-]:31-35>");
        }
        return shapes.toArray(String[]::new);
    }
}
