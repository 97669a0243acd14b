package dev.airlock.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import dev.airlock.detector.testing.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private final Random random = new Random(42);

    private String githubToken() {
        return Examples.githubToken(random, "ghp_");
    }

    private static List<String> ruleIds(String text) {
        return DETECTOR.scan(text).stream().map(Finding::ruleId).toList();
    }

    @Test
    void findsTheBlogPostExamples() {
        // The two lines the product was built to stop, assembled so the repository holds no key-shaped literal.
        String apiKeyLine = "const apiKey = \"sk-" + "proj-abc123xyz789\";";
        String passwordLine = "const dbPassword = \"myPassword123\";";
        assertThat(DETECTOR.scan(apiKeyLine)).singleElement().satisfies(f ->
                assertThat(apiKeyLine.substring(f.start(), f.end())).isEqualTo("sk-" + "proj-abc123xyz789"));
        assertThat(DETECTOR.scan(passwordLine)).singleElement().satisfies(f ->
                assertThat(passwordLine.substring(f.start(), f.end())).isEqualTo("myPassword123"));
        // The same lines as TypeScript writes them.
        String typedPassword = "const dbPassword: string = \"myPassword123\";";
        assertThat(DETECTOR.scan(typedPassword)).singleElement().satisfies(f ->
                assertThat(typedPassword.substring(f.start(), f.end())).isEqualTo("myPassword123"));
        String typedKey = "const apiKey: string = \"sk-" + "proj-abc123xyz789\";";
        assertThat(DETECTOR.scan(typedKey)).singleElement().satisfies(f ->
                assertThat(typedKey.substring(f.start(), f.end())).isEqualTo("sk-" + "proj-abc123xyz789"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "const key = process.env.API_KEY;",
        "password: ${DB_PASSWORD}",
        "DB_PASSWORD=${DB_PASSWORD}",
        "password = \"your-secure-password\"",
        "api_key = \"<your-key>\"",
        "OPENAI_API_KEY=YOUR_API_KEY_HERE",
        "ANTHROPIC_API_KEY=sk-ant-...",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "sha = \"3f786850e387550fdab836ed7e6dc881de23001b\"",
        "id: 123e4567-e89b-12d3-a456-426614174000",
        "\"integrity\": \"sha512-Tn1pWqpE6jrFbNOIyPkLJRRpKcpa0UsHMFeNLaFBAnE0cS5PtLbqyF3oT6IfDOJm0dz6ZX1hU0vfcwMbgN9w==\"",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "color: #ff00aa;",
        "password: string;",
        "self.password = password",
        "password = getpass.getpass()",
        "token = os.getenv(\"GITHUB_TOKEN\")",
        "api_token <- Sys.getenv(\"API_TOKEN\")", "password <- readline(prompt = \"Password: \")",
        "if (token_count <-1) stop(\"none\")",
        "# masterauth <masterpassword>", "masterauth ${REDIS_PRIMARY_PASSWORD}",
        "api_key = os.environ[\"OPENAI_API_KEY\"]",
        "password = \"********\"",
        "secret: {{ .Values.secret }}",
        "max_tokens: 4096",
        "\"pk_live_51HqLyjWDarjtT1zdp7dcXaMPLEe0Gh0CjbbJXnJ3qRRqTfDRcbXd1VVgTSzn9Y1dOxVi1Pbbc0l55EMXWBm2dj3C00uVmcYsHp\"",
        "mapbox token pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJja2V4YW1wbGUifQ.abcdefghijklmnopqrstuv",
        "client_id = \"123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com\"",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",
        "-----BEGIN PRIVATE " + "KEY-----\n...\n-----END PRIVATE " + "KEY-----",
        "const passwordInput = document.getElementById('password');",
        "tokenizer = AutoTokenizer.from_pretrained(\"bert-base-uncased\")",
        // Shapes of ordinary Java that a keyword-and-entropy guess reads as secrets (found scanning the JDK).
        "private RoundRectangle2D roundRect;",
        "private CgroupV1SubsystemController cpuset;",
        "private DebugVC50SSSegMap getSegMap() {",
        "SecretKey key = P11Key.secretKey\n    (session, keyID, algorithm);",
        "keyMaterialAlg = \"SunTls12KeyMaterial\";",
        "import javax.security.auth.x500.X500Principal;",
        "sgnAlg = MessageToken.SGN_ALG_HMAC_MD5_ARCFOUR;",
        "private static final String HASH_PASSWORDS = \"hashPasswords\";",
        "private static final String KEYSTORE_PASSWORD_ENV = \"keystorepasswordenv\";",
        "char[] passphrase = \"passphrase\".toCharArray();",
        "static Token token_stringend2;",
        "mech = isTls ? CKM_TLS_KEY_AND_MAC_DERIVE : CKM_SSL3_KEY_AND_MAC_DERIVE;",
        "if (keyType == KEY_TYPE_SECRET_1234) {",
        "Token token = p11Key.token;",
        "SecretKey k = (SecretKey) cipher.unwrap(keyBytes[0], alg);",
        "* example, \"SOCKS\" for a password-protected SOCKS5 firewall.",
        "* pass non-opaque paint contexts",
        "long CKR_KEY_SIZE_RANGE = 0xCE534351L;",
        "let password = form$password;",
        "psA(\"SecretKeyFactory\", \"PBEWithMD5AndDES\",",
        "\"token_uri\":\"https://oauth2.example.net/token\",\"auth_provider_x509_cert_url\":\"https://x\"",
        "messages.put(\"password\", \"Changed\");",
        // Shapes from Python packages and AWS tooling.
        "\"AWS::CloudFront::KeyValueStore\": \"3cecb676246af3f9\",",
        "\"AWS::ApiGateway::UsagePlanKey\": \"309b26469128fd0a\",",
        "\"ChangeToken\": \"abcd12f2-46da-4fdb-b8d5-fbd4c466928f\"",
        "\"kms:EncryptionContext:SecretARN\":\"arn:aws:secretsmanager:*:123456789012:secret:amazon-bedrock*\"",
        "MovedAttribute(\"HTTPPasswordMgr\", \"urllib2\", \"urllib.request\"),",
        "taps = firwin(ntaps, pass_zero='bandstop', **kwargs)",
        "ctx.load_cert_chain(CERTFILE_PROTECTED, password=getpass_badpass)",
        "'pass': 'The \"pass\" statement\\n'",
        "**To see the current account password policy**",
        "\"ARN\": \"arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-a1b2c3\",",
        "\"LockToken\":\"447e55ac-0000-0000-0000-86b67c17f8b5\",",
        "Token.Prompt: '#ansidarkgreen',",
        "def RegDeleteKey(key: _win32typing.PyHKEY, subKey: str, /) -> None: ...",
        "char *key = \"__f2py_cb_#name#\";",
        "'pkcs7_encrypted_st', 'RC4_KEY', '__darwin_ucontext64_t',",
        // npm's own code: a registry signing key (public), a comment, chained constants.
        "key: \"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KS\"",
        "// proto://:password@hostname.com:user/repo",
        "exports.SOCKS5_NO_ACCEPTABLE_AUTH = exports.SOCKS5_CUSTOM_AUTH_END = exports.SOCKS5_CUSTOM_AUTH_START = 1;",
        "\"lastAccess\": \"2018-01-19T11:39:19Z\",",
        "aws s3api upload-part --key \"Map_Data_June.mp4\" --part-number 1",
        "MLKEM1024P384PrivateKey = rust_openssl.hpke.MLKEM1024P384PrivateKey",
        "portfolio_share_token = f\"share-{portfolio_id}-{org_type}-{org_value}\"",
        "flags, key: _win32typing.PyPROPERTYKEY, val: _win32typing.PyPROPVARIANT, /",
        " * below format. hashedPassword = base64_encoded_64_byte_salt",
        // Names that hold keys and tokens of another kind: caches, pagination, idempotency, tokenizers.
        "\"prompt_cache_key\": \"2442d30f-2543-48fc-8fd2-bf595e099655\"",
        "\"prompt_cache_key\":\"ses_66dcbde69ffeI41CIcCilhX1gs\"",
        "headers[\"Idempotency-Key\"] = \"a7Fq9Zk2Lm4Np6Rs8Tv0Wx3Y\"",
        "next_page_token: CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3",
        "pad_token = \"<|endoftext|>\"",
        // Terraform variables whose default is not a credential, or not a literal.
        "variable \"region\" {\n  default = \"Zq8vR2pW7zKm4xT9bN3cLp\"\n}",
        "variable \"db_password\" {\n  default = var.other\n}",
        "variable \"token_ttl\" {\n  default = \"Zq8vR2pW7zKm4xT9bN3cLp\"\n}",
        "variable \"db_password\" {\n  type = string\n}\nlocals {\n  default = \"Zq8vR2pW7zKm4xT9bN3cLp\"\n}",
        // Names and fallbacks that are not literals.
        "        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db",
        "        - name: DB_HOST\n          value: \"Zq8vR2pW7zKm4xT9bN3cLp\"",
        "const secret = process.env.JWT_SECRET || fallbackSecret;",
        "password: ${DB_PASSWORD:-${VAULT_PASSWORD}}",
        "CREATE USER app IDENTIFIED BY password;",
        "-- PBES2Algorithms ALGORITHM-IDENTIFIER ::= { {PBES2-params IDENTIFIED BY id-PBES2}, ... }",
        "The key is identified by 'Zq8vR2pW7zKm4xT9bN3cLp' in the log.",
        // Authorization values that are references or parameters.
        "Authorization: Token ${API_TOKEN}",
        "Authorization: Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"",
        "<string name=\"password_hint\">Zq8vR2pW7zKm4xT9bN3cLp</string>",
        "<string name=\"token_label\">Your token</string>",
        "scp -P 2222 file host:/tmp",
        "keytool -list -keystore app.jks -storepass changeit",
        "openssl rsa -in key.pem -passin env:KEY_PASSPHRASE -out plain.pem",
        "openssl pkcs12 -in cert.p12 -passin file:passphrase.txt",
        "if -srcprotected is specified, then -srcstorepass and -srckeypass must not be specified",
        "Please retry with -destkeypass specified.",
        "description: |\n  The password is rotated every month.\n",
        "page.login(\"Sign in\", \"Welcome back\")",
        "authenticate(\"admin\", \"password\")",
        "auth=(\"user\", \"password\")",
        "smtp.login(\"me@example.com\", os.environ[\"SMTP_PASSWORD\"])",
        "password: |\n\nnext: Zq8vR2pW7zKm4xT9bN3cLp",
        // Cookies that are not a session, or whose value is not random.
        "Cookie: csrftoken=Zq8vR2pW7zKm4xT9bN3cLp7Q; theme=dark",
        "Set-Cookie: sessionid=deleted; expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "Cookie: session=aaaaaaaaaaaaaaaaaaaaaaaa",
        "  MasterUserPassword: !Ref DbMasterPassword",
        "conn = f\"DRIVER={driver};SERVER={server};UID={user};PWD={password};\"",
        "conn = f\"SERVER={host};UID={user};PWD={dbPassword};\"",
        "SERVER=db;UID=app;PWD={Zq8vR2pW7zKm4xT9\nnext line}",
        "ldapsearch -x -D \"cn=admin,dc=example,dc=com\" -W -b \"dc=example,dc=com\"",
        // Command lines whose password is asked for or comes from a variable.
        "mysql -u root -p mydb",
        "mysql -u root -p$MYSQL_PASSWORD mydb",
        "redis-cli -h 127.0.0.1 -a '%REDIS_PASSWORD%' ping",
        "mysql --help | grep -pthread",
        "mysql -u root -p  mydatabase",
        "docker run --user  1000  -p 8080:80 nginx",
        "docker run\t-u 1000\t-p 8080:80 nginx",
        "top -u  mysql -p 1234",
        "docker run --user=www-data:www-data php",
        "docker run -u www-data:app php",
        "net use \\\\server\\share /user:CORP\\svc *",
        // A keyword inside a longer lowercase word that is not a credential.
        "secretary = Zq8vR2pW7zKm4xT9bN3c",
        "detokenize = Zq8vR2pW7zKm4xT9bN3c",
        "monkey = Zq8vR2pW7zKm4xT9bN3c",
        "passkeyprompt = Zq8vR2pW7zKm4xT9bN3c",
        "webauthn.passkey = \"Abc123def456\"",
        "passkey = \"Summer2024x\"",
        "apilogin = \"Zq8vR2pW7zKm4xT9bN3cLp\"",
        "appaccess = \"Zq8vR2pW7zKm4xT9bN3cLp\"",
        "appkey = \"Zq8vR2pW7zKm4xT9bN3cLp\"",
        // An object under a credential's name whose value is not a literal, or under another name.
        "{\"db_password\": {\"value\": var.db_password}}",
        "{\"region\": {\"sensitive\": false, \"value\": \"Zq8vR2pW7zKm4xT9bN3cLp\"}}",
        // A fallback that is a name, a condition on a lookup, a docstring.
        "token = os.getenv(\"API_TOKEN\") or default_token",
        "if has(\"TOKEN\") or other: pass",
        "password = \"\"\"The password of the service account, rotated monthly.\"\"\"",
        // Sentences and tables about a credential that hold none.
        "The password is required and must be 12 characters long.",
        "the secret is base64-encoded before it is stored",
        "the key is rsa-4096",
        "| token | string | Required. Your API token. |",
        "| API_KEY | Your API key from the dashboard |",
        "*Valid values*: `BASIC_AUTH | CLIENT_CERTIFICATE_TLS_AUTH | SASL_SCRAM_256_AUTH | SERVER_ROOT_CA`",
        // Words that end in "pass" are not its compounds.
        "bypass = \"Zq8vR2pW7zKm4xT9bN3cLp\"",
        "compass: Zq8vR2pW7zKm4xT9bN3cLp",
        "Bypass Zq8vR2pW7zKm4xT9bN3cLp",
        // Typed declarations whose value is not a literal.
        "api_key: str = os.environ[\"API_KEY\"]",
        "password: string = process.env.DB_PASSWORD!;",
        "def connect(api_key: str = None, token: Optional[str] = None):",
        // A flag's next argument is no Go type: --auth Description=…
        "aws rds create-db-proxy --auth Description=\"proxydescription1\",AuthScheme=\"SECRETS\"",
        // Escaped JSON whose value is empty or a template.
        "<div data-config=\"{&quot;password&quot;: &quot;&quot;, &quot;token&quot;: &quot;{{ csrf }}&quot;}\">",
        // Oracle's sample schema, an operating-system login, batch input without a password, a variable.
        "sqlplus scott/tiger@orcl",
        "sqlplus / as sysdba",
        "htpasswd -c .htpasswd admin",
        "rabbitmqctl add_user deploy $RABBITMQ_PASSWORD",
        "echo 'deploy:Zq8vR2pW7zKm4xT9bN3cLp' | tee users.txt",
        // Piped from a variable, or to a command that does not read a password.
        "echo $CR_PAT | docker login ghcr.io -u deploy --password-stdin",
        "echo Zq8vR2pW7zKm4xT9bN3cLp | base64 -d",
        // curl asks for the password; a user name that is a word; Docker's user and group.
        "curl -u admin: https://ci.internal",
        "curl -u username_here: https://ci.internal",
        "docker run -u 1000:1000 img",
        // An Authorization value that is a scheme before its parameters, or words.
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
        "Authorization: RequiredOnEveryCall",
        // A comparison with a variable or an empty string, a literal compared with a name.
        "if (password.equals(confirmation)) {",
        "if (token.equals(\"\")) return;",
        "if (\"password\".equals(field.getName()))",
        // Calls whose credential argument is a variable, empty, a word, a stand-in, a name or an expression;
        // anonymous FTP's e-mail address; a caption or a scheme in a builder method.
        "$conn = mysqli_connect($host, $user, $password, $db);",
        "$conn = mysqli_connect(\"localhost\", \"root\", \"\", \"shop\");",
        "DriverManager.getConnection(\"jdbc:h2:mem:test\", \"sa\", \"sa\")",
        "DriverManager.getConnection(url, \"app\", \"password\")",
        "DriverManager.getConnection(url, \"app\", \"Zq8vR2pW\" + suffix)",
        "jwt.sign(payload, 'shhhhh')",
        "jwt.sign(payload, 'my-secret-key')",
        "jwt.sign(payload, \"jwtSecretKey\")",
        "jwt.sign(payload, process.env.JWT_SECRET, { expiresIn: '1h' })",
        "jwt.decode(token, options={\"verify_signature\": False})",
        "crypto.createHmac('sha256', secret).update(body).digest('hex')",
        "cl.connect(\"ftp.gnu.org\").login(\"anonymous\", \"john.doe@mydomain.com\".toCharArray())",
        "form.password(\"Enter password\")",
        "request.token(\"Bearer\")",
        "keyring.get_password(\"service\", \"Zq8vR2pW7zKm4xT9\")",
        // Labels and printing commands followed by no value: prose, a type, a reference, another command, a heading.
        "## Secrets\nSet these in the CI settings before the first deploy.",
        "Token\nstring\nRequired. The token of the service account.",
        "password:\n  valueFrom:\n    secretKeyRef:\n      name: db",
        "$ echo $PATH\n/usr/local/bin:/usr/bin:/bin",
        "$ kubectl get secret db\nNAME   TYPE     DATA   AGE",
        "$ echo $HOME\n/home/deploy",
        "$ echo $API_TOKEN\n$ ls -la",
        "Password\n--------",
        "API Key\n<your-api-key>",
        // Argument vectors whose flags take no literal, or list other flags.
        "\"args\": [\"--api-key\", \"${SEARCH_API_KEY}\", \"--password-file\", \"/run/secrets/db\"]",
        "[\"--password\", \"--token\", \"--secret\"]",
        "\"args\": [\"--secret\", \"db-credentials\", \"--namespace\", \"prod\"]",
        // An empty passphrase; an SSM parameter that is configuration.
        "ssh-keygen -t ed25519 -N '' -f deploy_key",
        "aws ssm put-parameter --name /prod/app/region --value 'Zq8vR2pW7zKm' --type String",
        // A secret's resource name, which reads like grep's path:line: but holds colons.
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
        // net user asks for the password, deletes an account, lists the domain's.
        "net user deploy * /add",
        "net user deploy /delete",
        "net user /domain administrator",
        // A PEM template with the key in a variable between the string literals.
        "String pem = \"-----BEGIN PRIVATE " + "KEY-----\\n\" + key + \"\\n-----END PRIVATE " + "KEY-----\";",
        // The words in other scripts before a count, a request, a stand-in or a value in their own script.
        "トークン数: 1234", "パスワードを入力してください", "密码：你的密码", "пароль: <ваш пароль>", "密码: ********",
        "das Passwort ist falsch", "la contraseña es obligatoria", "パスワードは8文字以上", "密码是必填项",
        "암호: AES256", // Korean's 암호 is also a cipher
        "Секрет успеха: терпение", "비밀번호: 비밀번호를 입력하세요",
        // A tuple of names, not a call's name and value.
        "CIPHERS = ('RC4_KEY', 'x9Kq2mLp7Zr4', 'DES_KEY')",
        // sk- before a slug, a made-up key.
        "<div class=\"sk-folding-cube-and-chasing-dots\"></div>", "OPENAI_BASE=sk-abcdefghijklmnopqrstuvwxyz123456",
    })
    void ignoresPlaceholdersReferencesAndLookAlikes(String text) {
        assertThat(DETECTOR.scan(text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "machine api.example.net\n  login deploy\n  password %s\n",
        "machine api.example.net login deploy password %s",
        "Server=db;User ID=app;Password=#%s;",
        "VAULT_CLIENT_TOKEN=\"s.%s\"",
        "<add key=\"SmtpPassword\" value=\"%s\" />",
        "the password is '%s'",
        "export OPENAI_API_KEY=%s",
        "curl -u deploy:%s https://ci.internal",
        "curl --user  'deploy:%s' https://ci.internal",
        "curl -X POST https://ci.internal/token \\\n-u client-id:%s",
        "curl --user=deploy:%s https://ci.internal",
        "psexec \\\\host -u admin  -p %s cmd",
        "$pw = ConvertTo-SecureString \"%s\" -AsPlainText -Force",
        "$pw = ConvertTo-SecureString  '%s'  -AsPlainText",
        "$pw = ConvertTo-SecureString -AsPlainText -Force -String \"%s\"",
        "docker login -u deploy -p %s registry.example.com",
        "mongo -u admin -p %s --authenticationDatabase admin",
        "variable \"api_token\" {\n  description = \"{ not a block }\" # }\n  validation {\n    condition = true\n  }\n"
                + "  default = \"%s\"\n}",
        "        - name: DB_PASSWORD\n          value: \"%s\"",
        "\"environment\": [{\"name\": \"DB_PASSWORD\", \"value\": \"%s\"}]",
        "{\"key\": \"API_TOKEN\", \"value\": \"%s\"}",
        "[{\"ParameterKey\": \"DBPassword\", \"ParameterValue\": \"%s\"}]",
        "{\"db_password\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"%s\"}}",
        "<entry key=\"password\">%s</entry>",
        "<string name=\"maps_api_key\">%s</string>",
        "r = requests.get(url, auth=(\"deploy\", \"%s\"))",
        "req.SetBasicAuth(\"deploy\", \"%s\")",
        "smtp.login('me@example.com', '%s')",
        "login(\"admin\", \"%s\")",
        "client.authenticate(\"svc-deploy\", \"%s\")",
        "db:\n  password: >-\n    %s\n  port: 5432",
        "token: |\n  %s\n",
        "CREATE USER app IDENTIFIED BY '%s';",
        "SET PASSWORD FOR 'app'@'%%' = '%s';",
        "SET PASSWORD = \"%s\";",
        "ALTER USER 'app'@'%%' IDENTIFIED WITH mysql_native_password BY '%s';",
        "const secret = process.env.JWT_SECRET || \"%s\";",
        "const token = process.env.API_TOKEN ?? '%s';",
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-%s}",
        "DB_PASSWORD=\"${DB_PASSWORD-%s}\"",
        "Authorization: Token %s",
        "curl -H 'Authorization: ApiKey %s' https://api.example.com",
        "Authorization: sso-key dKq9vR2pWz7Tx4m:%s",
        "Cookie: theme=dark; sessionid=%s7; csrftoken=abc",
        "Set-Cookie: JSESSIONID=%s9; Path=/; HttpOnly",
        "ldapsearch -x -D \"cn=admin,dc=example,dc=com\" -w %s -b \"dc=example,dc=com\"",
        "openssl pkcs12 -export -in cert.pem -out cert.p12 -passout pass:%s",
        "openssl enc -d -aes-256-cbc -k '%s' -in backup.enc",
        "smbclient //server/share -U deploy%%%s",
        "keytool -genkey -alias app -keystore app.jks -keypass %s",
        "zip -r -P %s backup.zip data/",
        "7z a -p%s backup.7z data/",
        "sqlcmd -S db.example.com -U sa -P %s -Q \"select 1\"",
        "mysql -u root -p%s mydb",
        "mysqldump -uadmin -p%s --all-databases > dump.sql",
        "sshpass -p '%s' ssh deploy@host",
        "redis-cli -h 10.0.0.5 -a %s ping",
        "net use \\\\server\\share /user:CORP\\svc %s",
        "kubectl create secret generic db --from-literal=password=%s",
        "env.put(\"OPENAI_API_KEY\", \"%s\");",
        "buildConfigField 'String', 'API_KEY', '\"%s\"'",
        "new DirectoryEntry(\"LDAP://dc.corp.example\",\n    \"svc-ldap\",\n    \"%s\");",
        "{\"secret\": \"7`D'}/vYR)T;W5]EBrf;_&k>qX??]G&3CF=;@%s\"}",
        "Authorization: Bearer mF_9.B5f-4.%s",
        "  :password       => '%s',",
        "db:\n  password: !!str %s\n  port: 5432",
        "DRIVER={ODBC Driver 18 for SQL Server};SERVER=db;UID=app;PWD={%s};",
        "db:\n  password: !!str \"%s\"",
        "vendor:token=%s",
        // Names joined in one case, as .env files and Java properties write them.
        "authtoken=%s",
        "accesstoken: %s",
        "secretkey=%s",
        "foo.backup.archive.aws.secretkey=%s",
        "app.signingkey = %s",
        "BOT_MASTERKEY=%s",
        // Python: a triple-quoted literal, a fallback after a lookup by name.
        "DB_PASSWORD = \"\"\"%s\"\"\"",
        "token = os.getenv(\"API_TOKEN\") or \"%s\"",
        "api_key = os.environ.get('API_KEY') or '%s'",
        // Prose and Markdown tables, as people paste them into a chat.
        "my password is %s7, the user is admin",
        "the api key is %s9",
        "| OPENAI_API_KEY | %s4 |",
        "| `DB_PASSWORD` | %s2 | production |",
        // The word in other languages.
        "Passwort: %s",
        "senha = \"%s\"",
        "contrasena: %s",
        "wachtwoord=%s",
        // Joined names before "pass", and a directive opening a line (redis.conf).
        "DBPASS=%s",
        "smtppass: %s",
        "requirepass %s",
        // Declarations with a type annotation: TypeScript, Rust, Python, Kotlin, Go.
        "const apiKey: string = \"%s\";",
        "const TOKEN: &'static str = \"%s\";",
        "    api_key: Optional[str] = \"%s\"",
        "val clientSecret: String = \"%s\"",
        "var dbPassword string = \"%s\"",
        // curl: the shell joins user:'pass'; an API key as the user with no password.
        "curl --user deploy:'%s' -X PATCH https://ci.internal",
        "curl -u \"%s:\" https://api.example.com/v1/charges",
        "curl -u %s: https://api.example.com/v1/charges",
        // JSON escaped into an HTML attribute.
        "<div data-config=\"{&quot;apiKey&quot;: &quot;%s&quot;}\">",
        "<input data-x='{&#34;password&#34;:&#34;%s&#34;}'>",
        // Oracle's user/password@database, RabbitMQ's and htpasswd's last argument, a user:password line to chpasswd.
        "sqlplus admin/%s@db.example.com:1521/ORCLPDB1",
        "expdp system/%s@orcl schemas=hr directory=dump",
        "String url = \"jdbc:oracle:thin:app/%s@//db.example.com:1521/XE\";",
        "rabbitmqctl add_user deploy %s",
        "htpasswd -cb /etc/nginx/.htpasswd admin %s",
        "echo 'deploy:%s' | sudo chpasswd",
        // A password piped into a command that reads standard input.
        "echo '%s' | sudo -S apt-get install -y nginx",
        "echo -n %s | docker login -u deploy --password-stdin registry.example.com",
        // A token alone in the Authorization header, no scheme.
        "curl -H 'Authorization: %s' https://api.example.com",
        "Authorization: %s\nAccept: */*",
        "set Authorization: %s and retry",
        // A comparison with a hardcoded value by method; base64 with its padding under a YAML name.
        "if (password.equals(\"%s\")) {",
        "if (apiToken.equalsIgnoreCase(\"%s\"))",
        "if (user.Password.Equals(\"%s\"))",
        "db:\n  password: %s=\n  user: app",
        // Windows: a local account's password.
        "net user deploy %s /add",
        // A key's new passphrase, mysqladmin's new password, a repository secret, an SSM SecureString, Redis at run time.
        "ssh-keygen -t ed25519 -N '%s' -f deploy_key",
        "mysqladmin -u root password '%s'",
        "gh secret set API_TOKEN --body \"%s\"",
        "aws ssm put-parameter --name /prod/db/password --value '%s' --type SecureString",
        "redis-cli CONFIG SET requirepass %s", "masterauth %s", "CONFIG SET masterauth %s",
        // A literal argument where a call's signature puts the password or signing key.
        "$conn = mysqli_connect(\"localhost\", \"app\", \"%s\", \"shop\");",
        "$pdo = new PDO('mysql:host=db;dbname=shop;charset=utf8mb4', 'app', '%s');",
        "Connection c = DriverManager.getConnection(url, \"app\",\n        \"%s\");",
        "Connection a = DriverManager.getConnection(url, props);\nConnection b = DriverManager.getConnection(url, \"app\", "
                + "\"%s\");",
        "const sequelize = new Sequelize('shop', 'app', '%s', { host: 'db', dialect: 'mysql' });",
        "db = pymysql.connect('localhost', 'root', '%s', 'shop')",
        "ftp_login($conn, 'deploy', '%s');",
        "String credential = Credentials.basic(\"app\", \"%s\");",
        "return new PasswordAuthentication(\"app\", \"%s\".toCharArray());",
        "server.login(user, \"%s\")",
        "const token = jwt.sign({ id: user.id }, '%s', { expiresIn: '1h' });",
        "token = jwt.encode(payload, \"%s\", algorithm=\"HS256\")",
        "Algorithm algorithm = Algorithm.HMAC256(\"%s\");",
        "const hmac = crypto.createHmac('sha256', '%s');",
        "sig = hmac.new(b\"%s\", msg, hashlib.sha256)",
        "tokenString, err := token.SignedString([]byte(\"%s\"))",
        "var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(\"%s\"));",
        "SecretKeySpec spec = new SecretKeySpec(\"%s\".getBytes(StandardCharsets.UTF_8), \"HmacSHA256\");",
        // A name and its value as a call's first arguments, a flag or a count after them.
        "setenv(\"API_TOKEN\", \"%s\", 1);",
        // A quoted password after the word mid-sentence, as error messages and logs print it; a call that goes on
        // with a string after the value.
        "psycopg2.OperationalError: connection failed for user 'app' with password '%s'",
        "[System.Environment]::SetEnvironmentVariable('API_TOKEN', '%s', 'User')",
        // Make's assignments; R's, F#'s and OCaml's arrows.
        "API_TOKEN := %s", "API_TOKEN ?= %s",
        "api_token <- \"%s\"", "api_token <<- '%s'", "cfg.ApiToken <- \"%s\"",
        // An SSM parameter as the CLI prints it, its type between its name and its value; the same in YAML.
        "{\"Parameter\": {\"Name\": \"/prod/db/password\", \"Type\": \"SecureString\", \"Value\": \"%s\","
                + " \"Version\": 3}}",
        "- name: DB_PASSWORD\n  type: SecureString\n  value: %s",
        // A CLI's box-drawn table; a password manager's field as its CLI prints it.
        "│ NAME        │ VALUE          │\n│ DB_PASSWORD │ %s │",
        "{\"id\": \"password\", \"type\": \"CONCEALED\", \"label\": \"password\", \"value\": \"%s\"}",
        // The words in other languages and scripts, with their own punctuation.
        "contraseña: %s", "Пароль: %s", "数据库密码：%s。", "パスワード：%s", "비밀번호: %s", "API密钥：%s", "APIキー: %s",
        "токен: %s", "Mot de passe : %s", "{\"contraseña\": \"%s\"}", "DB_KENNWORT=%s", "hasło=%s",
        // ... and in their sentences: "is" after the word.
        "Das Passwort ist %s", "la contraseña es %s", "パスワードは %s です", "数据库密码是%s",
        // A header map whose values are lists (Go's http.Header as JSON).
        "{\"headers\": {\"X-Api-Key\": [\"%s\"], \"Accept\": [\"*/*\"]}}",
        // A flag and its value as items of an argument vector: an MCP server's args, a container's command.
        "{\"command\": \"npx\", \"args\": [\"-y\", \"search-mcp\", \"--api-key\", \"%s\", \"--verbose\"]}",
        "command: [\"app\", \"--password\", \"%s\", \"--debug\"]",
        "subprocess.run([\"mysql\", \"-u\", \"root\", \"-p%s\", \"shop\"])",
        // YAML's value member under a credential's name; a value alone on the line after its label or after a
        // command that prints it.
        "db:\n  password:\n    sensitive: true\n    value: %s\n  port: 5432",
        "API Key\n%s\nCopy it now; you will not see it again.",
        "**Client secret**\n%s",
        "$ echo $DB_PASSWORD\n%s\n$ ",
        "deploy@web-1:~$ printenv API_TOKEN\n%s",
        ">>> os.environ[\"SERVICE_TOKEN\"]\n'%s'",
        "$ op read \"op://Private/Prod DB/password\"\n%s",
        "$ aws configure get aws_secret_access_key\n%s\n$ ",
        "$ kubectl get secret db -o jsonpath=\"{.data.password}\" | base64 -d\n%s",
        // Lines as tools print them: an agent's file reader, cat -n, grep -n with and without the path, a diff.
        "     3\u2192requirepass %s",
        "    12\trequirepass %s",
        "config/redis.conf:41:requirepass %s",
        "12:password: %s",
        "src/main/resources/application.yml:7:password: %s",
        "src/app.env-8-DBPASS %s",
        "+requirepass %s",
        "-  requirepass %s",
        // A builder method named after the credential.
        "DataSourceBuilder.create().url(url).username(\"app\").password(\"%s\").build();",
        "OpenAIOkHttpClient.builder().apiKey(\"%s\").build()",
    })
    void findsSecretsInTheFormsPeopleWriteThem(String form) {
        String secret = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 22);
        String text = form.formatted(secret);
        assertThat(DETECTOR.scan(text)).as(form).anySatisfy(f ->
                assertThat(text.substring(f.start(), f.end())).contains(secret));
    }

    /**
     * After a short word that is also plain English ({@code key}, {@code pass}, {@code auth}) a value counts in a
     * sentence only when it is plainly generated; the words that usually follow stay prose.
     */
    @Test
    void aGeneratedTokenAfterAShortWordInASentenceIsASecret() {
        for (int round = 0; round < 20; round++) {
            String token = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 29)
                    + "Kq7";
            for (String form : List.of("why does my key %s not work?", "use API key %s", "I'm using the key %s.",
                    "auth %s")) {
                String text = form.formatted(token);
                assertThat(DETECTOR.scan(text)).as(form).anySatisfy(f ->
                        assertThat(text.substring(f.start(), f.end())).isEqualTo(token));
            }
        }
        for (String prose : List.of("the key HelloWorldExample2024 is a sample", "pass TestCaseNumber12345Alpha along",
                "use the key ExampleSigningKey2024ForDocs here")) {
            assertThat(DETECTOR.scan(prose)).as(prose).isEmpty();
        }
        // Glued to the word, in a hash's base64, it is no value of the word's.
        String digest = "x.rst,sha256=" + Examples.random(random, Credentials.BASE62, 8) + "KEy-"
                + Examples.random(random, Credentials.BASE62, 32) + ",980";
        assertThat(DETECTOR.scan(digest)).as(digest).isEmpty();
    }

    /** A key whose shape alone proves it (a checksum, a fixed marker) is found glued to a preceding letter or digit. */
    @Test
    void aSelfProvingKeyIsFoundGluedToWhatPrecedesIt() {
        List<String> keys = List.of(Credentials.githubToken(random), Examples.githubToken(random, "npm_"),
                Examples.fromShape(Shape.parse("sk-proj-<b64u:64>T3BlbkFJ<b64u:64>", false), random, 0));
        for (String key : keys) {
            for (String glue : List.of("x", "7", "Z")) {
                String text = "dump: " + glue + key + " end";
                assertThat(DETECTOR.scan(text)).as(glue + key.substring(0, 4)).singleElement().satisfies(f ->
                        assertThat(text.substring(f.start(), f.end())).isEqualTo(key));
            }
        }
        String forged = "x" + keys.get(0).substring(0, 39) + (keys.get(0).charAt(39) == 'a' ? 'b' : 'a');
        assertThat(DETECTOR.scan(forged)).as("a wrong checksum stays unfound").isEmpty();
    }

    /**
     * Inside a time budget a scan finds what it finds without one; past it, the scan in progress stops with the
     * budget's exception, which carries no text.
     */
    @Test
    void aScanStopsAtItsTimeBudget() {
        String hostile = "ldapsearch -w ".repeat(200_000);
        String token = Credentials.githubToken(random);
        assertThat(ScanDeadline.within(java.time.Duration.ofMinutes(1), () -> DETECTOR.scan("see " + token)))
                .isEqualTo(DETECTOR.scan("see " + token));
        Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(
                () -> ScanDeadline.within(java.time.Duration.ofMillis(1), () -> DETECTOR.scan(hostile)));
        assertThat(stopped).isInstanceOf(ScanDeadline.ExceededException.class).hasNoCause();
        assertThat(stopped.getStackTrace()).isEmpty();
        assertThat(ScanDeadline.current()).as("the budget ends with its work").isNull();
        assertThat(DETECTOR.scan(hostile)).as("no budget outside").isNotEmpty();
    }

    /** A Discord token is recognised by its first part, the account's id in base64; not every look-alike is one. */
    @Test
    void aDiscordTokenIsFoundByItsDecodedId() {
        String token = Examples.discordToken(random, 38);
        for (String text : List.of("client.login('%s');", "BOT_TOKEN_%s", "{\"content\":\"token:\\n%s\"}",
                "see %s.")) {
            String t = text.formatted(token);
            assertThat(DETECTOR.scan(t)).as(text).anySatisfy(f -> {
                assertThat(f.ruleId()).isEqualTo("discord-token");
                assertThat(t.substring(f.start(), f.end())).isEqualTo(token);
            });
        }
        String notDigits = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("3MyServiceName" + Examples.random(random, "abcdefgh", 5)).getBytes(StandardCharsets.US_ASCII));
        String lookAlike = notDigits + token.substring(token.indexOf('.'));
        String shortHmac = token.substring(0, token.length() - 6);
        assertThat(lookAlike).startsWith("M");
        for (String text : List.of(lookAlike, shortHmac)) {
            assertThat(DETECTOR.scan(text)).as(text).noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo("discord-token"));
        }
    }

    @Test
    void aTerraformDefaultIsLookedForInTheFirstFourKibOfItsBlockOnly() {
        String near = "variable \"db_password\" {\n  description = \"" + "x y ".repeat(900) + "\"\n"
                + "  default = \"Kq9vR2pW7zTx\"\n}";
        String far = near.replace("x y ".repeat(900), "x y ".repeat(1100));
        assertThat(DETECTOR.scan(near)).extracting(Finding::ruleId).containsExactly("terraform-variable-default");
        assertThat(DETECTOR.scan(far)).as("a variable's block is short: past 4 KiB nothing is read").isEmpty();
    }

    @Test
    void fieldValuesAreJudgedWithTheirName() {
        String password = "Winter" + Examples.random(random, "0123456789", 4) + "!x";
        assertThat(DETECTOR.scan(password)).isEmpty();
        assertThat(DETECTOR.scanField("db_password", password)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("generic-password");
            assertThat(f.start()).isZero();
            assertThat(f.end()).isEqualTo(password.length());
        });
        String token = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 32);
        assertThat(DETECTOR.scanField("apiKey", token)).hasSize(1);
        assertThat(DETECTOR.scanField("prompt_cache_key", token)).isEmpty();
        assertThat(DETECTOR.scanField("description", token)).isEmpty();
        assertThat(DETECTOR.scanField("password", "password")).isEmpty();
        String github = githubToken();
        assertThat(DETECTOR.scanField("note", "use " + github)).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("github-pat"));
        // Members named like headers are read as the header: a token alone, a session cookie among others.
        assertThat(DETECTOR.scanField("Authorization", token)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("authorization-scheme");
            assertThat(token.substring(f.start(), f.end())).isEqualTo(token);
        });
        String cookie = "theme=dark; sessionid=" + token;
        assertThat(DETECTOR.scanField("cookie", cookie)).singleElement()
                .satisfies(f -> assertThat(cookie.substring(f.start(), f.end())).isEqualTo(token));
        assertThat(DETECTOR.scanField("Authorization", "RequiredOnEveryCall")).isEmpty();
        assertThat(DETECTOR.scanField("contraseña", password)).as("a member named in another script")
                .singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("generic-password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%s\n",
        // Codex: its report's lines, the output below its label (unified exec adds a chunk id and a token count).
        "Exit code: 0\nWall time: 0.4 seconds\nOutput:\n%s\n",
        "Chunk ID: 7f2a\nWall time: 0.1 seconds\nProcess exited with code 0\nOriginal token count: 9\nOutput:\n%s",
        // Codex, older: a JSON document.
        "{\"output\":\"%s\\n\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":0.4}}",
        // Gemini CLI: the output on its label's line, the report going on below.
        "Command: op read op://Private/db/password\nDirectory: (root)\nOutput: %s\nError: (none)\nExit Code: 0\n"
                + "Signal: (none)\nBackground PIDs: (none)\nProcess Group PGID: 4242",
        "Command: op read op://Private/db/password\nDirectory: (root)\nStdout: %s\nStderr: (empty)\nError: (none)",
        // Claude Code's bash mode: what the user's own command printed, between tags.
        "<bash-stdout>%s\n</bash-stdout><bash-stderr></bash-stderr>",
    })
    void theOutputOfACommandThatPrintsASecretIsFoundInEachAgentsReport(String report) {
        String secret = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 18);
        String text = report.formatted(secret);
        assertThat(DETECTOR.commandOutput(text)).as(report).singleElement()
                .satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo(secret));
    }

    @Test
    void aCommandTypedInClaudeCodesBashModeMakesItsOutputASecret() {
        String secret = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 18);
        String session = "<bash-input>op read op://Private/db/password</bash-input>\n<bash-stdout>" + secret
                + "</bash-stdout><bash-stderr></bash-stderr>";
        assertThat(DETECTOR.scan(session)).singleElement()
                .satisfies(f -> assertThat(session.substring(f.start(), f.end())).isEqualTo(secret));
        assertThat(DETECTOR.scan(session.replace("op read op://Private/db/password", "git rev-parse HEAD")))
                .as("another command's output").isEmpty();
        // Bash mode's output alone in a message's text: one random token between the tags is a secret, as a tool
        // result that is one random token is.
        String token = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 30) + "7";
        String output = "<bash-stdout>" + token + "\n</bash-stdout><bash-stderr></bash-stderr>";
        assertThat(DETECTOR.scanField("text", output)).singleElement()
                .satisfies(f -> assertThat(output.substring(f.start(), f.end())).isEqualTo(token));
        assertThat(DETECTOR.scanField("text", "<bash-stdout>main\n</bash-stdout><bash-stderr></bash-stderr>")).isEmpty();
        assertThat(DETECTOR.typesSecretCommand("<bash-input>gh auth token</bash-input>")).isTrue();
        assertThat(DETECTOR.typesSecretCommand("<bash-input>ls -la</bash-input>")).isFalse();
        assertThat(DETECTOR.typesSecretCommand("run <bash-input>gh auth token</bash-input>")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "op read op://Private/Prod DB/password | true",
        "op read op://Private/Prod DB/hostname | false",
        "aws configure get aws_secret_access_key | true",
        "aws configure get region | false",
        "aws ssm get-parameter --name /prod/db/password --with-decryption --query Parameter.Value | true",
        "aws ssm get-parameter --name /prod/app/region --query Parameter.Value | false",
        "gcloud secrets versions access latest --secret=stripe | true",
        "az keyvault secret show --vault-name kv --name db --query value -o tsv | true",
        "gh auth token | true",
        "heroku config:get DATABASE_PASSWORD | true",
        "heroku config:get WEB_CONCURRENCY | false",
        "git log --oneline | false",
        "{\"command\": [\"op\", \"read\", \"op://Private/db/password\"]} | true",
        "{\"command\":[\"gh\",\"auth\",\"token\"]} | true",
        "{\"command\":[\"gh\",\"auth\",\"status\"]} | false",
    })
    void aCommandPrintsASecretWhenItReadsAStoreOrNamesACredential(String command, boolean prints) {
        assertThat(DETECTOR.printsSecret(command)).as(command).isEqualTo(prints);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Exit code: 1\nWall time: 0.2 seconds\nOutput:\n[ERROR] item not found in vault Private\n",
        "Exit code: 0\nWall time: 0.2 seconds\nOutput:\nusage: op read <reference> [flags]\n",
        "Command: op read op://x/y/z\nDirectory: (root)\nOutput: (empty)\nError: (none)\nExit Code: 1",
        "{\"output\":\"\",\"metadata\":{\"exit_code\":1,\"duration_seconds\":0.1}}",
        "Exit code: 0\nWall time: 0.2 seconds\nTotal output lines: 3\nOutput:\nalpha\nbeta\ngamma\n",
    })
    void aReportWhoseOutputIsNotOneValueHasNoFinding(String report) {
        assertThat(DETECTOR.commandOutput(report)).as(report).isEmpty();
    }

    /**
     * The value checks that keep names and words out also turn away some random values by chance (a run of capitals,
     * letters that read as words): how many, on seeded draws, for keys of each length, with and without digits.
     */
    @ParameterizedTest
    @CsvSource({"16, 62, 0.010", "24, 62, 0.003", "32, 62, 0.001", "20, 52, 0.040", "32, 52, 0.010"})
    void randomValuesUnderACredentialsNameAreAlmostAllFound(int length, int alphabet, double missedAtMost) {
        String chars = Credentials.BASE62.substring(62 - alphabet); // the digits first, then the letters
        Random draws = new Random(length * 100 + alphabet);
        int missed = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            String value = Examples.random(draws, chars, length);
            if (DETECTOR.scan("API_TOKEN=\"" + value + "\"").isEmpty()) {
                missed++;
            }
        }
        assertThat((double) missed / n).as("share of %d random %d-character values missed", n, length)
                .isLessThanOrEqualTo(missedAtMost);
    }

    @Test
    void anSkKeyOfAnOpenAiCompatibleProviderIsFoundAloneAndNamedFormatsKeepTheirNames() {
        String moonshot = "sk-" + Examples.random(random, Credentials.BASE62, 48);
        String gateway = "sk-" + Examples.random(random, Credentials.BASE62 + "_-", 22) + "7Q";
        for (String key : List.of(moonshot, gateway)) {
            String text = "export KIMI_BASE_URL=https://api.example.cn/v1\n" + key + "\n";
            assertThat(DETECTOR.scan(text)).as(key).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo("sk-secret-key");
                assertThat(text.substring(f.start(), f.end())).isEqualTo(key);
            });
        }
        String openRouter = "sk-or-v1-" + Examples.random(random, "0123456789abcdef", 64);
        assertThat(DETECTOR.scan(openRouter)).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("openrouter-api-key"));
        // A named prefix is its own rule's to judge: an Anthropic key too short for its shape is nothing.
        String tooShort = "sk-ant-api03-" + Examples.random(random, Credentials.BASE62 + "-", 61) + "AA";
        assertThat(DETECTOR.scan(tooShort)).as("sk-ant- with a 61-character body").isEmpty();
    }

    @Test
    void anSkKeyOfRandomLowerCaseLettersIsFoundButWordsAndDigestsAreNot() {
        Random draws = new Random(48);
        int missed = 0;
        for (int i = 0; i < 1000; i++) {
            String key = "sk-" + Examples.random(draws, "abcdefghijklmnopqrstuvwxyz", 48);
            missed += DETECTOR.scan("SILICONFLOW_BASE_URL=https://api.example.cn/v1\n" + key + "\n").stream()
                    .anyMatch(f -> f.ruleId().equals("sk-secret-key")) ? 0 : 1;
        }
        assertThat(missed).as("random 48-letter keys missed of 1000").isLessThanOrEqualTo(50);
        String words = "sk-" + "thequickbrownfoxjumpsoverthelazydogwhileitisraining";
        String digest = "sk-" + Examples.random(draws, "0123456789abcdef", 48);
        for (String notAKey : List.of(words, digest)) {
            assertThat(DETECTOR.scan(notAKey + "\n")).as(notAKey).isEmpty();
        }
    }

    @Test
    void aRandomKeyMayHoldAFewXsButSixInARowArePlaceholders() {
        String body = Examples.random(random, Credentials.BASE62, 10) + "XXxx" + Examples.random(random, Credentials.BASE62, 16);
        String token = "ghp_" + body + Credentials.base62(crc(body), 6);
        assertThat(DETECTOR.scan("token " + token)).singleElement()
                .satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.HIGH));
        assertThat(DETECTOR.scan("OPENAI_API_KEY=sk-proj-" + "x".repeat(40))).isEmpty();
    }

    private static long crc(String s) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    @Test
    void checksumConfirmsGithubTokens() {
        String token = githubToken();
        assertThat(DETECTOR.scan("token " + token)).singleElement()
                .satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.HIGH));
        char last = token.charAt(token.length() - 1);
        String broken = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThat(DETECTOR.scan("token " + broken)).singleElement()
                .satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM));
    }

    @Test
    void everyAssignmentOnALineIsScanned() {
        String token = githubToken();
        String line = "GITHUB_TOKEN=" + token + " DB_PASSWORD=Winter2024!x API_KEY=" + Examples.random(random,
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", 32);
        assertThat(ruleIds(line)).containsExactly("github-pat", "generic-password", "generic-secret");
    }

    @Test
    void findsSecretsAfterEscapedNewlinesInRawJson() {
        String token = githubToken();
        String raw = "{\"content\":\"FOO=bar\\nGITHUB_TOKEN=" + token + "\\nX=1\"}";
        List<Finding> found = DETECTOR.scan(raw);
        assertThat(found).singleElement().satisfies(f -> assertThat(raw.substring(f.start(), f.end())).isEqualTo(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u00AD", "\u2060", "\uFEFF", "\uDB40\uDC41"})
    void invisibleCharactersInsideAKeyDoNotHideIt(String invisible) {
        String token = githubToken();
        String hidden = token.substring(0, 10) + invisible + token.substring(10, 20) + invisible + token.substring(20);
        String text = "here: " + hidden + " end";
        List<Finding> found = DETECTOR.scan(text);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("github-pat");
            assertThat(text.substring(f.start(), f.end())).isEqualTo(hidden);
        });
    }

    /** Only the neighbourhood of a changed character is normalised: far-apart ones each get their own view. */
    @Test
    void invisibleCharactersAreFoundFarFromOtherUnicodeInALongText() {
        String token = githubToken();
        String hidden = token.substring(0, 12) + "\u200B" + token.substring(12);
        String filler = "int x = compute(y); // plain code line\n".repeat(5000);
        String text = "Notes… see below\n" + filler + "TOKEN=" + hidden + "\n" + filler + "done…";
        List<Finding> found = DETECTOR.scan(text);
        assertThat(found).singleElement().satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo(hidden));
    }

    /** A token longer than the view's margin is taken whole, so an invisible character deep inside cannot cut it. */
    @Test
    void aLongTokenWithAnInvisibleCharacterDeepInsideIsCoveredWhole() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + Credentials.random(random, Credentials.BASE62, 3000)
                + "\"}").getBytes(StandardCharsets.UTF_8));
        String signature = b64.encodeToString(Credentials.random(random, Credentials.BASE62, 32).getBytes(StandardCharsets.UTF_8));
        String jwt = header + "." + claims + "." + signature;
        int cut = jwt.length() - 20;
        String hidden = jwt.substring(0, cut) + "\u2060" + jwt.substring(cut);
        String text = "Authorization: Bearer " + hidden + "\n";
        List<Finding> found = DETECTOR.scan(text);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.start()).isLessThanOrEqualTo(text.indexOf(header));
            assertThat(f.end()).isEqualTo(text.indexOf(hidden) + hidden.length());
        });
    }

    @Test
    void fullwidthLookAlikesAreFolded() {
        String token = githubToken();
        StringBuilder wide = new StringBuilder();
        for (char c : token.toCharArray()) {
            wide.append(c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : c);
        }
        String text = "key " + wide + ".";
        assertThat(DETECTOR.scan(text)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("github-pat");
            assertThat(text.substring(f.start(), f.end())).isEqualTo(wide.toString());
        });
    }

    @Test
    void encodedSecretsAreDecodedTwiceButNotThrice() {
        String secret = "GITHUB_TOKEN=" + githubToken();
        String once = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        String twice = Base64.getUrlEncoder().encodeToString(once.getBytes(StandardCharsets.UTF_8));
        String thrice = Base64.getEncoder().encodeToString(twice.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
        String percent = URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("_", "%5F").replace("=", "%3D");
        for (String encoded : List.of(once, twice, hex, percent)) {
            String text = "payload: " + encoded + " end";
            assertThat(DETECTOR.scan(text)).as("decoded from %s", encoded.substring(0, 8)).singleElement()
                    .satisfies(f -> assertThat(f.ruleId()).isEqualTo("github-pat"));
        }
        assertThat(DETECTOR.scan("payload: " + thrice)).isEmpty();
    }

    @Test
    void binaryBase64IsNotMistakenForText() {
        byte[] image = new byte[4096];
        new SecureRandom().nextBytes(image);
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(image);
        assertThat(DETECTOR.scan(dataUrl)).isEmpty();
    }

    @Test
    void privateKeyBlocksAreFoundWholeEvenWithEscapedNewlines() {
        String pem = Examples.pem(random);
        assertThat(DETECTOR.scan("key:\n" + pem)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("private-key");
            assertThat(f.length()).isGreaterThan(pem.length() - 5);
        });
        String escaped = "{\"private_key\": \"" + pem.replace("\n", "\\n") + "\"}";
        assertThat(DETECTOR.scan(escaped)).singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("private-key"));
    }

    @Test
    void aPrivateKeyPastedAsConcatenatedStringLiteralsIsOneFinding() {
        String[] lines = Examples.pem(random).split("\n");
        StringBuilder java = new StringBuilder("String key =\n");
        for (int i = 0; i < lines.length; i++) {
            java.append("    \"").append(lines[i]).append(i < lines.length - 1 ? "\" +\n" : "\";\n");
        }
        String text = java.toString();
        assertThat(DETECTOR.scan(text)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("private-key");
            assertThat(text.substring(f.start(), f.end())).startsWith("-----BEGIN").endsWith("PRIVATE KEY-----");
        });
    }

    /**
     * WordPress's keys are 64 characters of printable ASCII, the space and the '@' among them. Not '$' here: a key
     * with {@code $1} or {@code $x} in it reads as a shell expansion and is not reported (the price of never
     * reporting {@code "$DB_PASSWORD"}).
     */
    @Test
    void generatedKeysWithSpacesOrAnAtSignAreFound() {
        String printable = "!#%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
        for (int round = 0; round < 20; round++) {
            String key = Examples.random(random, printable, 30) + " " + Examples.random(random, printable, 16) + "@"
                    + Examples.random(random, printable, 17);
            String text = "define('SECURE_AUTH_KEY',  '" + key + "');";
            assertThat(DETECTOR.scan(text)).as(text).singleElement()
                    .satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo(key));
        }
        assertThat(DETECTOR.scan("secret = \"The quick brown fox jumps over the lazy dog: 12345 XYZ!\"")).isEmpty();
        assertThat(DETECTOR.scan("api_key = \"deploy-bot@example-company.com\"")).isEmpty();
    }

    /** The limits of the newer readings: each finds its credential just inside and nothing just outside. */
    @Test
    void newerReadingsStopAtTheirLimits() {
        String token = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 22) + "7q";
        // A Terraform-style object's own "value" member is looked for within 256 characters of its brace.
        String padding = "\"description\": \"" + "words ".repeat(36) + "\", ";
        assertThat(DETECTOR.scan("{\"db_password\": {" + padding + "\"value\": \"" + token + "\"}}")).hasSize(1);
        String far = padding.replace("words ".repeat(36), "words ".repeat(42));
        assertThat(DETECTOR.scan("{\"db_password\": {" + far + "\"value\": \"" + token + "\"}}")).isEmpty();
        // A Cookie header is read for 8,192 characters.
        String cookies = "Cookie: " + "pref=dark; ".repeat(700);
        assertThat(DETECTOR.scan(cookies + "sessionid=" + token)).hasSize(1);
        assertThat(DETECTOR.scan(cookies + "pref=dark; ".repeat(100) + "sessionid=" + token)).isEmpty();
        // A key of random printable characters with a space counts from 40 characters on (drawn here without the
        // characters of template markers such as #{ and }}, which count against any value).
        String printable = "!%&()*+,-/0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz|~";
        Random keys = new Random(11);
        String key40 = Examples.random(keys, printable, 20) + " " + Examples.random(keys, printable, 19);
        String key39 = key40.substring(1);
        assertThat(DETECTOR.scan("define('AUTH_KEY', '" + key40 + "');")).as(key40).hasSize(1);
        assertThat(DETECTOR.scan("define('AUTH_KEY', '" + key39 + "');")).as(key39).isEmpty();
    }

    /** An Entra client secret (40 characters, '.' among them) ending a sentence: found, its full stop left out. */
    @Test
    void aFullStopAfterAKeyWhoseCharactersIncludeItIsNotTakenIn() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~";
        String secret = Examples.random(random, alphabet, 3) + "8Q~" + Examples.random(random, alphabet + ".-", 33)
                + Examples.random(random, alphabet, 1);
        String text = "Use the app registration's client secret " + secret + ". It expires in 2027.";
        assertThat(DETECTOR.scan(text)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("azure-ad-client-secret");
            assertThat(text.substring(f.start(), f.end())).isEqualTo(secret);
        });
    }

    /**
     * An AWS secret key with no name of its own is found after its key id (the console's CSV, call arguments), and
     * only there: not a hex digest, a path or a stand-in after an id, not forty base64 characters with no id before.
     */
    @Test
    void anAwsSecretKeyIsFoundAfterItsKeyIdAndNowhereElse() {
        String id = "AKIA" + Examples.random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 15) + "7";
        String secret = Examples.random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3)
                + Examples.random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 34)
                + Examples.random(random, "abcdefghijklmnopqrstuvwxyz", 2) + "5";
        for (String form : List.of("User name,Password,Access key ID,Secret access key\ndeploy,,%s,%s\n",
                "new BasicAWSCredentials(\"%s\", \"%s\");",
                "creds := credentials.NewStaticCredentials(\"%s\", \"%s\", \"\")",
                "AWS Access Key ID [None]: %s\nAWS Secret Access Key [None]: %s\n")) {
            String text = form.formatted(id, secret);
            assertThat(DETECTOR.scan(text)).as(form).anySatisfy(f -> {
                assertThat(f.ruleId()).isEqualTo("aws-secret-access-key-paired");
                assertThat(text.substring(f.start(), f.end())).isEqualTo(secret);
            });
        }
        String sha = Examples.random(random, "0123456789abcdef", 40);
        String path = "reports/Quarterly2024/SummaryOfAccounts/";
        String standIn = secret.substring(0, 30) + "EXAMPLEKEY";
        for (String text : List.of(id + " " + sha, id + ", " + path, id + ",\n" + standIn,
                "checksum: " + secret, id.substring(0, 19) + "," + secret)) {
            assertThat(DETECTOR.scan(text)).as(text)
                    .noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo("aws-secret-access-key-paired"));
        }
    }

    /**
     * A JSON Web Key's private members are found, each on its own, also escaped inside a string; a public key's
     * members are not, nor {@code k} outside a symmetric key.
     */
    @Test
    void privateJwkMembersAreFoundAndPublicKeysAreNot() {
        String b64u = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String n = Examples.random(random, b64u, 342);
        String d = Examples.random(random, b64u, 342);
        String p = Examples.random(random, b64u, 171);
        String rsa = "{\"kty\":\"RSA\",\"kid\":\"2024-01\",\"n\":\"" + n + "\",\"e\":\"AQAB\",\"d\":\"" + d
                + "\",\n  \"p\": \"" + p + "\"}";
        assertThat(DETECTOR.scan(rsa)).extracting(f -> rsa.substring(f.start(), f.end())).containsExactly(d, p);
        String escaped = "{\"jwks\": \"{\\\"kty\\\":\\\"RSA\\\",\\\"d\\\":\\\"" + d + "\\\"}\"}";
        assertThat(DETECTOR.scan(escaped)).extracting(f -> escaped.substring(f.start(), f.end())).containsExactly(d);
        String k = Examples.random(random, b64u, 43);
        String oct = "{\"k\":\"" + k + "\",\"kty\":\"oct\",\"alg\":\"HS256\"}";
        assertThat(DETECTOR.scan(oct)).extracting(f -> oct.substring(f.start(), f.end())).containsExactly(k);
        assertThat(DETECTOR.scan("{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"n\":\"" + n + "\",\"e\":\"AQAB\"}]}"))
                .isEmpty();
        assertThat(DETECTOR.scan("{\"kty\":\"EC\",\"k\":\"" + k + "\",\"crv\":\"P-256\"}")).isEmpty();
    }

    /**
     * A recovery phrase is found after the word that names it, in the forms people keep one (a variable, a
     * numbered list, a JSON array), and only with its checksum and enough distinct words.
     */
    @Test
    void seedPhrasesAreFoundWithTheirChecksumOnly() {
        String twelve = Examples.seedPhrase(random, 16);
        String twentyFour = Examples.seedPhrase(random, 32);
        String[] words = twelve.split(" ");
        StringBuilder numbered = new StringBuilder();
        for (int w = 0; w < words.length; w++) {
            numbered.append(w + 1).append(". ").append(words[w]).append(w + 1 < words.length ? "\n" : "");
        }
        String array = "[\"" + String.join("\", \"", words) + "\"]";
        for (String[] form : new String[][] {{"MNEMONIC=\"%s\"", twelve}, {"const seedPhrase = '%s';", twentyFour},
                {"my recovery phrase is:\n%s\nkeep it safe", numbered.toString()}, {"\"mnemonic\": %s", array}}) {
            String text = form[0].formatted(form[1]);
            assertThat(DETECTOR.scan(text)).as(text).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo("crypto-seed-phrase");
                assertThat(text.substring(f.start(), f.end()))
                        .isEqualTo(form[1].replaceFirst("^[^a-z]+", "").replaceFirst("[^a-z]+$", ""));
            });
        }
        // After a line of test words the reading runs on into: the phrase is still found where it starts.
        String afterTestWords = "const mnemonic = \"abandon abandon abandon abandon abandon abandon abandon abandon "
                + "abandon abandon abandon about\";\nseed phrase: " + twelve;
        assertThat(DETECTOR.scan(afterTestWords)).singleElement()
                .satisfies(f -> assertThat(afterTestWords.substring(f.start(), f.end())).isEqualTo(twelve));
        // Without a word that names it, and in the public test phrases of wallet tooling: not reported.
        for (String text : List.of(twelve, "mnemonic: \"test test test test test test test test test test test junk\"",
                "seed: abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")) {
            assertThat(DETECTOR.scan(text)).as(text).isEmpty();
        }
        // Twelve words of the list whose checksum does not hold: the next word in place of the last until it fails.
        List<String> list = Resources.lines("bip39-english.txt");
        String[] broken = words.clone();
        int last = list.indexOf(words[11]);
        do {
            last = (last + 1) % list.size();
            broken[11] = list.get(last);
        } while (SeedPhraseRule.checksumHolds(java.util.Arrays.stream(broken).mapToInt(list::indexOf).toArray(), 12));
        assertThat(DETECTOR.scan("MNEMONIC=\"" + String.join(" ", broken) + "\"")).isEmpty();
    }

    /**
     * A tool result that is one random token is a secret read from a store; identifiers a tool prints alone (hashes,
     * container ids, UUIDs, an API's object ids, paths) are not, and neither is such a token in free text or under
     * another member.
     */
    @Test
    void aToolOutputThatIsOneRandomTokenIsASecret() {
        String password = Examples.random(random, "ABCDEFGHJKLMNPQRSTUVWXYZ", 3)
                + Examples.random(random, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*", 18) + "7q";
        byte[] key = new byte[32];
        random.nextBytes(key);
        String base64 = Base64.getEncoder().encodeToString(key);
        for (String output : List.of(password + "\n", base64 + "\n", "  " + password)) {
            assertThat(DETECTOR.scanField("content", output)).as(output).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo("bare-token-output");
                assertThat(output.substring(f.start(), f.end())).isEqualTo(output.strip());
            });
        }
        assertThat(DETECTOR.scanField("output", base64)).hasSize(1);
        assertThat(DETECTOR.scan(base64)).as("free text").isEmpty();
        assertThat(DETECTOR.scanField("id", base64)).as("another member").isEmpty();
        for (String identifier : List.of(Examples.random(random, "0123456789abcdef", 40) + "\n",
                "3f2c8a1e-9b4d-4c6e-a1f0-7d2e5b8c9a10", "cus_NffrFeUfNV2Hib7QxZpL3k", "file-AbC12dEf34GhI56jKl78",
                "/home/deploy/.config/app/settings.yml", "Build succeeded in 12.4 seconds", "HelloWorldExample2024",
                Base64.getEncoder().encodeToString("the build log of the nightly job, 2024".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(DETECTOR.scanField("content", identifier)).as(identifier).isEmpty();
        }
    }

    @Test
    void anOpenVpnStaticKeyIsFoundWhole() {
        StringBuilder key = new StringBuilder("-----BEGIN OpenVPN Static key V1-----\n");
        for (int line = 0; line < 16; line++) {
            key.append(Examples.random(random, "0123456789abcdef", 32)).append('\n');
        }
        key.append("-----END OpenVPN Static key V1-----");
        String text = "<tls-auth>\n" + key + "\n</tls-auth>";
        assertThat(DETECTOR.scan(text)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("private-key");
            assertThat(text.substring(f.start(), f.end())).isEqualTo(key.toString());
        });
    }

    @Test
    void longOpaqueTokensAreFoundUpToTheValueLimit() {
        String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String aivenSized = Examples.random(random, b64, 372);
        String text = "AIVEN_API_KEY = \"" + aivenSized + "\"";
        assertThat(DETECTOR.scan(text)).singleElement()
                .satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualTo(aivenSized));
        assertThat(DETECTOR.scan("AIVEN_API_KEY = \"" + Examples.random(random, b64, 1100) + "\"")).isEmpty();
    }

    /**
     * The top-level text is copied into a buffer the thread reuses: a validator that reads on past its match must
     * not see what a longer text scanned before left there.
     */
    @Test
    void whatALongerTextLeftInTheBufferDoesNotChangeTheNextScan() {
        String token = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 22);
        String alone = "Authorization: " + token;
        assertThat(DETECTOR.scan(alone)).hasSize(1);
        assertThat(DETECTOR.scan(alone + " Credential=scope, Signature=abc")).isEmpty();
        assertThat(DETECTOR.scan(alone)).hasSize(1);
        // A tag searched for past the text's end would be found in what the longer text left.
        String typed = "<bash-input>op read op://Private/db/password ";
        assertThat(DETECTOR.scan(typed + " </bash-input><bash-stdout>" + token + "</bash-stdout>")).hasSize(1);
        assertThat(DETECTOR.scan(typed)).isEmpty();
    }

    /**
     * A password holding a character that also separates pairs ({@code & ; , |}) or a quote is found whole in every
     * unquoted form: ending the finding there would redact a prefix and send the rest of the password on.
     */
    @Test
    void anUnquotedPasswordIsFoundWholeThroughTheSeparatorsAndQuotesItHolds() {
        for (String inner : List.of("&", ";", ",", "|", "'", "\"", "`")) {
            String pw = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789", 7) + "9" + inner
                    + Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789", 5) + "!";
            for (String form : List.of("DB_PASSWORD=%s", "my password is %s", "password: %s", "--password=%s",
                    "export PGPASSWORD=%s", "the db password is %s. Keep it safe")) {
                String text = form.formatted(pw);
                assertThat(DETECTOR.scan(text)).as(text).singleElement()
                        .satisfies(f -> assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(pw));
            }
        }
    }

    /**
     * A generated password holds the marks of paths, references and dotted names ('/', '.', '~', '$', brackets, a
     * leading ':'): in a literal assigned to a password's name it is judged as a password first.
     */
    @Test
    void generatedPasswordsWithAnySymbolAreFoundInLiterals() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        String symbols = "!@#$%^&*()-_=+[]{};:,.<>?/|~";
        for (int i = 0; i < 200; i++) {
            StringBuilder pw = new StringBuilder();
            pw.append(symbols.charAt(random.nextInt(symbols.length())));
            for (int k = 0; k < 13; k++) {
                pw.append(k % 4 == 3 ? symbols.charAt(random.nextInt(symbols.length()))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            pw.append("a7Q");
            String value = pw.toString();
            if (value.startsWith("/") || value.contains("${") || value.contains("$(") || value.contains("{{")) {
                continue; // a path or a template: not judged a password
            }
            String text = "{\"password\": \"" + value + "\"}"; // no '"' or '\\' among the symbols: JSON as is
            assertThat(DETECTOR.scan(text)).as(text).singleElement()
                    .satisfies(f -> assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(value));
        }
        for (String text : List.of("password: \"/run/secrets/Db_Pass1\"", "password = \"${DB_PASS:-Xy9!}\"",
                "\"password\": \"{{ .Values.Db.Pass1! }}\"", "password = \"%(Pass1)s!\"",
                "\"password\": \"<Your-Password1!>\"", "\"password\": \"https://vault.example.com/Db1!\"")) {
            assertThat(DETECTOR.scan(text)).as(text).isEmpty();
        }
    }

    /** A sentence may say whose the password is before saying what it is. */
    @Test
    void aSentenceThatQualifiesTheNameStillGivesItsPassword() {
        String pw = "Xk2" + Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789", 9) + "&7";
        for (String form : List.of("my password for the staging db is %s please keep it safe",
                "The password to the admin panel is %s.", "password for prod: %s", "I changed my password to %s yesterday",
                "the secret for the webhook = %s")) {
            String text = form.formatted(pw);
            assertThat(DETECTOR.scan(text)).as(text).singleElement()
                    .satisfies(f -> assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(pw));
        }
        for (String text : List.of("the password for the account is stored in Vault",
                "the token for user1 is valid for an hour", "the key for AES-256 is 32 bytes long",
                "the password to be used is the one from the vault", "reset the password to default")) {
            assertThat(DETECTOR.scan(text)).as(text).isEmpty();
        }
    }

    /**
     * Brackets and '<' end an unquoted value, but a password's redaction runs on through them to its end. (A value
     * right before '(' or '[' is a call or an index, {@code getPassword()}: not judged at all.)
     */
    @Test
    void anUnquotedPasswordsRedactionCoversWhatFollowsABracketInIt() {
        String head = "Xk2" + Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789", 8);
        for (String inner : List.of(")", "]", "}", "{", "<", ">")) {
            String pw = head + inner + "q1+Zz";
            for (String form : List.of("DB_PASSWORD=%s", "password: %s", "my password is %s. Thanks")) {
                String text = form.formatted(pw);
                assertThat(DETECTOR.scan(text)).as(text).singleElement()
                        .satisfies(f -> assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(pw));
            }
        }
        // What closes the code or markup around the value stays out of it.
        for (String text : List.of("connect(password=" + head + ")", "<password>" + head + "</password>",
                "cfg = {password: " + head + "}, next", "PASS=" + head + "\\nUSER=app")) {
            assertThat(DETECTOR.scan(text)).as(text).singleElement()
                    .satisfies(f -> assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(head));
        }
    }

    /** Where a pair can follow, the separator still ends the value: the next pair is not part of the password. */
    @Test
    void aSeparatorBeforeTheNextPairStillEndsAnUnquotedPassword() {
        String pw = "Zq8" + Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789", 10);
        for (String text : List.of("https://db.example.com/connect?password=" + pw + "&user=app",
                "Server=db;Uid=app;Pwd=" + pw + ";Database=orders", "connect(password=" + pw + ", user=app)",
                "password=" + pw + ",user:app", "DB_PASSWORD=" + pw + "; echo done", "password: " + pw + "|")) {
            assertThat(DETECTOR.scan(text)).as(text).singleElement()
                    .satisfies(f -> assertThat(text.substring(f.start(), f.end())).as(text).isEqualTo(pw));
        }
        // A statement that goes on after ';' is code, not a password: for(int pass=0;pass<=1;++pass)
        assertThat(DETECTOR.scan("for(int pass=0;pass<=1;++pass) { run(pass); }")).isEmpty();
    }

    @Test
    void urlPasswordsAreRedactedAloneAndStandInsIgnored() {
        String pw = Examples.random(random, "abcdefghijkmnpqrstuvwxyzABCDEFGH23456789", 18);
        String text = "DATABASE_URL=postgresql://app:" + pw + "@db.internal:5432/app";
        assertThat(DETECTOR.scan(text)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("postgres-uri");
            assertThat(text.substring(f.start(), f.end())).isEqualTo(pw);
        });
        assertThat(DETECTOR.scan("mongodb://user:password@localhost:27017/db")).isEmpty();
        // Written unencoded, a password may hold what would end the authority: it is still the password.
        for (char inner : "?#<>".toCharArray()) {
            String odd = pw.substring(0, 9) + inner + pw.substring(9);
            String url = "DATABASE_URL=postgresql://app:" + odd + "@db.internal:5432/app";
            assertThat(DETECTOR.scan(url)).as(url).singleElement()
                    .satisfies(f -> assertThat(url.substring(f.start(), f.end())).isEqualTo(odd));
        }
        // A port and then a query with an address in it: no user information.
        assertThat(DETECTOR.scan("curl http://localhost:8080?email=alice@example.com")).isEmpty();
        assertThat(DETECTOR.scan("see https://db.example.com:5432#anchor@x and http://127.0.0.1:9000?u=a@b.io")).isEmpty();
        assertThat(DETECTOR.scan("https://${USER}:${PASS}@example.com")).isEmpty();
    }

    /**
     * Inputs built to make a scanner work per keyword rather than per character: each must finish (the timeout
     * guards against a hang; the benchmark, not this test, measures speed) with at most one finding (the
     * truncated key block is one), never one per repetition.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void hostileInputsFinish() {
        Detector withCustom = Detector.withCustomRules(List.of(
                new CustomRule("acme-key", "acme_[a-z0-9]{8,}x", List.of("acme_"), 0, null)));
        List<String> hostile = List.of(
                "a".repeat(1_000_000),
                "password:\n".repeat(100_000),
                "secret = \"".repeat(100_000),
                "-----BEGIN RSA PRIVATE " + "KEY-----" + "A".repeat(500_000),
                ("-----BEGIN PRIVATE " + "KEY-----\n" + "A".repeat(60)).repeat(12_000),
                "kind: Secret\ndata:\n".repeat(60_000),
                "://".repeat(300_000),
                "QUJD".repeat(250_000),
                "%41".repeat(300_000),
                "acme_".repeat(200_000),
                "wallet ".repeat(150_000),
                "private_key=" + "a1".repeat(500_000),
                "\"kty\"".repeat(200_000),
                "{\"kty\"".repeat(150_000),
                "jwt.sign(".repeat(110_000),
                "mysqli_connect('a', ".repeat(50_000),
                "seed abandon ".repeat(80_000),
                "AKIA".repeat(250_000),
                "API Key ".repeat(120_000),
                "$ echo $TOKEN\n".repeat(70_000),
                // Words of other scripts and full-width punctuation with no space (Japanese, Chinese).
                "パスワード：".repeat(160_000),
                "\uff1a".repeat(500_000),
                "密码:a".repeat(250_000),
                "sk-".repeat(300_000),
                "Output:\n".repeat(120_000),
                "password:".repeat(200_000),
                // A trigger repeated where its rule reads a line, a name or a window per trigger.
                "mysql sshpass -p 'Xq7rTz9pLm' ".repeat(20_000),
                "seed".repeat(80_000),
                "secret".repeat(60_000),
                "ldap".repeat(80_000),
                "ops_eyJ".repeat(40_000),
                "cookie:".repeat(40_000));
        for (String text : hostile) {
            assertThat(withCustom.scan(text)).as(Examples.shapeOf(text)).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** A ~/.pgpass line names nothing: its shape does, with the host opening the line and the password ending it. */
    @Test
    void aPgpassLineIsFoundByItsShape() {
        String password = Examples.random(random, Credentials.BASE62, 12) + "9";
        for (String line : List.of("db.example.com:5432:app:appuser:%s", "*:*:*:postgres:%s",
                "  10.0.0.5:5432:billing:svc\\:reader:%s", "{\"content\":\"# ~/.pgpass\\nlocalhost:*:app:app:%s\\n\"}")) {
            String text = "cat ~/.pgpass\n" + line.formatted(password) + "\n";
            assertThat(DETECTOR.scan(text)).as(text).anySatisfy(f ->
                    assertThat(text.substring(f.start(), f.end())).isEqualTo(password));
        }
        for (String notALine : List.of("12:30:5432:10:%s", "see host:5432:app:user:%s here", "db:5432:app:user:password",
                "Connecting to db.example.com:5432:app:user:%s with psql")) {
            String text = notALine.formatted(password);
            assertThat(DETECTOR.scan(text)).as(text).noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo("pgpass-password"));
        }
    }

    /**
     * A Bitcoin key in Wallet Import Format is found bare, by its checksum: glued to a name, encoded, in JSON; one
     * character changed, or a random string of the same look, is nothing.
     */
    @Test
    void wifKeysAreFoundByTheirChecksum() {
        Random random = new Random(58);
        for (boolean compressed : new boolean[] {true, false}) {
            String key = Examples.wif(random, compressed);
            for (String text : List.of("%s", "WALLET_WIF=%s", "import this: %s please", "{\"wif\":\"%s\"}",
                    "backup WALLET_WIF_%s", java.util.Base64.getEncoder().encodeToString(("key " + key + "\n")
                            .getBytes(StandardCharsets.US_ASCII)).replace("%", "%%"))) {
                String t = text.formatted(key);
                assertThat(DETECTOR.scan(t)).as(t).anySatisfy(f -> {
                    assertThat(f.ruleId()).isEqualTo("bitcoin-wif-private-key");
                    assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
                });
            }
            char last = key.charAt(key.length() - 2);
            String broken = key.substring(0, key.length() - 2) + (last == 'z' ? 'y' : 'z') + key.charAt(key.length() - 1);
            String lookAlike = key.charAt(0) + Examples.random(random, Credentials.BASE62.replaceAll("[0OIl]", ""),
                    key.length() - 1);
            for (String notAKey : List.of(broken, lookAlike)) {
                assertThat(DETECTOR.scan("value " + notAKey + " end")).as(notAKey)
                        .noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo("bitcoin-wif-private-key"));
            }
        }
    }

    /**
     * A wallet key is 64 hex characters like every SHA-256: only wording about wallets or private keys on the same
     * or an adjacent line makes one a key, and hash wording on its own line makes it a hash again.
     */
    @Test
    void walletKeysNeedTheirWordingAndAreNotHashes() {
        Random random = new Random(7);
        String key = Examples.random(random, "0123456789abcdef", 64);
        for (String text : List.of("const wallet = new ethers.Wallet(\"0x%s\");",
                "acct = Account.from_key('%s')",
                "Oops, pasted this by mistake: 0x%s\nplease don't drain my wallet",
                "{\"content\":\"my private key is\\n0x%s\"}")) {
            List<Finding> found = DETECTOR.scan(text.formatted(key));
            assertThat(found).as(text).anySatisfy(f -> {
                assertThat(f.ruleId()).isEqualTo("crypto-wallet-private-key");
                assertThat(text.formatted(key).substring(f.start(), f.end())).isEqualTo(key);
            });
        }
        for (String text : List.of("wallet transaction hash 0x%s", "sha256 of the wallet file: %s",
                "0x%s\n\nsome prose\nwallet", "const value = \"0x%s\";",
                "wallet 0x%s00", "wallet block 0x%s")) {
            assertThat(DETECTOR.scan(text.formatted(key))).as(text)
                    .noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo("crypto-wallet-private-key"));
        }
        assertThat(DETECTOR.scan("wallet key 0x" + "ab".repeat(32))).isEmpty();
        assertThat(DETECTOR.scan("wallet key 0x" + "1234567890".repeat(6) + "1234")).isEmpty();
    }

    @Test
    void findingsNeverHoldTheSecret() {
        String token = githubToken();
        Finding f = DETECTOR.scan(token).get(0);
        assertThat(f.toString()).doesNotContain(token.substring(4, 12));
    }
}
