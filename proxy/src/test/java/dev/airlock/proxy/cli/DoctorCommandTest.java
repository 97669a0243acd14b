package dev.airlock.proxy.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.airlock.config.AccessConfig;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.config.UpstreamConfig;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.server.ForwardTrafficTest;
import dev.airlock.proxy.server.RunningAirlock;
import dev.airlock.proxy.testing.Recorded;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code airlock doctor} against a real Airlock intercepting api.openai.com, whose provider is the forward-proxy
 * fixture's fake (answering 401 to {@code GET /v1/models} like the real one without a key), and against the ways
 * an install goes wrong: nothing running, another home, a shared key, an unreachable provider, proxy credentials.
 */
@Timeout(120)
class DoctorCommandTest extends ForwardTrafficTest {

    private static final String UNAUTHORIZED = "{\"error\":{\"message\":\"Missing bearer authentication in header\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
    private static RunningAirlock running;

    private final List<Socket> closedPorts = new java.util.ArrayList<>();

    record Run(int exit, String out, String err) {
        /** The line of the check with this title. */
        String line(String title) {
            return out.lines().filter(l -> l.length() > 6 && l.substring(6).startsWith(title + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no \"" + title + "\" line in:\n" + out));
        }

        /** The check's line and the "->" line after it, if any. */
        String check(String title) {
            List<String> lines = out.lines().toList();
            int i = lines.indexOf(line(title));
            return i + 1 < lines.size() && lines.get(i + 1).startsWith("      -> ")
                    ? lines.get(i) + "\n" + lines.get(i + 1) : lines.get(i);
        }
    }

    @BeforeAll
    static void startAirlock() throws Exception {
        running = airlock(InterceptConfig.DEFAULT);
    }

    @AfterAll
    static void stopAirlock() throws Exception {
        running.close();
    }

    @BeforeEach
    void answerModelsLikeTheProvider() {
        provider.respond(exchange -> {
            Recorded r = exchange.request();
            boolean models = r.method().equals("GET") && r.path().equals("/v1/models");
            exchange.sendFull(models ? 401 : 200, "application/json", (models ? UNAUTHORIZED : "{\"ok\":true}").getBytes(UTF_8));
        });
    }

    @AfterEach
    void releasePorts() throws Exception {
        for (Socket s : closedPorts) {
            s.close();
        }
    }

    @Test
    void aHealthyInstallPassesEveryCheckAndNamesTheProvidersAnswer() throws Exception {
        Path config = configFor(running);
        Run run = doctor(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + running.port(),
                "NODE_EXTRA_CA_CERTS", airlockCa.certificatePath().toString()), "--config", config.toString(),
                "--home", home.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<String> checks = run.out().lines().filter(l -> !l.isBlank() && !l.startsWith("airlock doctor:")).toList();
        assertThat(checks).as(run.out()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("ok    "));
        assertThat(run.line("config")).contains(config.toString());
        assertThat(run.line("proxy port")).contains("127.0.0.1:" + running.port());
        assertThat(run.line("admin port")).contains("/healthz 200").contains("/readyz 200");
        assertThat(run.line("CA files")).contains(airlockCa.certificatePath().toString()).contains("owner-only");
        assertThat(run.line("CA in use")).contains("/ca.pem");
        assertThat(run.line("interception api.openai.com")).contains("answered 200").contains("CN=api.openai.com")
                .contains("TLSv1.");
        assertThat(run.line("upstream api.openai.com")).contains("401").contains("from the provider");
        assertThat(run.out()).contains("HTTPS_PROXY points at").contains("NODE_EXTRA_CA_CERTS holds")
                .endsWith("airlock doctor: all checks passed\n");

        Recorded seen = provider.requests().get(provider.requests().size() - 1);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.path()).isEqualTo("/v1/models");
        assertThat(seen.header("authorization")).isEmpty();
    }

    @Test
    void withoutClientVariablesTheDoctorSuggestsAirlockEnvAndStillPasses() throws Exception {
        Run run = doctor(Map.of(), "--config", configFor(running).toString(), "--home", home.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.check("client environment")).startsWith("info  ").contains("airlock env");
    }

    @Test
    void airlockNotRunningFailsTheProxyCheckWithTheServeCommand() throws Exception {
        int proxy = closedPort();
        int admin = closedPort();
        Path config = yaml(proxy, admin);
        // Through the real command line, so the registration under `airlock` is covered too.
        CommandLine cli = AirlockCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("doctor", "--config", config.toString(), "--home", home.toString(), "--timeout", "3");
        Run run = new Run(exit, out.toString(), err.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.check("proxy port")).startsWith("FAIL  ").contains("127.0.0.1:" + proxy)
                .contains("connection refused").contains("start it with: airlock serve --config " + config);
        assertThat(run.check("admin port")).startsWith("FAIL  ").contains("airlock serve");
        assertThat(run.line("CA files")).startsWith("ok    ");
        assertThat(run.line("CA in use")).startsWith("skip  ");
        assertThat(run.line("interception api.openai.com")).startsWith("skip  ");
        assertThat(run.line("upstream api.openai.com")).startsWith("skip  ");
        assertThat(run.out()).contains("2 failed");
    }

    @Test
    void anotherHomeShowsTheCaMismatchAndTheUntrustedHandshake() throws Exception {
        Path other = Files.createTempDirectory(dir, "other-home");
        CertificateAuthority.open(CaFiles.in(new AirlockHome(other)), InterceptHosts.of(InterceptConfig.DEFAULT_HOSTS));

        Run run = doctor(Map.of(), "--config", configFor(running).toString(), "--home", other.toString());

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.line("CA files")).startsWith("ok    ");
        assertThat(run.check("CA in use")).startsWith("FAIL  ")
                .contains("the running Airlock uses another home; restart it or pass --home");
        assertThat(run.check("interception api.openai.com")).startsWith("FAIL  ").contains("untrusted")
                .contains("the running Airlock was started with another CA");
        assertThat(run.line("upstream api.openai.com")).startsWith("skip  ");
    }

    @Test
    void aCaKeyReadableByOthersFailsWithTheChmodCommand() throws Exception {
        Path copy = Files.createTempDirectory(dir, "shared-key");
        CaFiles source = CaFiles.in(new AirlockHome(home));
        CaFiles target = CaFiles.in(new AirlockHome(copy));
        Files.createDirectories(target.dir());
        Files.copy(source.certificate(), target.certificate(), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(source.key(), target.key(), StandardCopyOption.COPY_ATTRIBUTES);
        assumeThat(target.key().getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(target.key(), PosixFilePermissions.fromString("rw-r--r--"));

        Run run = doctor(Map.of(), "--config", configFor(running).toString(), "--home", copy.toString());

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.check("CA files")).startsWith("FAIL  ").contains("rw-r--r--")
                .contains("chmod 600 " + target.key().toAbsolutePath());
        assertThat(run.line("CA in use")).startsWith("ok    ");
        assertThat(run.line("interception api.openai.com")).startsWith("ok    ");
    }

    @Test
    void anUnreachableProviderFailsTheUpstreamCheckWithAirlocks502() throws Exception {
        AirlockConfig base = config(InterceptConfig.DEFAULT);
        AirlockConfig offline = base.withUpstream(new UpstreamConfig(base.upstream().caFile(),
                Map.of(new HostPort(AI_HOST, 443), new HostPort("127.0.0.1", closedPort())), null));
        try (RunningAirlock cut = RunningAirlock.start(offline, airlockCa)) {
            Run run = doctor(Map.of(), "--config", configFor(cut).toString(), "--home", home.toString());

            assertThat(run.exit()).as(run.out()).isEqualTo(1);
            assertThat(run.line("interception api.openai.com")).startsWith("ok    ");
            assertThat(run.check("upstream api.openai.com")).startsWith("FAIL  ").contains("502")
                    .contains("airlock_upstream_unreachable").contains("upstream.proxy").contains("upstream.caFile");
        }
    }

    @Test
    void proxyAuthenticationUsesTheEnvironmentAndNeverPrintsIt() throws Exception {
        SecureRandom random = new SecureRandom();
        String password = Credentials.password(random);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        AccessConfig users = new AccessConfig(Map.of("alice", OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4)),
                List.of(), false);
        try (RunningAirlock gated = RunningAirlock.start(config(InterceptConfig.DEFAULT).withAccess(users), airlockCa)) {
            String config = configFor(gated).toString();

            Run without = doctor(Map.of(), "--config", config, "--home", home.toString());
            assertThat(without.exit()).as(without.out()).isEqualTo(1);
            assertThat(without.check("interception api.openai.com")).startsWith("FAIL  ").contains("407")
                    .contains("AIRLOCK_PROXY_USER").contains("AIRLOCK_PROXY_PASSWORD");

            Run wrong = doctor(Map.of("AIRLOCK_PROXY_USER", "alice", "AIRLOCK_PROXY_PASSWORD", password + "x"),
                    "--config", config, "--home", home.toString());
            assertThat(wrong.check("interception api.openai.com")).startsWith("FAIL  ").contains("refused the credentials");

            Run with = doctor(Map.of("AIRLOCK_PROXY_USER", "alice", "AIRLOCK_PROXY_PASSWORD", password,
                    "HTTPS_PROXY", "http://alice:" + password + "@127.0.0.1:" + (gated.port() + 1)),
                    "--config", config, "--home", home.toString());
            assertThat(with.exit()).as(with.out()).isZero();
            assertThat(with.line("interception api.openai.com")).startsWith("ok    ");
            assertThat(with.line("upstream api.openai.com")).startsWith("ok    ").contains("401");
            assertThat(with.check("client environment")).startsWith("warn  ").contains("bypass Airlock");
            assertThat(String.join("\n", without.out(), wrong.out(), with.out(), with.err())).doesNotContain(password);
        }
    }

    @Test
    void badUsageAndABadConfigAreReported() throws Exception {
        Path config = configFor(running);
        Run notIntercepted = doctor(Map.of(), "--config", config.toString(), "--home", home.toString(),
                "--host", "example.com");
        assertThat(notIntercepted.exit()).isEqualTo(2);
        assertThat(notIntercepted.out()).isEmpty();
        assertThat(notIntercepted.err()).contains("--host example.com is not in intercept.hosts");
        assertThat(doctor(Map.of(), "--config", config.toString(), "--timeout", "0").exit()).isEqualTo(2);

        Path bad = Files.writeString(Files.createTempFile(dir, "bad", ".yaml"), "listen: 127.0.0.1:99999\n");
        Run run = doctor(Map.of(), "--config", bad.toString(), "--home", home.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("line 1").contains("listen");
        assertThat(run.check("config")).startsWith("FAIL  ").contains("airlock config check");
    }

    private static Run doctor(Map<String, String> env, String... args) {
        DoctorCommand command = new DoctorCommand();
        command.env = env;
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A config file naming where {@code airlock} listens, as a user would write it. */
    private static Path configFor(RunningAirlock airlock) throws Exception {
        return yaml(airlock.port(), airlock.server().adminAddress().getPort());
    }

    private static Path yaml(int listen, int admin) throws Exception {
        Path file = Files.createTempFile(dir, "airlock", ".yaml");
        return Files.writeString(file, "listen: \"127.0.0.1:" + listen + "\"\nadmin: \"127.0.0.1:" + admin + "\"\n");
    }

    /** A port nothing listens on, held (bound, not listening) until the test ends so nobody else takes it. */
    private int closedPort() throws Exception {
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress("127.0.0.1", 0));
        closedPorts.add(holder);
        return holder.getLocalPort();
    }

}
