package dev.airlock.proxy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.config.HostPort;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may see the dashboard: the token beyond loopback, a loopback host name on loopback. */
class AdminGateTest {

    @TempDir
    Path home;

    private static HttpRequest get(String uri, String host, String authorization) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (host != null) {
            req.headers().set("Host", host);
        }
        if (authorization != null) {
            req.headers().set("Authorization", authorization);
        }
        return req;
    }

    @Test
    void withATokenEveryRequestMustCarryIt() {
        AdminToken token = AdminToken.of("s3cr3t-t0ken-value");
        AdminGate gate = new AdminGate(token);
        assertThat(gate.tokenRequired()).isTrue();
        assertThat(gate.check(get("/api/summary", "10.0.0.5:8081", null), false)).isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
        assertThat(gate.check(get("/api/summary", "10.0.0.5:8081", "Bearer wrong"), false))
                .isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
        assertThat(gate.check(get("/api/summary", "10.0.0.5:8081", "Bearer s3cr3t-t0ken-valu"), false))
                .isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
        assertThat(gate.check(get("/api/summary", "10.0.0.5:8081", "Basic s3cr3t-t0ken-value"), false))
                .isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
        assertThat(gate.check(get("/api/summary", "10.0.0.5:8081", "Bearer s3cr3t-t0ken-value"), false))
                .isEqualTo(AdminGate.Verdict.PASS);
        assertThat(gate.check(get("/api/summary", "evil.example", "bearer s3cr3t-t0ken-value"), false))
                .isEqualTo(AdminGate.Verdict.PASS);
        // even loopback needs it: the token is what decides, not the address
        assertThat(gate.check(get("/", "127.0.0.1:8081", null), true)).isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
    }

    @Test
    void theQueryParameterOpensThePageOnlyNotTheApi() {
        AdminGate gate = new AdminGate(AdminToken.of("abc_DEF-123"));
        assertThat(gate.check(get("/?token=abc_DEF-123", "h", null), true)).isEqualTo(AdminGate.Verdict.PASS);
        assertThat(gate.check(get("/?token=abc_DEF-12", "h", null), true)).isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
        assertThat(gate.check(get("/?token=abc_DEF-123&token=x", "h", null), true))
                .isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
        assertThat(gate.check(get("/api/events?token=abc_DEF-123", "h", null), false))
                .isEqualTo(AdminGate.Verdict.NEEDS_TOKEN);
    }

    @Test
    void withoutATokenOnlyLoopbackHostNamesPass() {
        AdminGate gate = new AdminGate(null);
        assertThat(gate.tokenRequired()).isFalse();
        for (String host : new String[] {"127.0.0.1:8081", "127.0.0.1", "localhost:8081", "LOCALHOST", "[::1]:8081",
                "[::1]", "127.1.2.3:9"}) {
            assertThat(gate.check(get("/", host, null), true)).as(host).isEqualTo(AdminGate.Verdict.PASS);
        }
        assertThat(gate.check(get("/", null, null), true)).isEqualTo(AdminGate.Verdict.PASS);
        // DNS rebinding: a name of the attacker's pointed at 127.0.0.1
        for (String host : new String[] {"rebind.attacker.example:8081", "127.0.0.1.attacker.example",
                "localhost.attacker.example", "[::2]:8081", "[::1]x", "10.0.0.1:8081"}) {
            assertThat(gate.check(get("/api/events", host, null), false)).as(host)
                    .isEqualTo(AdminGate.Verdict.FOREIGN_HOST);
        }
    }

    @Test
    void theTokenIsCreatedOwnerOnlyOnceAndReused() throws IOException {
        assertThat(AdminToken.forAdmin(new HostPort("127.0.0.1", 8081), home)).isNull();
        assertThat(AdminToken.forAdmin(new HostPort("::1", 8081), home)).isNull();
        assertThat(home.resolve(AdminToken.FILE)).doesNotExist();

        AdminToken first = AdminToken.forAdmin(new HostPort("0.0.0.0", 8081), home);
        Path file = home.resolve(AdminToken.FILE);
        assertThat(file).exists();
        assertThat(first.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(file).strip()).isEqualTo(first.value());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(first.toString()).doesNotContain(first.value());

        AdminToken again = AdminToken.forAdmin(new HostPort("0.0.0.0", 8081), home);
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(again.matches(first.value())).isTrue();

        Path other = Files.createDirectories(home.resolve("other"));
        assertThat(AdminToken.forAdmin(new HostPort("0.0.0.0", 8081), other).value()).isNotEqualTo(first.value());
    }

    @Test
    void aDamagedTokenFileIsReportedNotReplaced() throws IOException {
        Files.writeString(home.resolve(AdminToken.FILE), "short\n");
        assertThatThrownBy(() -> AdminToken.forAdmin(new HostPort("0.0.0.0", 8081), home))
                .isInstanceOf(IOException.class).hasMessageContaining("delete it");
        assertThat(Files.readString(home.resolve(AdminToken.FILE))).isEqualTo("short\n");
    }
}
