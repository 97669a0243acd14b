package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static dev.airlock.proxy.server.LiveTraffic.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.config.AccessConfig;
import dev.airlock.config.AddressRange;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.testing.Responder;
import java.io.IOException;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gateway mode: the proxy listens beyond loopback, so it demands proxy credentials or an allowed client address,
 * and refuses to carry clients to private addresses or to itself.
 */
class GatewayModeTest extends ForwardTrafficTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static String password;
    private static AccessConfig users;

    @BeforeAll
    static void makeUser() {
        password = Credentials.password(RANDOM);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        users = new AccessConfig(Map.of("alice", OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4)),
                List.of(), false);
    }

    static AirlockConfig gateway(AccessConfig access) {
        return config(InterceptConfig.DEFAULT).withAccess(access)
                .withListeners(new HostPort("0.0.0.0", 0), new HostPort("127.0.0.1", 0));
    }

    static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(UTF_8));
    }

    @Test
    void anOpenListenerWithoutAccessControlDoesNotStart() {
        assertThatThrownBy(() -> RunningAirlock.start(gateway(AccessConfig.DEFAULT), airlockCa))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a loopback address").hasMessageContaining("access.users")
                .hasMessageContaining("access.clients");
    }

    @Test
    void withoutGoodCredentialsTheAnswerIs407AndWithThemTheRequestIsScannedAndForwarded() throws Exception {
        WireClients.assumeCurl();
        provider.respond(Responder.json(200, "{\"ok\":1}"));
        try (RunningAirlock airlock = RunningAirlock.start(gateway(users), airlockCa)) {
            String none = rawConnect(airlock, AI_HOST + ":443", null);
            assertThat(none).startsWith("HTTP/1.1 407 ").containsIgnoringCase("Proxy-Authenticate: Basic realm=\"Airlock\"")
                    .contains("access.users");
            String wrong = rawConnect(airlock, AI_HOST + ":443", basic("alice", password + "x"));
            assertThat(wrong).startsWith("HTTP/1.1 407 ");
            String nobody = rawConnect(airlock, AI_HOST + ":443", basic("mallory", password));
            assertThat(nobody).startsWith("HTTP/1.1 407 ");
            assertThat(String.join("\n", none, wrong, nobody)).doesNotContain(password);

            Curl ok = curl(airlock, airlockCa.certificatePath(), "https://" + AI_HOST + "/v1/chat/completions",
                    LiveTraffic.openAiBody(false), "--proxy-user", "alice:" + password);
            assertThat(ok.status()).as(ok.out()).isEqualTo(200);
            assertThat(provider.takeRequest(WAIT).bodyText()).doesNotContain(SECRET);
        }
    }

    @Test
    void privateTargetsAndAirlockItselfAreRefusedEvenWithCredentials() throws Exception {
        try (RunningAirlock airlock = RunningAirlock.start(gateway(users), airlockCa)) {
            String auth = basic("alice", password);
            assertThat(rawConnect(airlock, "127.0.0.1:443", auth)).startsWith("HTTP/1.1 403 ")
                    .contains("private, loopback or link-local");
            assertThat(rawConnect(airlock, "localhost:443", auth)).startsWith("HTTP/1.1 403 ");
            assertThat(rawConnect(airlock, "[::1]:443", auth)).startsWith("HTTP/1.1 403 ");
            assertThat(rawConnect(airlock, "169.254.169.254:443", auth)).startsWith("HTTP/1.1 403 ");
            assertThat(plainGet(airlock, "http://10.1.2.3/latest/meta-data", auth)).startsWith("HTTP/1.1 403 ");
            int admin = airlock.server().adminAddress().getPort();
            String metrics = plainGet(airlock, "http://127.0.0.1:" + admin + "/metrics", auth);
            assertThat(metrics).startsWith("HTTP/1.1 403 ").doesNotContain("airlock_requests_total");
        }
    }

    @Test
    void theClientAllowlistAdmitsOnlyItsRanges() throws Exception {
        AccessConfig elsewhere = new AccessConfig(Map.of(), List.of(AddressRange.parse("192.0.2.0/24")), false);
        try (RunningAirlock airlock = RunningAirlock.start(gateway(elsewhere), airlockCa)) {
            assertThat(rawConnect(airlock, AI_HOST + ":443", null)).startsWith("HTTP/1.1 403 ").contains("access.clients");
        }
        AccessConfig local = new AccessConfig(Map.of(), List.of(AddressRange.parse("127.0.0.0/8")), false);
        try (RunningAirlock airlock = RunningAirlock.start(gateway(local), airlockCa)) {
            assertThat(rawConnect(airlock, AI_HOST + ":443", null)).startsWith("HTTP/1.1 200 ");
        }
    }

    /**
     * A tunnel is checked once, when its CONNECT arrives; a reload that takes a user's access away (a new password
     * hash) closes that user's open tunnels and keeps everyone else's.
     */
    @Test
    void aReloadThatRevokesAUserClosesTheirOpenTunnels() throws Exception {
        String bobPassword = Credentials.password(RANDOM);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String bobHash = OpenBSDBCrypt.generate("2y", bobPassword.toCharArray(), salt, 4);
        AccessConfig both = new AccessConfig(Map.of("alice", users.users().get("alice"), "bob", bobHash), List.of(),
                false);
        AirlockConfig config = gateway(both);
        try (RunningAirlock airlock = RunningAirlock.start(config, airlockCa);
             Socket alice = openTunnel(airlock, basic("alice", password));
             Socket bob = openTunnel(airlock, basic("bob", bobPassword))) {
            RANDOM.nextBytes(salt);
            String newHash = OpenBSDBCrypt.generate("2y", Credentials.password(RANDOM).toCharArray(), salt, 4);
            airlock.server().reload(config.withAccess(new AccessConfig(Map.of("alice", newHash, "bob", bobHash),
                    List.of(), false)), dev.airlock.proxy.Detectors.from(config, "test"));
            alice.setSoTimeout(10_000);
            assertThat(alice.getInputStream().read()).as("alice's tunnel is closed").isEqualTo(-1);
            bob.setSoTimeout(500);
            assertThatThrownBy(() -> bob.getInputStream().read()).as("bob's tunnel stays open")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    private static Socket openTunnel(RunningAirlock airlock, String authorization) throws Exception {
        Socket s = new Socket("127.0.0.1", airlock.port());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("CONNECT " + AI_HOST + ":443 HTTP/1.1\r\nHost: " + AI_HOST + ":443\r\n"
                + "Proxy-Authorization: " + authorization + "\r\n\r\n").getBytes(UTF_8));
        assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 ");
        return s;
    }

    /**
     * Two requests pipelined in one write while the first one's credentials are being checked: the second is a
     * request of its own and needs credentials of its own, never the first one's.
     */
    @Test
    void aPipelinedRequestIsCheckedOnItsOwnCredentials() throws Exception {
        try (RunningAirlock airlock = RunningAirlock.start(gateway(users), airlockCa);
             Socket s = new Socket("127.0.0.1", airlock.port())) {
            s.setSoTimeout(10_000);
            String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String request = "POST /openai/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n";
            s.getOutputStream().write((request + "Proxy-Authorization: " + basic("alice", password) + "\r\n\r\n"
                    + body + request + "\r\n" + body).getBytes(UTF_8));
            String answers = new String(s.getInputStream().readAllBytes(), UTF_8);
            // The first was let in and forwarded (this class's provider only speaks for api.openai.com, so the
            // base-URL route answers 502); the second is refused after it, in order, and the connection closes.
            assertThat(answers).startsWith("HTTP/1.1 502 ").contains("airlock_upstream_unreachable");
            int second = answers.indexOf("HTTP/1.1 407 ");
            assertThat(second).as(answers).isGreaterThan(0);
            assertThat(answers.substring(second)).contains("access.users").doesNotContain("HTTP/1.1 5");
        }
    }

    /** Sends a CONNECT (with credentials when given) and returns what arrives until close or the first answer. */
    static String rawConnect(RunningAirlock airlock, String target, String authorization) throws Exception {
        try (Socket s = new Socket("127.0.0.1", airlock.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
                    + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n")
                    .getBytes(UTF_8));
            String head = readHead(s.getInputStream());
            return head.startsWith("HTTP/1.1 200 ") ? head : head + new String(s.getInputStream().readAllBytes(), UTF_8);
        }
    }

    static String plainGet(RunningAirlock airlock, String url, String authorization) throws Exception {
        try (Socket s = new Socket("127.0.0.1", airlock.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + url + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            return new String(s.getInputStream().readAllBytes(), UTF_8);
        }
    }
}
