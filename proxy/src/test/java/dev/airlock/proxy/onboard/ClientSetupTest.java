package dev.airlock.proxy.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.HostPort;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.onboard.ClientSetup.BundleState;
import dev.airlock.proxy.onboard.ClientSetup.Client;
import dev.airlock.proxy.onboard.ClientSetup.Trust;
import dev.airlock.proxy.route.RouteMatch;
import dev.airlock.proxy.route.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSetupTest {

    private static final HostPort LISTEN = new HostPort("127.0.0.1", 18080);
    private static final HostPort ADMIN = new HostPort("127.0.0.1", 18081);
    private static final Path CA = Path.of("/home/u/.airlock/ca/airlock-ca.pem");
    private static final Path BUNDLE = Path.of("/home/u/.airlock/ca/bundle.pem");
    private static final Trust READY = new Trust(CA, true, BUNDLE, BundleState.READY, Path.of("/etc/ssl/cert.pem"));

    @TempDir
    Path dir;

    @Test
    void wildcardListenAddressesBecomeLoopbackAndIpv6IsBracketed() {
        assertThat(ClientSetup.proxyUrl(new HostPort("0.0.0.0", 8080))).isEqualTo("http://127.0.0.1:8080");
        assertThat(ClientSetup.proxyUrl(new HostPort("::", 8080))).isEqualTo("http://[::1]:8080");
        assertThat(ClientSetup.proxyUrl(new HostPort("0:0:0:0:0:0:0:0", 8080))).isEqualTo("http://[::1]:8080");
        assertThat(ClientSetup.proxyUrl(new HostPort("::1", 9))).isEqualTo("http://[::1]:9");
        assertThat(ClientSetup.proxyUrl(new HostPort("fe80::1%lo", 9))).isEqualTo("http://[fe80::1%25lo]:9");
        assertThat(ClientSetup.proxyUrl(new HostPort("localhost", 9))).isEqualTo("http://localhost:9");
        List<String> java = ClientSetup.section(new HostPort("::", 8080), READY, Client.JAVA);
        assertThat(String.join("\n", java)).contains("-Dhttps.proxyHost=::1 -Dhttps.proxyPort=8080");
        assertThat(ClientSetup.section(new HostPort("::", 8080), READY, Client.CURL))
                .contains("export HTTPS_PROXY='http://[::1]:8080'", "export no_proxy=localhost,127.0.0.1,::1");
    }

    @Test
    void baseUrlsNameRoutesThatExist() throws Exception {
        Routes routes = Routes.of(List.of());
        for (Client c : Client.values()) {
            for (String line : ClientSetup.section(LISTEN, READY, c)) {
                if (line.startsWith("export ") && line.contains("_BASE_URL=")) {
                    String path = line.substring(line.indexOf("http://127.0.0.1:18080") + "http://127.0.0.1:18080".length());
                    RouteMatch m = routes.match(path + "/models");
                    assertThat(m).as(line).isNotNull();
                }
            }
        }
    }

    @Test
    void replacingVariablesNameTheBundleAndAddingOnesTheCa() {
        for (Client c : Client.values()) {
            for (String line : ClientSetup.section(LISTEN, READY, c)) {
                if (line.matches("export (SSL_CERT_FILE|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|CODEX_CA_CERTIFICATE)=.*")) {
                    assertThat(line).as(c.id()).endsWith("=" + BUNDLE);
                }
                if (line.startsWith("export NODE_EXTRA_CA_CERTS=")) {
                    assertThat(line).as(c.id()).endsWith("=" + CA);
                }
            }
        }
    }

    @Test
    void preambleSaysWhatIsMissing() {
        Trust nothing = new Trust(CA, false, BUNDLE, BundleState.MISSING, null);
        String codex = String.join("\n", ClientSetup.lines(LISTEN, ADMIN, nothing, List.of(Client.CODEX)));
        assertThat(codex).contains("# The CA certificate " + CA + " does not exist yet: it is created on the first "
                        + "`airlock serve` or by `airlock ca init`.")
                .contains("It does not exist yet.")
                .contains("#   cat /etc/ssl/certs/ca-certificates.crt " + CA + " > " + BUNDLE)
                .contains("PAC file http://127.0.0.1:18081/proxy.pac");
        String node = String.join("\n", ClientSetup.lines(LISTEN, ADMIN, nothing, List.of(Client.NODE)));
        assertThat(node).contains("does not exist yet: it is created").doesNotContain("bundle.pem");
        String ready = String.join("\n", ClientSetup.lines(LISTEN, ADMIN, READY, List.of(Client.values())));
        assertThat(ready).doesNotContain("does not exist").doesNotContain("cat ");
        Trust stale = new Trust(CA, true, BUNDLE, BundleState.STALE, Path.of("/etc/ssl/cert.pem"));
        assertThat(String.join("\n", ClientSetup.lines(LISTEN, ADMIN, stale, List.of(Client.CURL))))
                .contains("It does not hold the current CA.").contains("#   cat /etc/ssl/cert.pem " + CA + " > " + BUNDLE);
    }

    @Test
    void valuesThatAreNotPlainWordsAreSingleQuoted() {
        assertThat(ClientSetup.quote("/a/b-c_d.pem")).isEqualTo("/a/b-c_d.pem");
        assertThat(ClientSetup.quote("/my home/it's")).isEqualTo("'/my home/it'\\''s'");
        assertThat(ClientSetup.quote("~/x")).isEqualTo("'~/x'");
        assertThat(ClientSetup.quote("http://[::1]:1")).isEqualTo("'http://[::1]:1'");
    }

    @Test
    void bundleIsSystemRootsThenTheCaAndInspectSeesWhetherItIsCurrent() throws IOException {
        CaFiles ca = new CaFiles(dir.resolve("ca"));
        Path roots = Files.writeString(dir.resolve("roots.pem"), pem("ROOTS"));
        List<Path> candidates = List.of(dir.resolve("absent.pem"), roots);
        assertThat(CaBundle.systemRoots(candidates)).isEqualTo(roots);
        assertThat(CaBundle.inspect(ca, candidates)).extracting(Trust::caExists, Trust::bundleState)
                .containsExactly(false, BundleState.MISSING);

        Files.createDirectories(ca.dir());
        Files.writeString(ca.certificate(), pem("FIRSTCA"));
        CaBundle.write(roots, ca.certificate(), CaBundle.bundleIn(ca));
        String bundle = Files.readString(CaBundle.bundleIn(ca), StandardCharsets.US_ASCII);
        assertThat(bundle).startsWith(pem("ROOTS")).endsWith(pem("FIRSTCA"));
        assertThat(CaBundle.inspect(ca, candidates).bundleState()).isEqualTo(BundleState.READY);

        Files.writeString(ca.certificate(), pem("SECONDCA"));
        assertThat(CaBundle.inspect(ca, candidates).bundleState()).isEqualTo(BundleState.STALE);
    }

    static String pem(String body) {
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
