package dev.airlock.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-commit hook in real repositories, with real {@code git commit}s: what a staged secret does to a commit, what
 * an unstaged one does not, the ways to accept a finding, and the hooks that were there before.
 */
class HookCommitTest {

    @TempDir
    Path tmp;

    private final Random random = new Random();
    private TestRepo repo;
    private Path airlockHome;

    @BeforeEach
    void repository() throws Exception {
        repo = TestRepo.create(tmp);
        airlockHome = tmp.resolve("airlock-home");
        repo.write("README.md", "# demo\n");
        repo.commit("initial");
    }

    private TestRepo.Run install(String... more) throws Exception {
        String[] args = new String[3 + more.length];
        args[0] = "hook";
        args[1] = "install";
        args[2] = "--home=" + airlockHome;
        System.arraycopy(more, 0, args, 3, more.length);
        TestRepo.Run r = repo.airlock(args);
        assertThat(r.exit()).as(r.out()).isZero();
        return r;
    }

    private int commits() throws Exception {
        return Integer.parseInt(repo.ok("rev-list", "--count", "HEAD").strip());
    }

    @Test
    void aStagedSecretStopsTheCommitWithExit1AndSaysWhereAndHowOut() throws Exception {
        install();
        String token = Credentials.githubToken(random);
        repo.write("config/app settings.env", "# settings\nGITHUB_TOKEN=" + token + "\n");
        repo.ok("add", ".");

        TestRepo.Run commit = repo.git("commit", "-m", "add settings");

        assertThat(commit.exit()).as(commit.out()).isEqualTo(1);
        assertThat(commits()).isEqualTo(1);
        assertThat(commit.out())
                .contains("airlock: 1 credential in the staged changes; the commit was stopped.")
                .contains("config/app settings.env:2:14  github-pat  ghp_…" + token.substring(token.length() - 4))
                .contains("  2 | GITHUB_TOKEN=ghp_…")
                .contains("    |              ^^^^^^^^^")
                .contains("accept here:      place:")
                .contains("Remove it").contains("environment variable").contains("os.environ[\"GITHUB_TOKEN\"]")
                .contains("airlock:allow").contains(".airlockignore")
                .doesNotContain(token.substring(4, token.length() - 4));
    }

    @Test
    void anUnstagedSecretDoesNotStopTheCommit() throws Exception {
        install();
        repo.write("notes.txt", "clean\n");
        repo.ok("add", "notes.txt");
        repo.write("notes.txt", "clean\nTOKEN=" + Credentials.githubToken(random) + "\n"); // edited after git add
        repo.write("untracked.env", "TOKEN=" + Credentials.githubToken(random) + "\n");

        TestRepo.Run commit = repo.git("commit", "-m", "notes");

        assertThat(commit.exit()).as(commit.out()).isZero();
        assertThat(commits()).isEqualTo(2);
    }

    @Test
    void commitAllScansTheIndexGitBuildsForIt() throws Exception {
        install();
        repo.write("README.md", "# demo\nTOKEN=" + Credentials.githubToken(random) + "\n");

        TestRepo.Run commit = repo.git("commit", "-a", "-m", "readme");

        assertThat(commit.exit()).as(commit.out()).isEqualTo(1);
        assertThat(commit.out()).contains("README.md:2:7  github-pat");
    }

    @Test
    void acceptedFindingsPass_aPlaceInAirlockignore_theKeyedFingerprint_andAnInlineComment() throws Exception {
        install();
        String fixture = Credentials.githubToken(random);
        repo.write("test/fixture.env", "TOKEN=" + fixture + "\n");
        repo.ok("add", ".");
        TestRepo.Run stopped = repo.git("commit", "-m", "fixture");
        assertThat(stopped.exit()).isEqualTo(1);
        String place = stopped.out().lines().filter(l -> l.contains("accept here:")).findFirst().orElseThrow()
                .replaceAll(".*accept here:\\s+(place:[0-9a-f]{16}).*", "$1");

        repo.write(".airlockignore", place + "  # test fixture, not a key\n");
        repo.ok("add", ".airlockignore");
        TestRepo.Run passed = repo.git("commit", "-m", "fixture");
        assertThat(passed.exit()).as(passed.out()).isZero();
        assertThat(passed.out()).contains("airlock: no new credentials; 1 accepted (1 by .airlockignore)");

        String second = Credentials.githubToken(random);
        String fingerprint = new Redactor(Files.readAllBytes(airlockHome.resolve("install.key"))).fingerprint(second);
        repo.write("test/other.env", "TOKEN=" + second + "\n");
        repo.write(".airlockignore", place + "\n" + fingerprint + "  # this value, this install\n");
        repo.ok("add", ".");
        assertThat(repo.git("commit", "-m", "second").exit()).isZero();

        repo.write("test/Inline.java", "String token = \"" + Credentials.githubToken(random) + "\"; // airlock:allow\n");
        repo.ok("add", ".");
        TestRepo.Run inline = repo.git("commit", "-m", "inline");
        assertThat(inline.exit()).as(inline.out()).isZero();
        assertThat(inline.out()).contains("1 by airlock:allow");
        assertThat(commits()).isEqualTo(4);
    }

    @Test
    void anExistingHookIsKeptRunsFirstKeepsItsStatusAndComesBackOnUninstall() throws Exception {
        Path hooks = repo.dir().resolve(".git/hooks");
        String mine = "#!/bin/sh\necho ran >> \"$(git rev-parse --show-toplevel)/../previous.log\"\nexit ${PREVIOUS_EXIT:-0}\n";
        Path hook = Files.writeString(hooks.resolve("pre-commit"), mine);
        assertThat(hook.toFile().setExecutable(true)).isTrue();

        TestRepo.Run installed = install();
        assertThat(installed.out()).contains("kept as pre-commit.airlock-previous");
        assertThat(Files.readString(hooks.resolve("pre-commit.airlock-previous"))).isEqualTo(mine);
        assertThat(install().out()).as("installing twice keeps the first hook").contains("runs first");
        assertThat(Files.readString(hooks.resolve("pre-commit.airlock-previous"))).isEqualTo(mine);

        repo.write("a.txt", "a\n");
        repo.ok("add", ".");
        assertThat(repo.git("commit", "-m", "a").exit()).isZero();
        assertThat(Files.readString(tmp.resolve("previous.log"))).isEqualTo("ran\n");

        repo.write("a.txt", "TOKEN=" + Credentials.githubToken(random) + "\n");
        repo.ok("add", ".");
        assertThat(repo.git("commit", "-m", "secret").exit()).as("Airlock runs after the previous hook").isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("previous.log"))).isEqualTo("ran\nran\n");

        TestRepo.Run uninstalled = repo.airlock("hook", "uninstall");
        assertThat(uninstalled.exit()).as(uninstalled.out()).isZero();
        assertThat(Files.readString(hooks.resolve("pre-commit"))).isEqualTo(mine);
        assertThat(hooks.resolve("pre-commit.airlock-previous")).doesNotExist();
        assertThat(repo.git("commit", "-m", "secret, no Airlock").exit()).isZero();
    }

    @Test
    void thePreviousHooksFailureStopsTheCommitWithItsOwnStatus() throws Exception {
        Path hook = Files.writeString(repo.dir().resolve(".git/hooks/pre-commit"), "#!/bin/sh\necho lint failed\nexit 3\n");
        assertThat(hook.toFile().setExecutable(true)).isTrue();
        install();
        repo.write("a.txt", "a\n");
        repo.ok("add", ".");
        TestRepo.Run commit = repo.git("commit", "-m", "a");
        assertThat(commit.exit()).isEqualTo(1);
        assertThat(commit.out()).contains("lint failed").doesNotContain("airlock:");
    }

    @Test
    void coreHooksPathIsWhereTheHookGoes() throws Exception {
        repo.ok("config", "core.hooksPath", ".githooks");
        TestRepo.Run installed = install();
        Path hook = repo.dir().resolve(".githooks/pre-commit");
        assertThat(installed.out()).contains(hook.toString());
        assertThat(hook).isExecutable();
        assertThat(repo.dir().resolve(".git/hooks/pre-commit")).doesNotExist();
        repo.write("b.env", "TOKEN=" + Credentials.githubToken(random) + "\n");
        repo.ok("add", "b.env");
        assertThat(repo.git("commit", "-m", "b").exit()).isEqualTo(1);
    }

    @Test
    void aGlobalInstallSetsCoreHooksPathStillRunsTheRepositorysOwnHookAndUndoesItself() throws Exception {
        Path local = Files.writeString(repo.dir().resolve(".git/hooks/pre-commit"),
                "#!/bin/sh\necho local >> \"$(git rev-parse --show-toplevel)/../local.log\"\n");
        assertThat(local.toFile().setExecutable(true)).isTrue();

        install("--global");
        Path globalHooks = airlockHome.resolve("hooks");
        assertThat(repo.ok("config", "--global", "core.hooksPath").strip()).isEqualTo(globalHooks.toString());
        assertThat(globalHooks.resolve("pre-commit")).isExecutable();

        repo.write("c.txt", "c\n");
        repo.ok("add", ".");
        assertThat(repo.git("commit", "-m", "c").exit()).isZero();
        assertThat(Files.readString(tmp.resolve("local.log"))).isEqualTo("local\n");
        repo.write("c.txt", "TOKEN=" + Credentials.githubToken(random) + "\n");
        repo.ok("add", ".");
        assertThat(repo.git("commit", "-m", "secret").exit()).isEqualTo(1);

        TestRepo.Run removed = repo.airlock("hook", "uninstall", "--global", "--home=" + airlockHome);
        assertThat(removed.exit()).as(removed.out()).isZero();
        assertThat(repo.git("config", "--global", "core.hooksPath").exit()).isEqualTo(1);
        assertThat(globalHooks).doesNotExist();
    }

    @Test
    void thePreCommitFrameworkEntryRunsTheStagedScan() throws Exception {
        Path entry = Path.of("..", ".pre-commit-hooks.yaml");
        assertThat(Files.readAllLines(entry)).contains("- id: airlock", "  entry: airlock scan --staged",
                "  language: system", "  pass_filenames: false");
    }

    @Test
    void outsideARepositoryTheHookCommandsFailWithExit2() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("not-a-repo"));
        CliRunner.Result r = CliRunner.run(null, "hook", "install", "--repo", elsewhere.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("airlock hook install: ").contains("is not inside a git repository");
    }
}
