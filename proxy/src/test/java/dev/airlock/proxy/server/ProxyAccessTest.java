package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.AccessConfig;
import dev.airlock.config.AddressRange;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.server.ProxyAccess.Verdict;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client allowlist and proxy authentication. Passwords are made at test time and never reach an assertion's
 * description or its compared values: every check compares booleans, verdicts or user names.
 */
class ProxyAccessTest {

    private static String alicePassword;
    private static String bobPassword;
    private static AccessConfig users;

    @BeforeAll
    static void makeUsers() {
        SecureRandom random = new SecureRandom();
        alicePassword = Credentials.password(random);
        bobPassword = Credentials.password(random);
        users = new AccessConfig(Map.of("alice", hash(alicePassword, random), "bob", hash(bobPassword, random)),
                List.of(), false);
    }

    @Test
    void withoutAnAllowlistEveryClientIsAllowed() throws UnknownHostException {
        ProxyAccess access = new ProxyAccess(AccessConfig.DEFAULT);

        for (String client : List.of("8.8.8.8", "10.0.0.1", "127.0.0.1", "::1", "2001:db8::1")) {
            assertThat(access.clientAllowed(InetAddress.getByName(client))).as(client).isTrue();
        }
    }

    @Test
    void withAnAllowlistOnlyClientsInItsRangesAreAllowed() throws UnknownHostException {
        ProxyAccess access = new ProxyAccess(new AccessConfig(Map.of(),
                List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("192.0.2.7"), AddressRange.parse("::1")),
                false));

        for (String client : List.of("10.0.0.1", "10.255.255.255", "192.0.2.7", "::1")) {
            assertThat(access.clientAllowed(InetAddress.getByName(client))).as(client).isTrue();
        }
        for (String client : List.of("11.0.0.1", "9.255.255.255", "192.0.2.8", "127.0.0.1", "::2", "8.8.8.8")) {
            assertThat(access.clientAllowed(InetAddress.getByName(client))).as(client).isFalse();
        }
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        assertThat(access.clientAllowed(Inet6Address.getByAddress(null, mapped, -1)))
                .as("a dual-stack socket's ::ffff:10.1.2.3").isTrue();
    }

    @Test
    void withoutUsersEveryRequestIsAllowed() {
        ProxyAccess access = new ProxyAccess(AccessConfig.DEFAULT);

        assertThat(access.guards()).isFalse();
        assertThat(access.quick(null)).isEqualTo(Verdict.ALLOWED);
        assertThat(access.quick("Basic !!!")).isEqualTo(Verdict.ALLOWED);
        assertThat(access.quick(basic("anyone", "anything"))).isEqualTo(Verdict.ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Basic", "Basic ", "Basic  ", "Bearer YWxpY2U6eA==", "Digest username=alice",
        "BasicYWxpY2U6eA==", "Basic !!!", "Basic YWxp Y2U6eA==", "Basic YWxpY2U=",
        "Basic OnNlY3JldA=="})
    void missingOrMalformedCredentialsAreDeniedAtOnce(String header) {
        // Not Basic, not base64, "alice" without a colon, ":secret" without a user.
        ProxyAccess access = new ProxyAccess(users);

        assertThat(access.guards()).isTrue();
        assertThat(access.quick(header)).as("\"%s\"", header).isEqualTo(Verdict.DENIED);
        assertThat(access.verify(header)).as("\"%s\"", header).isFalse();
        assertThat(ProxyAccess.user(header)).as("\"%s\"", header).isNull();
    }

    @Test
    void aMissingHeaderIsDenied() {
        ProxyAccess access = new ProxyAccess(users);

        assertThat(access.quick(null)).isEqualTo(Verdict.DENIED);
        assertThat(access.verify(null)).isFalse();
        assertThat(ProxyAccess.user(null)).isNull();
    }

    @Test
    void aWellFormedCredentialNotYetVerifiedIsUnknown() {
        ProxyAccess access = new ProxyAccess(users);

        assertThat(access.quick(basic("alice", alicePassword))).isEqualTo(Verdict.UNKNOWN);
        assertThat(access.quick(basic("mallory", "x"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(access.quick("basic " + encode("alice:" + alicePassword))).as("the scheme in any case")
                .isEqualTo(Verdict.UNKNOWN);
        assertThat(access.quick(basic("alice", ""))).as("an empty password is well-formed").isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void verifyAcceptsOnlyTheRightPasswordForTheRightUser() {
        ProxyAccess access = new ProxyAccess(users);

        assertThat(access.verify(basic("alice", alicePassword))).as("alice, her password").isTrue();
        assertThat(access.verify(basic("bob", bobPassword))).as("bob, his password").isTrue();
        assertThat(access.verify(basic("alice", bobPassword))).as("alice, bob's password").isFalse();
        assertThat(access.verify(basic("alice", alicePassword + "x"))).as("alice, password plus a character").isFalse();
        assertThat(access.verify(basic("alice", alicePassword.substring(1)))).as("alice, password less one").isFalse();
        assertThat(access.verify(basic("alice", ""))).as("alice, empty password").isFalse();
        assertThat(access.verify(basic("Alice", alicePassword))).as("user names are case-sensitive").isFalse();
        assertThat(access.verify(basic("mallory", alicePassword))).as("an unknown user").isFalse();
    }

    @Test
    void aUserNameHoldingThePasswordIsNotAPassword() {
        ProxyAccess access = new ProxyAccess(users);

        assertThat(access.verify(basic(alicePassword, ""))).as("password as the user name").isFalse();
        assertThat(access.verify(basic(alicePassword, alicePassword))).as("password as both").isFalse();
        assertThat(access.verify(basic("alice" + alicePassword, ""))).as("user name and password run together")
                .isFalse();
        assertThat(access.verify(basic("alice" + alicePassword, alicePassword))).as("user name with it too").isFalse();
        assertThat(access.verify("Basic " + encode("alice" + alicePassword))).as("no colon at all").isFalse();
    }

    @Test
    void verifiedAndRefusedCredentialsAreRememberedAndNothingElseIs() {
        ProxyAccess access = new ProxyAccess(users);
        String alice = basic("alice", alicePassword);
        String wrong = basic("alice", bobPassword);

        assertThat(access.verify(wrong)).isFalse();
        assertThat(access.quick(wrong)).as("a refused credential is refused from memory for a while")
                .isEqualTo(Verdict.DENIED);

        assertThat(access.verify(alice)).isTrue();

        assertThat(access.quick(alice)).isEqualTo(Verdict.ALLOWED);
        assertThat(access.quick(alice + "  ")).as("the same header, trailing whitespace aside")
                .isEqualTo(Verdict.ALLOWED);
        assertThat(access.quick(wrong)).as("another password, refused before").isEqualTo(Verdict.DENIED);
        assertThat(access.quick(basic("bob", bobPassword))).as("another user, not verified yet")
                .isEqualTo(Verdict.UNKNOWN);
        assertThat(access.quick(basic("alice", ""))).isEqualTo(Verdict.UNKNOWN);
        assertThat(new ProxyAccess(users).quick(alice)).as("remembered by this instance only")
                .isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void userExtractsTheNameOfAWellFormedHeader() {
        assertThat(ProxyAccess.user(basic("alice", alicePassword))).isEqualTo("alice");
        assertThat(ProxyAccess.user(basic("bob", ""))).isEqualTo("bob");
        assertThat(ProxyAccess.user(basic("mallory", "a:b:c"))).as("split at the first colon").isEqualTo("mallory");
        assertThat(ProxyAccess.user("basic   " + encode("carol:x") + "  ")).isEqualTo("carol");
        assertThat(ProxyAccess.user("Basic " + encode("d\u00e9sir\u00e9e:x"))).as("UTF-8").isEqualTo("d\u00e9sir\u00e9e");
    }

    @Test
    void neitherTheConfigNorTheAccessObjectPrintsAPasswordOrAHash() {
        ProxyAccess access = new ProxyAccess(users);
        access.verify(basic("alice", alicePassword));
        String printed = users + " " + access + " " + access.quick(basic("alice", alicePassword));

        // Checked by hand so that a failure names neither the password nor the hash.
        boolean leaks = printed.contains(alicePassword) || printed.contains(users.users().get("alice"))
                || printed.contains(users.users().get("alice").substring(7, 29));
        assertThat(leaks).as("a password or hash in toString").isFalse();
        assertThat(printed).contains("alice");
    }

    private static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4);
    }

    private static String basic(String user, String password) {
        return "Basic " + encode(user + ":" + password);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Two password checks run at once from the first: one slow guess never queues a first login behind it. */
    @Test
    void twoPasswordChecksRunAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            ProxyAccess.VERIFIER.execute(() -> {
                running.countDown();
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(running.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("both checks started").isTrue();
        } finally {
            release.countDown();
        }
    }
}
