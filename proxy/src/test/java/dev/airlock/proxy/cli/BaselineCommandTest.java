package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.detector.testing.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock baseline create|check}: adopting Airlock in a repository that already holds secrets. */
class BaselineCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path home;
    @TempDir
    Path ciHome;

    private final Random random = new Random();
    private String oldToken;
    private String oldPassword;
    private Path baseline;

    @BeforeEach
    void legacy() throws Exception {
        oldToken = Credentials.githubToken(random);
        oldPassword = Credentials.password(random);
        Files.writeString(dir.resolve("legacy.env"), "GITHUB_TOKEN=" + oldToken + "\n");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/Db.java"), "class Db {\n    String password = \"" + oldPassword + "\";\n}\n");
        baseline = dir.resolve(".airlock-baseline.json");
    }

    private CliRunner.Result run(Path installHome, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "baseline";
        full[1] = args[0];
        full[2] = "--home=" + installHome;
        full[3] = "--repo=" + dir;
        System.arraycopy(args, 1, full, 4, args.length - 1);
        return CliRunner.run(null, full);
    }

    @Test
    void onlyFindingsTheBaselineDoesNotRecordFail() throws Exception {
        CliRunner.Result created = run(home, "create", baseline.toString(), dir.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("recorded 2 findings in " + baseline);
        String file = Files.readString(baseline);
        assertThat(file).doesNotContain(oldToken.substring(4, 30)).doesNotContain(oldPassword.substring(0, 8));
        JsonNode entries = JSON.readTree(file).get("findings");
        assertThat(entries.findValuesAsText("rule")).containsExactlyInAnyOrder("github-pat", "generic-password");
        assertThat(entries.findValuesAsText("place")).allMatch(p -> p.matches("place:[0-9a-f]{16}"));
        assertThat(entries.get(0).has("fingerprint")).as("keyed fingerprints differ per install").isFalse();

        CliRunner.Result clean = run(home, "check", baseline.toString(), dir.toString());
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("0 findings, 2 accepted (2 by baseline)");
        assertThat(run(ciHome, "check", baseline.toString(), dir.toString()).exit())
                .as("another install (a CI runner) reads the same baseline").isZero();

        String fresh = Credentials.githubToken(random);
        Files.writeString(dir.resolve("legacy.env"), "GITHUB_TOKEN=" + oldToken + "\nDEPLOY_TOKEN=" + fresh + "\n");
        CliRunner.Result dirty = run(home, "check", baseline.toString(), dir.toString());
        assertThat(dirty.exit()).isEqualTo(1);
        assertThat(dirty.out()).contains("legacy.env:2:14  github-pat").doesNotContain("legacy.env:1:")
                .contains("1 finding, 2 accepted (2 by baseline)").doesNotContain(fresh.substring(4, 30));

        CliRunner.Result scan = CliRunner.run(home, "scan", "--repo", dir.toString(), "--baseline", baseline.toString(),
                "--format", "json", dir.toString());
        assertThat(scan.exit()).isEqualTo(1);
        JsonNode out = JSON.readTree(scan.out());
        assertThat(out.get("findings")).hasSize(1);
        assertThat(out.get("accepted").findValuesAsText("acceptedBy")).containsExactly("baseline", "baseline");
    }

    @Test
    void fixedFindingsAreNamedStaleAndTheRepositoryIsTheDefaultTarget() throws Exception {
        assertThat(run(home, "create", baseline.toString()).out()).contains("recorded 2 findings");
        Files.writeString(dir.resolve("legacy.env"), "GITHUB_TOKEN=${GITHUB_TOKEN}\n");
        CliRunner.Result r = run(home, "check", baseline.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1 baseline entry was not found (fixed or changed); airlock baseline create "
                + baseline + " drops them.");
    }

    @Test
    void aBaselineOfHistoryCoversTheSameLinesInTheWorkingTree(@TempDir Path tmp) throws Exception {
        TestRepo repo = TestRepo.create(tmp);
        String token = Credentials.githubToken(random);
        repo.write("app.env", "TOKEN=" + token + "\n");
        repo.commit("legacy");
        Path file = tmp.resolve("history-baseline.json");
        CliRunner.Result created = CliRunner.run(null, "baseline", "create", file.toString(), "--home=" + home,
                "--repo=" + repo.dir(), "--git");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(JSON.readTree(Files.readString(file)).at("/findings/0/commit").asText()).hasSize(40);
        CliRunner.Result tree = CliRunner.run(null, "baseline", "check", file.toString(), "--home=" + ciHome,
                "--repo=" + repo.dir(), repo.dir().toString());
        assertThat(tree.exit()).as(tree.out()).isZero();
    }

    @Test
    void aBrokenBaselineIsAnErrorNotAnEmptyOne() throws Exception {
        Files.writeString(baseline, "{\"airlockBaseline\":1,\"findings\":[{\"place\":\"" + oldToken + "\"}]}");
        CliRunner.Result r = run(home, "check", baseline.toString(), dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(baseline + ": findings[0].place is not a place").doesNotContain(oldToken);
        Files.writeString(baseline, "not json");
        assertThat(CliRunner.run(home, "scan", "--baseline", baseline.toString(), dir.toString()).err())
                .contains("not JSON");
    }
}
