package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .airlockignore} files, and the proxy's {@code allow}/{@code allowFiles} keys on the policy and on routes. */
class AirlockIgnoreConfigTest {

    private static final String A = "0123456789abcdef";
    private static final String B = "fedcba9876543210";
    private static final String C = "00112233445566aa";

    @TempDir
    Path dir;

    @Test
    void entriesCommentsAndBlankLinesParse() throws Exception {
        IgnoreFile f = IgnoreFile.parse("""
                # accepted findings
                0123456789ABCDEF   # fixture key, upper case is read as lower

                place:9c1d04e2b7a3f5d6 # github-pat in tests/app.env
                \tfedcba9876543210\r
                """, ".airlockignore");
        assertThat(f.fingerprints()).containsExactlyInAnyOrder(A, B);
        assertThat(f.places()).containsExactly("place:9c1d04e2b7a3f5d6");
    }

    @Test
    void everyBadLineIsReportedWithItsNumberAndNeverEchoed() {
        String pasted = "ghp_" + "x".repeat(36);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> IgnoreFile.parse(
                A + "\n" + pasted + "\n0123 # too short\n" + A + " extra words\nplace:xyz\n", ".airlockignore"));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(Problem::line).containsExactly(2, 3, 4, 5);
        assertThat(e.getMessage()).startsWith(".airlockignore: 4 problems")
                .contains("line 2: not a fingerprint (40 characters, not repeated here; expected: a keyed fingerprint")
                .doesNotContain(pasted).doesNotContain("xyz");
    }

    @Test
    void policyAndRoutesAcceptListedFingerprintsAndTheKeyedEntriesOfFiles() throws Exception {
        Files.writeString(dir.resolve(".airlockignore"), B + "  # from the repository\nplace:9c1d04e2b7a3f5d6\n");
        Path config = Files.writeString(dir.resolve("airlock.yaml"), """
                policy:
                  allow: [%s]
                  allowFiles: [.airlockignore]
                routes:
                  - name: internal
                    upstream: https://llm.example/v1
                    allow: ["%s"]
                """.formatted(A, C.toUpperCase()));
        AirlockConfig c = ConfigLoader.load(config);
        assertThat(c.policy().allow().fingerprints()).containsExactlyInAnyOrder(A, B);
        assertThat(c.policy().allow().files()).containsExactly(dir.resolve(".airlockignore").toAbsolutePath().normalize());
        assertThat(c.policy().allow().accepts(B.toUpperCase())).isTrue();
        assertThat(c.routes().get(0).allow().fingerprints()).containsExactly(C);
        assertThat(ConfigLoader.parse("policy:\n  action: block\n", "t.yaml").policy().allow().isEmpty()).isTrue();
    }

    @Test
    void badFingerprintsPlacesAndFilesAreReportedWithPathAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.ignore"), A + "\nnot-a-fingerprint\n");
        Path config = Files.writeString(dir.resolve("airlock.yaml"), """
                policy:
                  allow:
                    - %s
                    - place:9c1d04e2b7a3f5d6
                    - hunter2-is-my-password
                  allowFiles: [missing.ignore, bad.ignore]
                routes:
                  - name: internal
                    upstream: https://llm.example/v1
                    allow: nope
                """.formatted(A));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config));
        assertThat(e).isNotNull();
        List<String> problems = e.problems().stream().map(Problem::toString).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("line 4: policy.allow[1]: a place: entry names a line"))
                .anyMatch(p -> p.startsWith("line 5: policy.allow[2]: not a fingerprint (22 characters, not repeated"))
                .anyMatch(p -> p.startsWith("line 6: policy.allowFiles[0]") && p.contains("does not exist"))
                .anyMatch(p -> p.startsWith("line 6: policy.allowFiles[1]: " + dir.resolve("bad.ignore") + " line 2: "
                        + "not a fingerprint"))
                .anyMatch(p -> p.startsWith("line 10: routes[0].allow"));
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("not-a-fingerprint");
    }
}
