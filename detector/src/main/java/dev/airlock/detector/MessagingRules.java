package dev.airlock.detector;

import static dev.airlock.detector.BuiltinRules.named;
import static dev.airlock.detector.BuiltinRules.rule;

import java.util.ArrayList;
import java.util.List;

/** Chat, webhook, SMS and e-mail delivery credentials: whoever holds them can speak as the company. */
final class MessagingRules {

    private static final String UUID = "<hexl:8>-<hexl:4>-<hexl:4>-<hexl:4>-<hexl:12>";

    private MessagingRules() {
    }

    static List<Rule> rules() {
        return List.of(
                rule("slack-bot-token", "Slack bot token")
                        .shape("xoxb-<digit:10-13>-<digit:10-13>-<b62:24>", "xoxb-<digit:8-14>-<b62:18-26>")
                        .confidence(Confidence.HIGH).build(),
                rule("slack-user-token", "Slack user token")
                        .shape("xoxp-<digit:10-13>-<digit:10-13>-<digit:10-13>-<hex:32>",
                                "xoxe-<digit:10-13>-<digit:10-13>-<digit:10-13>-<hex:32>")
                        .confidence(Confidence.HIGH)
                        .build(),
                rule("slack-app-token", "Slack app-level token")
                        .shape("xapp-<digit:1>-<uppernum:9-12>-<digit:10-13>-<hex:32-80>").confidence(Confidence.HIGH)
                        .build(),
                rule("slack-workspace-token", "Slack workspace access or refresh token (xoxa-, xoxr-)")
                        .shape("xoxa-<[A-Za-z0-9-]:20-200>", "xoxr-<[A-Za-z0-9-]:20-200>").entropy(3.5).build(),
                rule("slack-config-access-token", "Slack app configuration access token")
                        .shape("xoxe.xoxp-<digit:1>-<b62:150-180>", "xoxe.xoxb-<digit:1>-<b62:150-180>")
                        .confidence(Confidence.HIGH).build(),
                rule("slack-config-refresh-token", "Slack app configuration refresh token")
                        .shape("xoxe-<digit:1>-<b62:140-160>").confidence(Confidence.HIGH).build(),
                // A browser session's pair: the client token (xoxc-) and the "d" cookie (xoxd-, often percent-encoded).
                rule("slack-session-token", "Slack browser session token (xoxc-) or session cookie (xoxd-)")
                        .shape("xoxc-<digit:9-15>-<digit:9-15>-<digit:9-15>-<hexl:64>",
                                "xoxd-<[A-Za-z0-9%/+=_-]:60-600>")
                        .entropy(3.5).confidence(Confidence.HIGH).build(),
                rule("slack-legacy-token", "Slack legacy token (xoxs-, xoxo-)")
                        .shape("xoxs-<digit:1-15>-<digit:1-15>-<digit:1-15>-<hex:8-64>",
                                "xoxo-<digit:1-15>-<digit:1-15>-<digit:1-15>-<hex:8-64>")
                        .build(),
                rule("slack-webhook-url", "Slack incoming webhook or workflow trigger URL")
                        .shape("hooks.slack.com/services/{T<b62:6-12>/B<b62:6-12>/<b62:24>}",
                                "hooks.slack.com/workflows/{<[A-Za-z0-9/]:43-120>}",
                                "hooks.slack.com/triggers/{<[A-Za-z0-9/]:43-120>}")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("discord-webhook-url", "Discord webhook URL")
                        .shape("discord.com/api/webhooks/<digit:17-20>/{<b64u:60-70>}",
                                "discordapp.com/api/webhooks/<digit:17-20>/{<b64u:60-70>}")
                        .confidence(Confidence.HIGH).anywhere().build(),
                // Bot tokens (<id>.<timestamp>.<hmac>) start with base64 of a variable user id: found bare by their
                // decoded id (DiscordTokenRule), and by name in any other shape.
                new DiscordTokenRule(),
                named("discord-bot-token", "Discord bot token (named)",
                        "[A-Za-z0-9_.-]", 59, 80, "discord"),
                rule("telegram-bot-token", "Telegram bot token")
                        .shape("<digit:8>:AA<b64u:32-33>", "<digit:9>:AA<b64u:32-33>", "<digit:10>:AA<b64u:32-33>")
                        .entropy(3.0).build(),
                rule("zapier-webhook-url", "Zapier catch hook URL (anyone holding it can trigger the Zap)")
                        .shape("hooks.zapier.com/hooks/catch/{<digit:4-12>/<lowernum:5-8>}").entropy(2.5).anywhere().build(),
                rule("tines-webhook-url", "Tines webhook URL with its path secret")
                        .shape(".tines.com/webhook/{<hexl:32>/<hexl:32>}").confidence(Confidence.HIGH).anywhere().build(),
                // Chat-bot webhooks of DingTalk, WeCom (WeChat Work) and Feishu/Lark, and Google Chat's: the token in
                // the URL is the whole credential.
                rule("dingtalk-webhook-url", "DingTalk robot webhook URL")
                        .shape("oapi.dingtalk.com/robot/send?access_token={<hexl:64>}").confidence(Confidence.HIGH)
                        .anywhere().build(),
                rule("wecom-webhook-url", "WeCom (WeChat Work) group robot webhook URL")
                        .shape("qyapi.weixin.qq.com/cgi-bin/webhook/send?key={" + UUID + "}")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("feishu-webhook-url", "Feishu / Lark custom bot webhook URL")
                        .shape("open.feishu.cn/open-apis/bot/v2/hook/{" + UUID + "}",
                                "open.larksuite.com/open-apis/bot/v2/hook/{" + UUID + "}")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("google-chat-webhook-url", "Google Chat incoming webhook token")
                        .shape("chat.googleapis.com/v1/spaces/<b64u:8-16>/messages?key=<b64u:39>&token={<[A-Za-z0-9_%=-]:40-64>}")
                        .entropy(3.5).anywhere().build(),
                rule("ifttt-webhook-url", "IFTTT Webhooks (Maker) key in a trigger URL")
                        .shape("maker.ifttt.com/trigger/<[A-Za-z0-9_-]:1-64>/with/key/{<b64u:20-24>}",
                                "maker.ifttt.com/trigger/<[A-Za-z0-9_-]:1-64>/json/with/key/{<b64u:20-24>}")
                        .entropy(3.0).anywhere().build(),
                rule("make-webhook-url", "Make (Integromat) custom webhook URL")
                        .shape("hook.<lower:2-4><digit:0-2>.make.com/{<lowernum:32>}", "hook.integromat.com/{<lowernum:32>}")
                        .entropy(3.0).anywhere().build(),
                rule("microsoft-teams-webhook-url", "Microsoft Teams incoming webhook URL")
                        .shape("webhook.office.com/webhookb2/{" + UUID + "@" + UUID + "/IncomingWebhook/<hexl:32>/"
                                        + UUID + "}",
                                "webhook.office.com/webhookb2/" + UUID + "@" + UUID + "/IncomingWebhook/<hexl:32>/"
                                        + UUID + "/{V2<b64u:30-80>}",
                                "outlook.office.com/webhook/{" + UUID + "@" + UUID + "/IncomingWebhook/<hexl:32>/"
                                        + UUID + "}",
                                "outlook.office365.com/webhook/{" + UUID + "@" + UUID + "/IncomingWebhook/<hexl:32>/"
                                        + UUID + "}")
                        .confidence(Confidence.HIGH).anywhere().build(),
                rule("twilio-api-key", "Twilio API key SID (its secret is usually nearby)")
                        .shape(twilioShapes()).entropy(3.0).build(),
                named("twilio-auth-token", "Twilio auth token or API key secret (named)", "b62", 32, 32, "twilio"),
                rule("resend-api-key", "Resend API key")
                        .shape("re_<b62:8>_<b62:24>").entropy(3.5).validator(BodyChecks.randomBase62(3)).build(),
                rule("sendgrid-api-key", "SendGrid API key")
                        .shape("SG.<b64u:22>.<b64u:43>").confidence(Confidence.HIGH).build(),
                // "key-" plus an MD5 is also a common cache key in ordinary code: low confidence.
                rule("mailgun-api-key-legacy", "Mailgun API key, legacy key- format")
                        .shape("key-<hexl:32>").entropy(3.0).confidence(Confidence.LOW).build(),
                named("mailgun-api-key", "Mailgun private API key (named)",
                        "[0-9a-z-]", 36, 50, "mailgun"),
                rule("mailchimp-api-key", "Mailchimp API key")
                        .shape("<hexl:32>-us<digit:1-2>").entropy(3.0).confidence(Confidence.HIGH).build(),
                named("postmark-server-token", "Postmark server or account token (named)",
                        "[0-9a-fA-F-]", 36, 36, "postmark"),
                rule("mailersend-api-token", "MailerSend API token")
                        .shape("mlsn.<b62:64>").entropy(3.0).build(),
                rule("brevo-api-key", "Brevo (Sendinblue) API key")
                        .shape("xkeysib-<hexl:64>-<b62:16>").confidence(Confidence.HIGH).build(),
                rule("brevo-smtp-key", "Brevo (Sendinblue) SMTP key")
                        .shape("xsmtpsib-<hexl:64>-<b62:16>").confidence(Confidence.HIGH).build(),
                named("sparkpost-api-key", "SparkPost API key (named)", "hex", 40, 40, "sparkpost"),
                named("mandrill-api-key", "Mailchimp Transactional (Mandrill) API key (named)",
                        "b64u", 22, 22, "mandrill"),
                named("vonage-api-secret", "Vonage (Nexmo) API secret (named)", "b62", 16, 16, "vonage", "nexmo"),
                rule("onesignal-rest-api-key", "OneSignal REST API key (app or organisation)")
                        .shape("os_v2_app_<[a-z2-7]:90-120>", "os_v2_org_<[a-z2-7]:90-120>").entropy(3.5)
                        .confidence(Confidence.HIGH).build(),
                // Synapse's tokens: syt_ (access) or syr_ (refresh), the user's localpart in unpadded base64, 20
                // random characters and a checksum.
                rule("matrix-access-token", "Matrix (Synapse) access or refresh token")
                        .shape("syt_<[A-Za-z0-9+/]:1-64>_<b62:20>_<b62:6>", "syr_<[A-Za-z0-9+/]:1-64>_<b62:20>_<b62:6>")
                        .entropy(3.0).confidence(Confidence.HIGH).build());
    }

    /** SK plus 32 lowercase hex: one shape per first hex digit, so each trigger has three characters. */
    private static String[] twilioShapes() {
        List<String> shapes = new ArrayList<>();
        for (char c : "0123456789abcdef".toCharArray()) {
            shapes.add("SK" + c + "<hexl:31>");
        }
        return shapes.toArray(String[]::new);
    }
}
