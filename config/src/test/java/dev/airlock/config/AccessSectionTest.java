package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code access} section: users with bcrypt hashes, client ranges, private targets; and values never echoed. */
class AccessSectionTest {

    private static final String NOT_A_HASH = "not a bcrypt hash (expected: $2y$10$ followed by 53 characters;"
            + " make one with: airlock passwd alice)";
    private static final String FORMS = " (expected: " + AddressRange.FORMS + ")";

    static Stream<Arguments> mistakes() {
        String hash = FakeHashes.bcrypt();
        return Stream.of(
                Arguments.of("access:\n  users:\n    \"al:ice\": \"" + hash + "\"\n",
                        "line 3: access.users.\"al:ice\": \"al:ice\" is not a user name"
                                + " (expected: 1 to 64 letters, digits and . _ @ - (no colon))"),
                Arguments.of("access:\n  users:\n    \"" + "a".repeat(65) + "\": \"" + hash + "\"\n",
                        "line 3: access.users.\"" + "a".repeat(65) + "\": \"" + "a".repeat(65) + "\" is not a user name"
                                + " (expected: 1 to 64 letters, digits and . _ @ - (no colon))"),
                Arguments.of("access:\n  users:\n    alice: \"" + FakeHashes.bcrypt("$2y$99$") + "\"\n",
                        "line 3: access.users.\"alice\": bcrypt cost out of range (expected: a cost from 04 to 31 after"
                                + " $2y$, such as $2y$10$; make one with: airlock passwd alice)"),
                Arguments.of("access:\n  users:\n    alice: \"" + FakeHashes.bcrypt("$2y$03$") + "\"\n",
                        "line 3: access.users.\"alice\": bcrypt cost out of range (expected: a cost from 04 to 31 after"
                                + " $2y$, such as $2y$10$; make one with: airlock passwd alice)"),
                Arguments.of("access:\n  users:\n    alice: \"" + FakeHashes.bcrypt("$2x$10$") + "\"\n",
                        "line 3: access.users.\"alice\": " + NOT_A_HASH),
                Arguments.of("access:\n  users:\n    alice: \"" + FakeHashes.bcrypt("$2y$10$").substring(1) + "\"\n",
                        "line 3: access.users.\"alice\": " + NOT_A_HASH),
                Arguments.of("access:\n  users:\n    alice:\n      - x\n",
                        "line 4: access.users.\"alice\": a list (expected: a bcrypt hash, $2y$10$ followed by 53 characters)"),
                Arguments.of("access:\n  users:\n    alice:\n",
                        "line 3: access.users.\"alice\": null (expected: a bcrypt hash, $2y$10$ followed by 53 characters)"),
                Arguments.of("access:\n  users: [alice]\n",
                        "line 2: access.users: a list (expected: a mapping of keys to values)"),
                Arguments.of("access:\n  clients:\n    - 10.0.0.0/8\n    - 10.1.2.3/8\n",
                        "line 4: access.clients[1]: \"10.1.2.3/8\" has host bits set (expected: 10.0.0.0/8)"),
                Arguments.of("access:\n  clients: [\"2001:db8::1/32\"]\n",
                        "line 2: access.clients[0]: \"2001:db8::1/32\" has host bits set (expected: 2001:db8::/32)"),
                Arguments.of("access:\n  clients: [10.0.0.0/33]\n",
                        "line 2: access.clients[0]: \"10.0.0.0/33\" has prefix length 33"
                                + " (expected: 0 to 32 for an IPv4 address)"),
                Arguments.of("access:\n  clients: [\"::/129\"]\n",
                        "line 2: access.clients[0]: \"::/129\" has prefix length 129"
                                + " (expected: 0 to 128 for an IPv6 address)"),
                Arguments.of("access:\n  clients: [10.0.0.0/]\n",
                        "line 2: access.clients[0]: \"10.0.0.0/\" has no valid prefix length after the /" + FORMS),
                Arguments.of("access:\n  clients: [office.corp.example]\n",
                        "line 2: access.clients[0]: \"office.corp.example\" is a host name, and host names are not"
                                + " looked up" + FORMS),
                Arguments.of("access:\n  clients: [localhost/8]\n",
                        "line 2: access.clients[0]: \"localhost/8\" is a host name, and host names are not looked up"
                                + FORMS),
                Arguments.of("access:\n  clients: [10.0.0.256]\n",
                        "line 2: access.clients[0]: \"10.0.0.256\" is not an IP address" + FORMS),
                Arguments.of("access:\n  clients: [010.0.0.1]\n",
                        "line 2: access.clients[0]: \"010.0.0.1\" is not an IP address" + FORMS),
                Arguments.of("access:\n  clients: [\"fe80::1%eth0\"]\n",
                        "line 2: access.clients[0]: \"fe80::1%eth0\" is not an IP address" + FORMS),
                Arguments.of("access:\n  clients: [\"1::2::3\"]\n",
                        "line 2: access.clients[0]: \"1::2::3\" is not an IP address" + FORMS),
                Arguments.of("access:\n  clients:\n    - 192.0.2.7\n    - 192.0.2.7/32\n",
                        "line 4: access.clients[1]: \"192.0.2.7/32\" is the same range as the one at line 3"
                                + " (expected: each range once)"),
                Arguments.of("access:\n  clients: 10.0.0.0/8\n", "line 2: access.clients: \"10.0.0.0/8\""
                        + " (expected: a list of IP addresses or CIDR ranges, such as [10.0.0.0/8, \"::1\"])"),
                Arguments.of("access:\n  privateTargets: maybe\n",
                        "line 2: access.privateTargets: \"maybe\" (expected one of: refuse, allow)"),
                Arguments.of("access:\n  privateTargets: true\n",
                        "line 2: access.privateTargets: \"true\" (expected one of: refuse, allow)"),
                Arguments.of("access:\n  user: {}\n",
                        "line 2: access.user: unknown key (expected one of: clients, privateTargets, users)"),
                Arguments.of("access: refuse\n", "line 1: access: \"refuse\" (expected: a mapping of keys to values)"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void eachMistakeIsOneProblemWithPathAndLine(String yaml, String problem) {
        assertThat(problems(yaml)).containsExactly(problem);
    }

    @Test
    void aPasswordWhereTheHashShouldBeIsReportedWithoutRepeatingIt() {
        String password = FakeHashes.password();
        String almost = FakeHashes.bcrypt().substring(0, 59); // a hash cut short: still never repeated
        String badCost = FakeHashes.bcrypt("$2y$99$");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                access:
                  users:
                    alice: %s
                    bob: "%s"
                    carol: '%s'
                """.formatted(password, almost, badCost), "t.yaml"));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "line 3: access.users.\"alice\": " + NOT_A_HASH,
                "line 4: access.users.\"bob\": " + NOT_A_HASH.replace("alice", "bob"),
                "line 5: access.users.\"carol\": bcrypt cost out of range (expected: a cost from 04 to 31 after"
                        + " $2y$, such as $2y$10$; make one with: airlock passwd carol)");
        for (String secret : List.of(password, almost, badCost, badCost.substring(7))) {
            assertThat(e.getMessage()).doesNotContain(secret);
        }
    }

    @Test
    void theRecordRefusesAPasswordWithoutRepeatingItEither() {
        String password = FakeHashes.password();
        assertThatThrownBy(() -> new AccessConfig(Map.of("alice", password), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("users \"alice\": " + NOT_A_HASH)
                .message().doesNotContain(password);
        assertThatThrownBy(() -> new AccessConfig(Map.of("a:b", FakeHashes.bcrypt()), List.of(), false))
                .hasMessage("users \"a:b\" is not a user name (expected: 1 to 64 letters, digits and . _ @ - (no colon))");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2a$04$", "$2b$10$", "$2y$31$", "$2y$12$"})
    void everyBcryptVariantAndCostIsAccepted(String prefix) throws ConfigException {
        String hash = FakeHashes.bcrypt(prefix);
        AccessConfig a = ConfigLoader.parse("access:\n  users:\n    ci-bot: '" + hash + "'\n", "t.yaml").access();
        assertThat(a.users()).containsExactly(Map.entry("ci-bot", hash));
        assertThat(a.authenticates()).isTrue();
        assertThat(a.restrictsClients()).isFalse();
        assertThat(a.guarded()).isTrue();
        assertThat(a.allowPrivateTargets()).isFalse();
    }

    @Test
    void theConfigurationsTextNamesUsersButNotTheirHashes() throws ConfigException {
        String hash = FakeHashes.bcrypt();
        AirlockConfig c = ConfigLoader.parse("access:\n  users: {alice: '" + hash + "'}\n  clients: [\"::1\"]\n", "t.yaml");
        assertThat(c.access().toString())
                .isEqualTo("AccessConfig[users=[alice], clients=[::1/128], allowPrivateTargets=false]");
        assertThat(c.toString()).contains("alice").doesNotContain(hash).doesNotContain(hash.substring(7));
    }

    @Test
    void clientsAloneGuardTheProxy() throws ConfigException {
        AccessConfig a = ConfigLoader.parse("access:\n  clients: [10.0.0.0/8]\n  privateTargets: refuse\n", "t.yaml")
                .access();
        assertThat(a).isEqualTo(new AccessConfig(Map.of(), List.of(AddressRange.parse("10.0.0.0/8")), false));
        assertThat(a.authenticates()).isFalse();
        assertThat(a.restrictsClients()).isTrue();
        assertThat(a.guarded()).isTrue();
    }

    @Test
    void everyMistakeInTheSectionIsReportedAtOnce() {
        String password = FakeHashes.password();
        List<String> problems = problems("""
                access:
                  users:
                    "al:ice": %s
                  clients: [10.1.2.3/8, proxy.example]
                  privateTargets: maybe
                  bypass: true
                """.formatted(password));
        assertThat(problems).containsExactly(
                "line 6: access.bypass: unknown key (expected one of: clients, privateTargets, users)",
                "line 3: access.users.\"al:ice\": \"al:ice\" is not a user name"
                        + " (expected: 1 to 64 letters, digits and . _ @ - (no colon))",
                "line 3: access.users.\"al:ice\": not a bcrypt hash (expected: $2y$10$ followed by 53 characters;"
                        + " make one with: airlock passwd NAME)",
                "line 4: access.clients[0]: \"10.1.2.3/8\" has host bits set (expected: 10.0.0.0/8)",
                "line 4: access.clients[1]: \"proxy.example\" is a host name, and host names are not looked up" + FORMS,
                "line 5: access.privateTargets: \"maybe\" (expected one of: refuse, allow)");
        assertThat(String.join("\n", problems)).doesNotContain(password);
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml"));
        assertThat(e).as("a ConfigException for:%n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }
}
