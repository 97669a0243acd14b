package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that are wrong: each mistake is one problem with its path and line, and all of them are reported at once. */
class ConfigProblemsTest {

    private static final String PROXY_FORM =
            " (expected: an http URL with host and port, such as http://proxy.example.com:3128)";
    private static final String HOST_FORMS = " (expected: a lowercase host name such as api.openai.com, where *"
            + " stands for part of the name: *.openai.azure.com, *-aiplatform.googleapis.com,"
            + " bedrock-runtime.*.amazonaws.com)";
    private static final String ROOT_KEYS =
            "access, admin, audit, intercept, knownSecrets, limits, listen, policy, response, routes, rules, timeouts, upstream,"
                    + " websocket";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // listen and admin
                Arguments.of("listen: 127.0.0.1:99999\n",
                        "line 1: listen: \"127.0.0.1:99999\": port \"99999\" (expected: host:port, [ipv6]:port or a port)"),
                Arguments.of("admin: [a, b]\n", "line 1: admin: a list (expected: host:port, [ipv6]:port or a port)"),
                Arguments.of("listen: 0.0.0.0:9000\nadmin: 9000\n",
                        "line 2: admin: \"9000\" is also the listen address, 0.0.0.0:9000 (expected: a different port)"),
                Arguments.of("listen: 8081\n", "line 1: listen: \"8081\" is also the default admin address,"
                        + " 127.0.0.1:8081 (expected: a different port, or set admin too)"),
                Arguments.of("colour: blue\n", "line 1: colour: unknown key (expected one of: " + ROOT_KEYS + ")"),
                // routes
                Arguments.of("""
                        routes:
                          - name: openai
                            upstream: https://api.openai.com/v1
                          - name: corp
                            upstream: ftp://x
                        """, "line 5: routes[1].upstream: \"ftp://x\" (expected: an http or https URL such as"
                        + " https://api.example.com/v1, without query or fragment)"),
                Arguments.of("routes:\n  - name: Corp_GPT\n    upstream: https://x.example\n",
                        "line 2: routes[0].name: \"Corp_GPT\" (expected: kebab-case, lowercase letters, digits and"
                                + " dashes, e.g. my-openai)"),
                Arguments.of("routes:\n  - name: corp\n", "line 2: routes[0].upstream: missing (expected: a value)"),
                Arguments.of("routes:\n  - upstream: https://x.example\n",
                        "line 2: routes[0].name: missing (expected: a value)"),
                Arguments.of("routes:\n  - {name: corp, upstream: 'https://x.example', provider: azure}\n",
                        "line 2: routes[0].provider: \"azure\" (expected one of: openai, anthropic, gemini, ollama, cohere)"),
                Arguments.of("routes:\n  - {name: corp, upstream: 'https://a.example'}\n"
                                + "  - {name: corp, upstream: 'https://b.example'}\n",
                        "line 3: routes[1].name: \"corp\" is used twice (expected: unique route names)"),
                Arguments.of("routes:\n  - {name: corp, upstream: 'https://a.example', url: 'https://a.example'}\n",
                        "line 2: routes[0].url: unknown key (expected one of: allow, allowFiles, name, provider, upstream)"),
                Arguments.of("routes: {openai: x}\n",
                        "line 1: routes: a mapping (expected: a list of routes)"),
                Arguments.of("routes:\n  - https://x.example\n",
                        "line 2: routes[0]: \"https://x.example\" (expected: a mapping of keys to values)"),
                // upstream
                Arguments.of("upstream:\n  caFile: /nonexistent/airlock/ca.pem\n",
                        "line 2: upstream.caFile: \"/nonexistent/airlock/ca.pem\" does not exist:"
                                + " /nonexistent/airlock/ca.pem (expected: a readable file)"),
                Arguments.of("upstream:\n  caFile: /\n",
                        "line 2: upstream.caFile: \"/\" is a directory: / (expected: a readable file)"),
                Arguments.of("upstream:\n  connectTo:\n    \"api.openai.com:443\": 443\n",
                        "line 3: upstream.connectTo.\"api.openai.com:443\": \"443\" has no host"
                                + " (expected: host:port or [ipv6]:port)"),
                Arguments.of("upstream:\n  connectTo:\n    api.openai.com: 10.0.0.1:443\n",
                        "line 3: upstream.connectTo.\"api.openai.com\": \"api.openai.com\""
                                + " (expected: host:port or [ipv6]:port)"),
                Arguments.of("upstream:\n  connectTo:\n    API.OpenAI.com:443: 10.0.0.1:443\n",
                        "line 3: upstream.connectTo.\"API.OpenAI.com:443\": \"API.OpenAI.com:443\" has capital letters"
                                + " (expected: host:port or [ipv6]:port with a lowercase host)"),
                Arguments.of("upstream:\n  connectTo:\n    api.openai.com:443: 10.0.0.1:0\n",
                        "line 3: upstream.connectTo.\"api.openai.com:443\": \"10.0.0.1:0\" has port 0"
                                + " (expected: host:port or [ipv6]:port with a port from 1 to 65535)"),
                Arguments.of("upstream:\n  connectTo: [a]\n",
                        "line 2: upstream.connectTo: a list (expected: a mapping of keys to values)"),
                Arguments.of("upstream:\n  proxy: https://proxy.corp:3128\n", "line 2: upstream.proxy:"
                        + " \"https://proxy.corp:3128\": https parent proxies are not supported yet" + PROXY_FORM),
                Arguments.of("upstream:\n  proxy: http://proxy.corp\n",
                        "line 2: upstream.proxy: \"http://proxy.corp\" has no port" + PROXY_FORM),
                Arguments.of("upstream:\n  proxy: http://proxy.corp:3128/path\n",
                        "line 2: upstream.proxy: \"http://proxy.corp:3128/path\" has a path, query or fragment" + PROXY_FORM),
                Arguments.of("upstream:\n  proxy: http://user:pw@proxy.corp:3128\n",
                        "line 2: upstream.proxy: the URL of host proxy.corp has user info: parent proxy"
                                + " credentials are not supported yet" + PROXY_FORM),
                Arguments.of("upstream:\n  proxy: socks5://proxy.corp:1080\n",
                        "line 2: upstream.proxy: \"socks5://proxy.corp:1080\"" + PROXY_FORM),
                Arguments.of("upstream:\n  ca: x\n",
                        "line 2: upstream.ca: unknown key (expected one of: caFile, connectTo, proxy)"),
                // intercept
                Arguments.of("intercept:\n  hosts:\n    - api.openai.com\n    - https://api.anthropic.com\n",
                        "line 4: intercept.hosts[1]: \"https://api.anthropic.com\" has a scheme" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: [api.openai.com:443]\n",
                        "line 2: intercept.hosts[0]: \"api.openai.com:443\" has a port" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: [api.openai.com/v1]\n",
                        "line 2: intercept.hosts[0]: \"api.openai.com/v1\" has a path" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: ['api openai.com']\n",
                        "line 2: intercept.hosts[0]: \"api openai.com\" has spaces" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: ['']\n", "line 2: intercept.hosts[0]: \"\" is empty" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: [API.openai.com]\n",
                        "line 2: intercept.hosts[0]: \"API.openai.com\" has capital letters" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: ['*']\n", "line 2: intercept.hosts[0]: \"*\" is not a host name" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: ['api..openai.com']\n",
                        "line 2: intercept.hosts[0]: \"api..openai.com\" is not a host name" + HOST_FORMS),
                Arguments.of("intercept:\n  hosts: api.openai.com\n",
                        "line 2: intercept.hosts: \"api.openai.com\" (expected: a list of host names)"),
                Arguments.of("intercept:\n  others: drop\n",
                        "line 2: intercept.others: \"drop\" (expected one of: tunnel, deny)"),
                Arguments.of("intercept:\n  ports: [443, 0]\n",
                        "line 2: intercept.ports[1]: \"0\" (expected: a port from 1 to 65535)"),
                Arguments.of("intercept:\n  ports:\n    - 443\n    - 70000\n",
                        "line 4: intercept.ports[1]: \"70000\" (expected: a port from 1 to 65535)"),
                Arguments.of("intercept:\n  ports: [https]\n",
                        "line 2: intercept.ports[0]: \"https\" (expected: a port from 1 to 65535)"),
                Arguments.of("intercept:\n  ports: [\"0443\"]\n",
                        "line 2: intercept.ports[0]: \"0443\" (expected: a port from 1 to 65535)"),
                Arguments.of("intercept:\n  ports: [[443]]\n",
                        "line 2: intercept.ports[0]: a list (expected: a port from 1 to 65535)"),
                Arguments.of("intercept:\n  ports:\n    - 443\n    - 8443\n    - 443\n",
                        "line 5: intercept.ports[2]: \"443\" is listed twice, first at line 3 (expected: each port once)"),
                Arguments.of("intercept:\n  ports: 443\n",
                        "line 2: intercept.ports: \"443\" (expected: a list of ports such as [443, 8443])"),
                Arguments.of("intercept:\n  ports: {https: 443}\n",
                        "line 2: intercept.ports: a mapping (expected: a list of ports such as [443, 8443])"),
                // policy
                Arguments.of("policy:\n  action: warn\n",
                        "line 2: policy.action: \"warn\" (expected one of: allow, audit, redact, block)"),
                Arguments.of("policy:\n  rules:\n    github-pat: block\n    Generic_Password: audit\n",
                        "line 4: policy.rules.\"Generic_Password\": \"Generic_Password\" is not a rule id"
                                + " (expected: kebab-case, e.g. github-pat)"),
                Arguments.of("policy:\n  rules:\n    github-pat: deny\n",
                        "line 3: policy.rules.\"github-pat\": \"deny\" (expected one of: allow, audit, redact, block)"),
                Arguments.of("policy:\n  rules:\n    github-pat:\n",
                        "line 3: policy.rules.\"github-pat\": null (expected one of: allow, audit, redact, block)"),
                Arguments.of("policy:\n  unscannable: redact\n", "line 2: policy.unscannable: \"redact\": a body that"
                        + " cannot be read has nothing to redact (expected one of: block, audit, allow)"),
                Arguments.of("policy:\n  unscannable: drop\n",
                        "line 2: policy.unscannable: \"drop\" (expected one of: block, audit, allow)"),
                Arguments.of("policy:\n  restore: sometimes\n",
                        "line 2: policy.restore: \"sometimes\" (expected one of: off, tools, all)"),
                Arguments.of("policy:\n  restore: false\n",
                        "line 2: policy.restore: \"false\" (expected one of: off, tools, all)"),
                Arguments.of("policy:\n  restore: [tools, all]\n",
                        "line 2: policy.restore: a list (expected one of: off, tools, all)"),
                Arguments.of("policy:\n  restores: all\n",
                        "line 2: policy.restores: unknown key (expected one of: action, allow, allowFiles, restore, rules, unscannable)"),
                // response
                Arguments.of("response:\n  action: block\n",
                        "line 2: response.action: \"block\" (expected one of: record, redact)"),
                Arguments.of("response:\n  action: [redact]\n",
                        "line 2: response.action: a list (expected one of: record, redact)"),
                Arguments.of("response:\n  mode: redact\n",
                        "line 2: response.mode: unknown key (expected one of: action)"),
                Arguments.of("response: redact\n", "line 1: response: \"redact\" (expected: a mapping of keys to values)"),
                // limits
                Arguments.of("limits:\n  maxBodyBytes: 32M\n",
                        "line 2: limits.maxBodyBytes: \"32M\" (expected: " + Quantities.SIZE_FORMS + ")"),
                Arguments.of("limits:\n  maxBodyBytes: 2GiB\n  maxBufferedBytes: 4GiB\n",
                        "line 2: limits.maxBodyBytes: \"2GiB\" (expected: at most 1073741824)"),
                Arguments.of("limits:\n  maxBodyBytes: 0\n", "line 2: limits.maxBodyBytes: \"0\" (expected: 1 or more)"),
                Arguments.of("limits:\n  maxBodyBytes: 1GiB\n", "line 2: limits.maxBufferedBytes: default 536870912"
                        + " (expected: at least maxBodyBytes, 1073741824)"),
                Arguments.of("limits:\n  maxBufferedBytes: 1MiB\n",
                        "line 2: limits.maxBufferedBytes: \"1MiB\" (expected: at least maxBodyBytes, 33554432)"),
                Arguments.of("limits:\n  maxHeaderBytes: 4GiB\n",
                        "line 2: limits.maxHeaderBytes: \"4GiB\" is too large (expected: at most 2147483647 bytes)"),
                Arguments.of("limits:\n  maxHeaderCount: 1KiB\n",
                        "line 2: limits.maxHeaderCount: \"1KiB\" (expected: a whole number from 0 to 2147483647)"),
                Arguments.of("limits:\n  maxBody: 1MiB\n", "line 2: limits.maxBody: unknown key (expected one of:"
                        + " maxBodyBytes, maxBufferedBytes, maxHeaderBytes, maxHeaderCount, maxRequestLineBytes)"),
                Arguments.of("limits: 32MiB\n", "line 1: limits: \"32MiB\" (expected: a mapping of keys to values)"),
                // timeouts
                Arguments.of("timeouts:\n  drain: -1s\n",
                        "line 2: timeouts.drain: \"-1s\" (expected: " + Quantities.DURATION_FORMS + ")"),
                Arguments.of("timeouts:\n  upstreamConnect: 0ms\n",
                        "line 2: timeouts.upstreamConnect: \"0ms\" (expected: more than zero)"),
                Arguments.of("timeouts:\n  upstreamIdle: 999999999999999999h\n", "line 2: timeouts.upstreamIdle:"
                        + " \"999999999999999999h\" is too long (expected: " + Quantities.DURATION_FORMS + ")"),
                Arguments.of("timeouts:\n  keepAlive: {seconds: 5}\n",
                        "line 2: timeouts.keepAlive: a mapping (expected: " + Quantities.DURATION_FORMS + ")"),
                Arguments.of("timeouts:\n  connect: 5s\n", "line 2: timeouts.connect: unknown key (expected one of:"
                        + " clientBodyIdle, clientHeader, drain, keepAlive, scan, upstreamConnect, upstreamIdle)"),
                // audit
                Arguments.of("audit:\n  file: /\n", "line 2: audit.file: \"/\" is a directory: / (expected: a file path)"),
                Arguments.of("audit:\n  file: [a]\n", "line 2: audit.file: a list (expected: a file path)"),
                Arguments.of("audit:\n  path: a.jsonl\n", "line 2: audit.path: unknown key (expected one of: file, keep, rotateAge, rotateBytes, stdout)"),
                // websocket
                Arguments.of("websocket:\n  responses: on\n",
                        "line 2: websocket.responses: \"on\" (expected one of: refuse, scan)"),
                Arguments.of("websocket:\n  responses: [scan]\n",
                        "line 2: websocket.responses: a list (expected one of: refuse, scan)"),
                Arguments.of("websocket:\n  realtime: scan\n",
                        "line 2: websocket.realtime: unknown key (expected one of: responses)"),
                Arguments.of("websocket: scan\n",
                        "line 1: websocket: \"scan\" (expected: a mapping of keys to values)"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void eachMistakeIsOneProblemWithPathAndLine(String yaml, String problem) {
        assertThat(problems(yaml)).containsExactly(problem);
    }

    @Test
    void everyMistakeInAFileIsReportedAtOnce() {
        List<String> problems = problems("""
                listen: 8080
                admin: 8080
                routes:
                  - name: corp
                    upstream: https://x.example
                    provider: azure
                  - name: corp
                    upstream: gopher://y
                upstream:
                  connectTo:
                    "api.openai.com:443": 443
                  proxy: https://proxy.corp:3128
                intercept:
                  hosts: ["*.openai.azure.com", "https://api.openai.com"]
                  bypass: [a]
                policy:
                  action: warn
                  unscannable: redact
                limits:
                  maxBodyBytes: 10 mb
                  maxHeaderCount: many
                timeouts:
                  drain: soon
                audit:
                  file: /
                rules:
                  custom:
                    - id: X
                      pattern: 'a'
                """);
        assertThat(problems).containsExactly(
                "line 2: admin: \"8080\" is also the listen address, 127.0.0.1:8080 (expected: a different port)",
                "line 6: routes[0].provider: \"azure\" (expected one of: openai, anthropic, gemini, ollama, cohere)",
                "line 7: routes[1].name: \"corp\" is used twice (expected: unique route names)",
                "line 8: routes[1].upstream: \"gopher://y\" (expected: an http or https URL such as"
                        + " https://api.example.com/v1, without query or fragment)",
                "line 11: upstream.connectTo.\"api.openai.com:443\": \"443\" has no host (expected: host:port or [ipv6]:port)",
                "line 12: upstream.proxy: \"https://proxy.corp:3128\": https parent proxies are not supported yet" + PROXY_FORM,
                "line 15: intercept.bypass: unknown key (expected one of: hosts, others, ports)",
                "line 14: intercept.hosts[1]: \"https://api.openai.com\" has a scheme" + HOST_FORMS,
                "line 17: policy.action: \"warn\" (expected one of: allow, audit, redact, block)",
                "line 18: policy.unscannable: \"redact\": a body that cannot be read has nothing to redact"
                        + " (expected one of: block, audit, allow)",
                "line 20: limits.maxBodyBytes: \"10 mb\" (expected: " + Quantities.SIZE_FORMS + ")",
                "line 21: limits.maxHeaderCount: \"many\" (expected: a whole number from 0 to 2147483647)",
                "line 23: timeouts.drain: \"soon\" (expected: " + Quantities.DURATION_FORMS + ")",
                "line 25: audit.file: \"/\" is a directory: / (expected: a file path)",
                "line 28: rules.custom[0].id: \"X\" (expected: kebab-case, e.g. acme-api-key)");
    }

    @Test
    void aCaFileThatCannotBeReadIsAProblem(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        assertThat(ca.toFile().setReadable(false)).isTrue();
        assumeFalse(Files.isReadable(ca), "running as root: every file is readable");
        assertThat(problems("upstream:\n  caFile: " + ca + "\n")).containsExactly(
                "line 2: upstream.caFile: \"" + ca + "\" cannot be read: " + ca + " (expected: a readable file)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listen: !!binary AAAA\n", "? [a]\n: b\n", "a: &x [1]\nb: *x\n", "listen: \"\\0\"\n",
        "x: 1\n\tb: 2\n", "!!str", "routes:\n  -\n  - 5\n", "routes: [{name: [a], upstream: {b: c}, provider: [x]}]\n",
        "upstream:\n  connectTo: {'[]:443': '[::1]:x'}\n", "policy: {rules: {'': ''}}\n", "upstream: {caFile: \"a\\0b\"}\n",
        "limits: {maxBodyBytes: 1GiB, maxBufferedBytes: 1kB}\n", "intercept: {ports: [~, '', 99999999999999999999]}\n",
        "access: {users: {'': ~, a: [b]}, clients: [~, '', '/', '::/', '[::1]', '1.2.3.4%eth0', {a: b}]}\n",
        "access: {users: [a], clients: {a: b}, privateTargets: [allow]}\n"})
    void oddDocumentsFailWithConfigExceptionOnly(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "odd.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.problems()).isNotEmpty().noneMatch(p -> p.message().startsWith("cannot be loaded"));
    }

    @Test
    void problemsNameTheSource() {
        assertThatThrownBy(() -> ConfigLoader.parse("limits: {maxBodyBytes: x}\n", "/etc/airlock.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/etc/airlock.yaml: 1 problem\n  line 1: limits.maxBodyBytes: \"x\"");
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml"));
        assertThat(e).as("a ConfigException for:%n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }
}
