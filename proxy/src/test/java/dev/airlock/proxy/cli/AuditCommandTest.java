package dev.airlock.proxy.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Action;
import dev.airlock.config.AuditConfig;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.audit.AuditTrail;
import dev.airlock.proxy.inspect.Hit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code airlock audit verify}: exit 0 for an intact trail, 1 with the broken line named, 2 for bad input. */
class AuditCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AirlockCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path trail(Path home) throws Exception {
        byte[] key = new AirlockHome(home).installKey();
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditTrail.open(new AuditConfig(file, AuditConfig.DEFAULT_ROTATE_BYTES,
                AuditConfig.DEFAULT_ROTATE_AGE, 3, false), key)) {
            for (int i = 0; i < 4; i++) {
                log.record(new AuditEvent(Instant.now(), "evt" + i, "127.0.0.1", null, "openai", "api.openai.com",
                        "/v1/chat/completions", "openai", "block", 400,
                        List.of(new Hit("aws-access-key-id", "input[0].content", "/input/0/content", 20, "00112233aabbccdd", false,
                                Action.BLOCK)), null));
            }
        }
        return file;
    }

    @Test
    void anIntactTrailVerifiesAndAnEditedOneNamesTheLine() throws Exception {
        Path home = dir.resolve("home");
        Path file = trail(home);
        Run ok = run("audit", "verify", "--home", home.toString(), file.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("4 events, chain intact");

        List<String> lines = Files.readAllLines(file, UTF_8);
        lines.set(1, lines.get(1).replace("\"block\"", "\"allow\""));
        Files.write(file, lines, UTF_8);
        Run broken = run("audit", "verify", "--home", home.toString(), file.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("audit.jsonl:3: the chain is broken").contains("problems");
    }

    @Test
    void missingFilesOrKeysAreUsageErrors() throws Exception {
        Path home = dir.resolve("home");
        Path file = trail(home);
        Run noFile = run("audit", "verify", "--home", home.toString(), dir.resolve("nope.jsonl").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("nope.jsonl: no such file");
        Run noKey = run("audit", "verify", "--home", dir.resolve("elsewhere").toString(), file.toString());
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("install.key does not exist");
    }
}
