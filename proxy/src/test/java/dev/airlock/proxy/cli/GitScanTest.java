package dev.airlock.proxy.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
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

/** {@code scan --staged} and {@code scan --git} on real repositories: what is read, what is reported, where. */
class GitScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    @TempDir
    Path home;

    private final Random random = new Random();
    private TestRepo repo;

    @BeforeEach
    void repository() throws Exception {
        repo = TestRepo.create(tmp);
    }

    private CliRunner.Result scan(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "scan";
        full[1] = "--repo";
        full[2] = repo.dir().toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return CliRunner.run(home, full);
    }

    private JsonNode json(String... args) throws Exception {
        String[] full = new String[args.length + 2];
        full[0] = "--format";
        full[1] = "json";
        System.arraycopy(args, 0, full, 2, args.length);
        return JSON.readTree(scan(full).out());
    }

    @Test
    void stagedReportsOnlyWhatTheCommitAdds() throws Exception {
        String old = Credentials.githubToken(random);
        repo.write("app.env", "OLD_TOKEN=" + old + "\n");
        repo.commit("old secret");
        String added = Credentials.githubToken(random);
        repo.write("app.env", "OLD_TOKEN=" + old + "\nNEW_TOKEN=" + added + "\n");
        repo.ok("add", "app.env");
        repo.write("app.env", "OLD_TOKEN=" + old + "\nNEW_TOKEN=" + added + "\nUNSTAGED=" + Credentials.githubToken(random)
                + "\n");

        CliRunner.Result r = scan("--staged");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("app.env:2:11  github-pat").doesNotContain("app.env:1:").doesNotContain("app.env:3:")
                .contains("1 finding");
        assertThat(r.out() + r.err()).doesNotContain(added.substring(4, 30)).doesNotContain(old.substring(4, 30));
    }

    @Test
    void stagedScansWholeBlobsSoRulesThatNeedContextStillMatchAChangedLine() throws Exception {
        String pem = Credentials.pemPrivateKey(random);
        repo.write("deploy/key.pem", pem);
        repo.commit("key");
        String[] lines = pem.split("\n");
        lines[3] = new StringBuilder(lines[3]).reverse().toString(); // one line of the key body changes
        repo.write("deploy/key.pem", String.join("\n", lines) + "\n");
        repo.ok("add", ".");

        CliRunner.Result r = scan("--staged");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("deploy/key.pem:1:1  private-key");
    }

    @Test
    void renamesBinariesAndDeletionsAddNothingWhileOddNamesAndEncodingsAreRead() throws Exception {
        String token = Credentials.githubToken(random);
        repo.write("moved from.env", "T=" + token + "\n");
        repo.write("gone.env", "T=" + Credentials.githubToken(random) + "\n");
        repo.commit("before");
        Files.createDirectories(repo.dir().resolve("dir"));
        repo.ok("mv", "moved from.env", "dir/moved tö.env");
        repo.ok("rm", "-q", "gone.env");
        repo.write("image.bin", ("\0\0PNG " + Credentials.githubToken(random)).getBytes(UTF_8));
        String latin = Credentials.githubToken(random);
        repo.write("lätin1.txt", ("caf\u00e9 = \"" + latin + "\"\n").getBytes(ISO_8859_1));
        String tabbed = Credentials.githubToken(random);
        repo.write("tab\there \"quoted\".env", "T=" + tabbed + "\n");
        repo.ok("add", "-A");

        JsonNode findings = json("--staged").get("findings");

        assertThat(findings).hasSize(2);
        assertThat(findings.findValuesAsText("file")).containsExactlyInAnyOrder("lätin1.txt", "tab\there \"quoted\".env");
        JsonNode l = findings.get(0).get("file").asText().equals("lätin1.txt") ? findings.get(0) : findings.get(1);
        assertThat(l.get("line").asInt()).isEqualTo(1);
        assertThat(l.get("column").asInt()).as("one U+FFFD for the byte é").isEqualTo(9);
    }

    @Test
    void minifiedLinesAndFilesGitTreatsAsBinaryAreStillRead() throws Exception {
        repo.write(".gitattributes", "*.env -diff\n");
        repo.commit("attributes");
        repo.write("app.min.js", "var a=\"" + "x".repeat(100_000) + "\",t=\"" + Credentials.githubToken(random) + "\";\n"
                + "var b=1;\n");
        repo.write("prod.env", "T=" + Credentials.githubToken(random) + "\n");
        repo.ok("add", ".");

        JsonNode findings = json("--staged").get("findings");

        assertThat(findings.findValuesAsText("file")).containsExactlyInAnyOrder("app.min.js", "prod.env");
    }

    @Test
    void aStagedFileLargerThanTheLimitIsSkippedWithANotice() throws Exception {
        byte[] big = new byte[(int) ScanTarget.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        repo.write("huge.txt", big);
        repo.write("small.env", "T=" + Credentials.githubToken(random) + "\n");
        repo.ok("add", ".");

        CliRunner.Result r = scan("--staged");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("airlock scan: huge.txt: skipped, larger than 64 MiB");
        assertThat(r.out()).contains("small.env:1:3  github-pat");
    }

    @Test
    void theFirstCommitOfARepositoryIsScannedToo() throws Exception {
        repo.write("first.env", "T=" + Credentials.githubToken(random) + "\n");
        repo.ok("add", ".");
        assertThat(scan("--staged").exit()).isEqualTo(1);
        assertThat(scan("--git").exit()).as("no commits yet: nothing in history").isZero();
    }

    @Test
    void historyFindsASecretAddedAndLaterRemovedWithCommitAuthorFileAndLine() throws Exception {
        repo.write("src/Main.java", "class Main {}\n");
        repo.commit("start");
        String token = Credentials.githubToken(random);
        repo.write("src/Main.java", "class Main {\n    String token = \"" + token + "\";\n}\n");
        String added = repo.commit("oops");
        repo.write("src/Main.java", "class Main {\n    String token = System.getenv(\"TOKEN\");\n}\n");
        repo.commit("fix");
        assertThat(scan(repo.dir().resolve("src").toString()).exit()).as("the working tree is clean").isZero();

        CliRunner.Result r = scan("--git");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("src/Main.java:2:21  github-pat  ghp_…")
                .contains("commit " + added.substring(0, 12) + " (Ada Lovelace <ada@example.org>, ")
                .doesNotContain(token.substring(4, 30));
        JsonNode f = json("--git").get("findings").get(0);
        assertThat(f.get("commit").asText()).isEqualTo(added);
        assertThat(f.get("author").asText()).isEqualTo("Ada Lovelace <ada@example.org>");
        assertThat(f.get("file").asText()).isEqualTo("src/Main.java");
        assertThat(f.get("line").asInt()).isEqualTo(2);
        assertThat(f.get("column").asInt()).isEqualTo(21);
        assertThat(f.has("start")).as("offsets into added lines are not offsets into the file").isFalse();
        assertThat(f.get("place").asText()).matches("place:[0-9a-f]{16}");

        assertThat(scan("--git", "HEAD~1..HEAD").exit()).as("the fix alone adds nothing").isZero();
        assertThat(scan("--git", added + "~1.." + added).exit()).isEqualTo(1);
    }

    @Test
    void historyKeepsLineNumbersAcrossHunksAndSeesMultiLineBlocksAddedTogether() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            text.append("line ").append(i).append('\n');
        }
        repo.write("notes.txt", text.toString());
        repo.commit("notes");
        String[] lines = text.toString().split("\n");
        lines[4] = "A=" + Credentials.githubToken(random);
        lines[24] = "B=" + Credentials.githubToken(random);
        repo.write("notes.txt", String.join("\n", lines) + "\n");
        repo.write("key.pem", Credentials.pemPrivateKey(random));
        repo.commit("two hunks and a key");

        JsonNode findings = json("--git").get("findings");

        assertThat(findings.findValuesAsText("rule")).containsExactlyInAnyOrder("private-key", "github-pat", "github-pat");
        assertThat(findings.findValues("line").stream().map(JsonNode::asInt)).containsExactlyInAnyOrder(1, 5, 25);
    }

    @Test
    void outsideARepositoryOrWithABadRangeTheScanFailsWithExit2() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        CliRunner.Result outside = CliRunner.run(home, "scan", "--staged", "--repo", plain.toString());
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.err()).contains("airlock scan: " + plain + " is not inside a git repository");

        repo.write("a.txt", "a\n");
        repo.commit("a");
        CliRunner.Result bad = scan("--git", "no-such-branch..HEAD");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("airlock scan: ").contains("no-such-branch");
        CliRunner.Result option = scan("--git", "--output=/tmp/x");
        assertThat(option.exit()).isEqualTo(2);

        CliRunner.Result both = scan("--staged", "--git");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("more than one thing to scan");
        assertThat(CliRunner.run(home, "scan").err()).contains("nothing to scan");
    }
}
