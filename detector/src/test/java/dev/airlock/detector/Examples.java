package dev.airlock.detector;

import dev.airlock.detector.testing.Credentials;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Generates credential-shaped strings at test time from the same shape definitions the rules match with,
 * so no credential-looking literal is ever committed.
 */
final class Examples {

    private static final String B62 = Credentials.BASE62;

    private static final String UUID = "<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>";

    /**
     * Rules whose valid examples need more than their shape (checksums, encoded structure), and rules named in
     * their assignment whose value alphabet the generic assignment example does not produce.
     */
    private static final Map<String, Function<Random, String>> SPECIAL = Map.ofEntries(
            Map.entry("jwt", Examples::jwt),
            Map.entry("private-key", Examples::pem),
            Map.entry("crypto-wallet-private-key", r -> "const signer = new Wallet(\"0x"
                    + random(r, "0123456789abcdef", 64) + "\", provider);"),
            Map.entry("kubernetes-secret", r -> "apiVersion: v1\ndata:\n  password: "
                    + java.util.Base64.getEncoder().encodeToString(random(r, B62, 18).getBytes(StandardCharsets.US_ASCII))
                    + "\n  token: |\n    " + random(r, B62, 40) + "\nkind: Secret\nmetadata:\n  name: db\n"),
            Map.entry("authorization-basic", r -> "Authorization: Basic " + basicCredentials(r)),
            Map.entry("http-session-cookie", r -> "Cookie: theme=dark; sessionid=" + random(r, B62, 30)
                    + random(r, "0123456789", 2) + "; lang=en"),
            Map.entry("terraform-variable-default", r -> "variable \"db_password\" {\n  type      = string\n"
                    + "  sensitive = true\n  default   = \"" + random(r, B62, 16) + "\"\n}\n"),
            Map.entry("npm-access-token", r -> githubToken(r, "npm_")),
            Map.entry("aws-access-key-id", Examples::awsAccessKeyId),
            Map.entry("cloudflare-api-token", r -> cloudflareToken(r, r.nextBoolean() ? "cfut_" : "cfat_")),
            Map.entry("cloudflare-global-api-key", r -> cloudflareToken(r, "cfk_")),
            Map.entry("grafana-api-key", Examples::grafanaLegacyKey),
            Map.entry("npmrc-basic-auth", r -> "//registry.example.net/:_auth=" + basicCredentials(r)),
            Map.entry("aws-secret-access-key", named("AWS_SECRET_ACCESS_KEY", "<b64:40>")),
            Map.entry("cloudflare-tunnel-token", r -> "cloudflared service install " + Base64.getEncoder().encodeToString(
                    ("{\"a\":\"" + random(r, "0123456789abcdef", 32) + "\",\"t\":\"" + fromShape(Shape.parse(UUID, false), r, 0)
                            + "\",\"s\":\"" + random(r, B62, 43) + "=\"}").getBytes(StandardCharsets.US_ASCII))),
            Map.entry("bare-token-output", r -> random(r, "ABCDEFGHJKLMNPQRSTUVWXYZ", 4) + random(r, B62, 28)
                    + random(r, "0123456789", 2) + random(r, "abcdefghijkmnopqrstuvwxyz", 2) + "\n"),
            Map.entry("credential-next-line", r -> "\nAPI Key\n" + random(r, B62, 30) + "7\nCopy it now."),
            Map.entry("bitcoin-wif-private-key", r -> wif(r, r.nextBoolean())),
            Map.entry("discord-token", r -> discordToken(r, r.nextBoolean() ? 38 : 27)),
            // A line of ~/.pgpass: the host opens its line, the password runs to its end.
            Map.entry("pgpass-password", r -> "\n" + (r.nextBoolean() ? "db.example.com:5432:" : "*:*:") + "app:svc_app:"
                    + random(r, B62, 14) + "7\n"),
            Map.entry("crypto-seed-phrase", r -> "MNEMONIC=\"" + seedPhrase(r, r.nextBoolean() ? 16 : 32) + "\""),
            Map.entry("jwk-private-key", r -> "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + random(r, B62 + "-_", 43)
                    + "\",\"y\":\"" + random(r, B62 + "-_", 43) + "\",\"d\":\"" + random(r, B62 + "-_", 43) + "\"}"),
            Map.entry("aws-secret-access-key-paired", r -> "Access key ID,Secret access key\n"
                    + awsAccessKeyId(r).substring("aws_access_key_id = ".length()) + "," + random(r, B62 + "+/", 40)),
            Map.entry("azure-devops-pat-legacy", named("AZURE_DEVOPS_EXT_PAT", "<[a-z2-7]:52>")),
            Map.entry("ibm-cloud-api-key", named("IBMCLOUD_API_KEY", "<b64u:44>")),
            Map.entry("cloudflare-api-key-legacy", named("CLOUDFLARE_API_TOKEN", "<b64u:40>")),
            Map.entry("vultr-api-key", named("VULTR_API_KEY", "<uppernum:36>")),
            Map.entry("scaleway-secret-key", named("SCW_SECRET_KEY", UUID)),
            Map.entry("heroku-api-key-legacy", named("HEROKU_API_KEY", UUID)),
            Map.entry("railway-token", named("RAILWAY_TOKEN", UUID)),
            Map.entry("vault-legacy-token", named("VAULT_TOKEN", "s.<b62:24>")),
            Map.entry("mongodb-atlas-private-key", named("MONGODB_ATLAS_PRIVATE_KEY", UUID)),
            Map.entry("codecov-token", named("CODECOV_TOKEN", UUID)),
            Map.entry("snyk-token", named("SNYK_TOKEN", UUID)),
            Map.entry("ngrok-credential", named("NGROK_AUTHTOKEN", "<b62:27>_<b62:21>")),
            Map.entry("pagerduty-api-key", named("PAGERDUTY_API_KEY", "<b62:20>")),
            Map.entry("splunk-hec-token", named("SPLUNK_HEC_TOKEN", UUID)),
            Map.entry("elastic-api-key", named("ELASTIC_API_KEY", "<b64:58>==")),
            Map.entry("opsgenie-api-key", named("OPSGENIE_API_KEY", UUID)),
            Map.entry("discord-bot-token", named("DISCORD_BOT_TOKEN", "<b64u:24>.<b64u:6>.<b64u:38>")),
            Map.entry("mailgun-api-key", named("MAILGUN_API_KEY", "<hexl:32>-<hexl:8>-<hexl:8>")),
            Map.entry("postmark-server-token", named("POSTMARK_SERVER_TOKEN", UUID)),
            Map.entry("mandrill-api-key", named("MANDRILL_API_KEY", "<b64u:22>")),
            Map.entry("asana-pat", named("ASANA_PAT", "2/<digit:16>/<digit:16>:<hexl:32>")),
            Map.entry("hubspot-api-key", named("HUBSPOT_API_KEY", UUID)),
            Map.entry("intercom-access-token", named("INTERCOM_ACCESS_TOKEN", "dG9rO<b64:50>=")),
            Map.entry("okta-api-token", named("OKTA_API_TOKEN", "00<b64u:40>")),
            Map.entry("auth0-client-secret", named("AUTH0_CLIENT_SECRET", "<b64u:64>")),
            Map.entry("neon-api-key", named("NEON_API_KEY", "<lowernum:64>")),
            Map.entry("upstash-token", named("UPSTASH_REDIS_REST_TOKEN", "AX<b64u:70>=")),
            Map.entry("confluent-api-secret", named("CONFLUENT_CLOUD_API_SECRET", "<b64:64>")));

    private Examples() {
    }


    static String random(Random r, String alphabet, int n) {
        return Credentials.random(r, alphabet, n);
    }

    static String githubToken(Random r, String prefix) {
        return Credentials.checksummedToken(r, prefix);
    }

    static String pem(Random r) {
        return Credentials.pemPrivateKey(r);
    }

    /** A text that contains one true example of the rule, surrounded by ordinary context. */
    /** Rules whose shapes only count in the command they belong to: one realistic line per form. */
    private static final Map<String, Function<Random, List<String>>> COMMANDS = Map.of(
            "credential-argument", r -> {
                String p = random(r, B62, 14) + "7";
                return List.of("c = DriverManager.getConnection(url, \"app\", \"" + p + "\");",
                        "jwt.sign(payload, '" + p + "')", "mysqli_connect('db', 'app', '" + p + "', 'shop')");
            },
            "credential-call", r -> {
                String p = random(r, B62, 14) + "7";
                return List.of("requests.get(url, auth=(\"deploy\", \"" + p + "\"))", "HTTPBasicAuth('ci', '" + p + "')",
                        "smtp.login(\"me@example.com\", '" + p + "')");
            },
            "sql-identified-by", r -> {
                String p = random(r, B62, 14);
                return List.of("CREATE USER app IDENTIFIED BY '" + p + "';", "create user app identified by \"" + p
                        + "\";", "ALTER USER 'app'@'%' IDENTIFIED WITH caching_sha2_password BY '" + p + "';");
            },
            "cli-password-flag", r -> {
                String p = random(r, B62, 16);
                return List.of("curl -u deploy:" + p + " https://ci.internal", "curl --user  'deploy:" + p + "' x",
                        "curl -X POST https://ci.internal \\\n-u deploy:" + p, "curl --user=deploy:" + p + " x",
                        "psexec \\\\host -u admin -p " + p + " cmd", "docker login -u ci -p " + p + " registry",
                        "mysql -u root -p" + p + " app", "mysql -u root -p'" + p + "' app",
                        "sshpass -p \"" + p + "\" ssh host", "redis-cli -h db -a " + p + " ping",
                        "net use \\\\srv\\share /user:CORP\\svc " + p,
                        "net user deploy " + p + " /add",
                        "ldapsearch -x -D cn=admin,dc=example,dc=com -w " + p + " -b dc=example,dc=com",
                        "smbclient //server/share -U deploy%" + p, "keytool -list -keystore a.jks -storepass " + p,
                        "sqlcmd -S db -U sa -P " + p, "zip -r -P " + p + " backup.zip data/", "7z a -p" + p + " b.7z d",
                        "openssl enc -aes-256-cbc -k " + p + " -in backup.tar -out backup.enc");
            });

    /**
     * A Bitcoin private key in Wallet Import Format with a valid checksum: Base58Check of 0x80, 32 random bytes and,
     * compressed, 0x01.
     */
    static String wif(Random r, boolean compressed) {
        byte[] payload = new byte[compressed ? 34 : 33];
        r.nextBytes(payload);
        payload[0] = (byte) 0x80;
        if (compressed) {
            payload[33] = 1;
        }
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] check = sha.digest(sha.digest(payload));
            byte[] all = java.util.Arrays.copyOf(payload, payload.length + 4);
            System.arraycopy(check, 0, all, payload.length, 4);
            return base58(all);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Discord token: base64url of a snowflake id, a timestamp's six characters and an HMAC's. */
    static String discordToken(Random r, int hmacLength) {
        String id = random(r, "123456789", 1) + random(r, "0123456789", 17 + r.nextInt(2));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.US_ASCII)) + "."
                + random(r, B62 + "-_", 6) + "." + random(r, B62 + "-_", hmacLength);
    }

    private static String base58(byte[] bytes) {
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        java.math.BigInteger n = new java.math.BigInteger(1, bytes);
        StringBuilder sb = new StringBuilder();
        java.math.BigInteger base = java.math.BigInteger.valueOf(58);
        while (n.signum() > 0) {
            java.math.BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(alphabet.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return sb.reverse().toString(); // a leading 0x80 byte: no leading zeros to write as '1'
    }

    static List<String> trueExamples(Rule rule, Random r) {
        Function<Random, List<String>> commands = COMMANDS.get(rule.id());
        if (commands != null) {
            return commands.apply(r);
        }
        Function<Random, String> special = SPECIAL.get(rule.id());
        if (special != null) {
            return List.of(special.apply(r));
        }
        List<String> out = new ArrayList<>();
        if (rule instanceof ShapeRule s) {
            for (Shape shape : s.shapes()) {
                out.add(fromShape(shape, r, 0));
            }
        } else if (rule instanceof AssignmentRule a) {
            for (AssignmentRule.Term t : a.terms()) {
                out.add(assignment(t.literal(), a, r));
            }
        } else if (rule instanceof UrlCredentialRule) {
            String scheme = switch (rule.id()) {
                case "postgres-uri" -> "postgresql";
                case "mysql-uri" -> "mysql";
                case "mongodb-uri" -> "mongodb+srv";
                case "redis-uri" -> "rediss";
                case "amqp-uri" -> "amqps";
                default -> "https";
            };
            out.add("url = \"" + scheme + "://app:" + random(r, B62, 16) + "@db.internal.example.net:5432/app\"");
        }
        return out;
    }

    static String assignment(String keyword, AssignmentRule rule, Random r) {
        String name = "MY_" + keyword.toUpperCase().replace('-', '_');
        String value;
        int shapeAt = rule.example().indexOf("=<");
        if (shapeAt >= 0 && rule.example().matches(".*=<[^>]+:[0-9-]+>.*")) {
            value = fromShape(Shape.parse(rule.example().substring(shapeAt + 1), false), r, 0);
        } else {
            value = switch (rule.strictness()) {
                case PASSWORD -> "Summer" + random(r, "0123456789", 4) + "!" + random(r, B62, 3);
                // A digit every fourth character: random enough for any name, never read as words by chance (how
                // often plain random values are missed is measured on its own, in DetectorTest).
                case TOKEN, WEAK -> random(r, "abcdef", 4) + digitEveryFourth(r, 24);
            };
        }
        return name + "=\"" + value + "\"";
    }

    private static String digitEveryFourth(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(i % 4 == 3 ? random(r, "0123456789", 1) : random(r, B62, 1));
        }
        return sb.toString();
    }

    /**
     * @param lengthDelta 0 for a valid example; -1 makes every variable run one shorter than its minimum
     */
    static String fromShape(Shape shape, Random r, int lengthDelta) {
        StringBuilder sb = new StringBuilder();
        for (Shape.Segment seg : shape.segments()) {
            if (seg instanceof Shape.Literal l) {
                sb.append(l.text());
            } else if (seg instanceof Shape.Run run) {
                int n = lengthDelta < 0 ? Math.max(0, run.min() - 1)
                        : run.min() + r.nextInt(Math.min(run.max(), run.min() + 40) - run.min() + 1);
                sb.append(random(r, plain(run.charClass().chars()), n));
            }
        }
        return sb.toString();
    }

    /** A class's characters without the ones that mark templates and references ({@code <}, {@code $}…). */
    private static String plain(String chars) {
        String kept = chars.replaceAll("[<>${}*%.\\'\"`#@&!:]", "");
        return kept.isEmpty() ? chars : kept;
    }

    /** A placeholder of the same shape: every run filled with 'x' (or '0' where letters are not allowed). */
    static String placeholderFromShape(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (Shape.Segment seg : shape.segments()) {
            if (seg instanceof Shape.Literal l) {
                sb.append(l.text());
            } else if (seg instanceof Shape.Run run) {
                char fill = run.charClass().contains('x') ? 'x' : run.charClass().contains('X') ? 'X' : '0';
                sb.append(String.valueOf(fill).repeat(run.min()));
            }
        }
        return sb.toString();
    }

    /** A printable description of a generated text for assertion messages: its length and first characters. */
    static String shapeOf(String text) {
        return "<" + text.length() + " chars starting " + text.substring(0, Math.min(6, text.length())) + "…>";
    }

    /** An assignment to {@code name} of a value generated from {@code valueShape}. */
    private static Function<Random, String> named(String name, String valueShape) {
        Shape shape = Shape.parse(valueShape, false);
        return r -> name + "=\"" + fromShape(shape, r, 0) + "\"";
    }

    private static String basicCredentials(Random r) {
        return Base64.getEncoder().encodeToString(("deploy:" + random(r, B62, 14)).getBytes(StandardCharsets.UTF_8));
    }

    /** A BIP-39 phrase of random entropy (16 bytes: 12 words, 32: 24) with its SHA-256 checksum. */
    static String seedPhrase(Random r, int entropyBytes) {
        List<String> words = Resources.lines("bip39-english.txt");
        byte[] entropy = new byte[entropyBytes];
        r.nextBytes(entropy);
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(entropy);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.math.BigInteger bits = new java.math.BigInteger(1, entropy).shiftLeft(entropyBytes / 4)
                .or(java.math.BigInteger.valueOf((digest[0] & 0xff) >>> (8 - entropyBytes / 4)));
        int count = (entropyBytes * 8 + entropyBytes / 4) / 11;
        StringBuilder phrase = new StringBuilder();
        for (int w = count - 1; w >= 0; w--) {
            phrase.append(phrase.isEmpty() ? "" : " ").append(words.get(bits.shiftRight(11 * w).intValue() & 0x7ff));
        }
        return phrase.toString();
    }

    /** ASIA, ABIA and ACCA read as words in upper-case prose, so their rule wants a digit in the body. */
    static String awsAccessKeyId(Random r) {
        String prefix = List.of("AKIA", "ASIA", "ABIA", "ACCA").get(r.nextInt(4));
        String body = random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 15);
        int at = r.nextInt(16);
        return "aws_access_key_id = " + prefix + body.substring(0, at) + random(r, "234567", 1) + body.substring(at);
    }

    /** Forty base62 characters and their CRC32 as eight lower-case hex digits. */
    static String cloudflareToken(Random r, String prefix) {
        String body = random(r, B62, 40);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return "CLOUDFLARE_API_TOKEN=" + prefix + body + String.format("%08x", crc.getValue());
    }

    /** Base64 of Grafana's key JSON, drawn again until the encoding has no '+' or '/' (real keys have none). */
    static String grafanaLegacyKey(Random r) {
        while (true) {
            String json = "{\"k\":\"" + random(r, B62, 32) + "\",\"n\":\"ci\",\"id\":" + (1 + r.nextInt(99)) + "}";
            String key = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            if (key.indexOf('+') < 0 && key.indexOf('/') < 0) {
                return "GRAFANA_API_KEY=" + key;
            }
        }
    }


    static String jwt(Random r) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = enc.encodeToString(("{\"sub\":\"" + random(r, B62, 12) + "\",\"iat\":1700000000}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] sig = new byte[32];
        r.nextBytes(sig);
        return "token: " + header + "." + payload + "." + enc.encodeToString(sig);
    }

}
