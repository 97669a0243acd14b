package dev.airlock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void emptyDocumentIsTheDefault() throws ConfigException {
        assertThat(ConfigLoader.parse("", "empty")).isEqualTo(AirlockConfig.DEFAULT);
        assertThat(ConfigLoader.parse("# only a comment\n", "comment")).isEqualTo(AirlockConfig.DEFAULT);
    }

    @Test
    void readsCustomRules() throws ConfigException {
        AirlockConfig c = ConfigLoader.parse("""
                rules:
                  custom:
                    - id: acme-api-key
                      pattern: 'acme_([a-z0-9]{32})'
                      keywords: [acme_]
                      entropy: 3.5
                      description: ACME internal API key
                    - id: acme-session
                      pattern: 'sess-[0-9]{12}'
                """, "acme.yaml");
        assertThat(c.rules().custom()).containsExactly(
                new CustomRuleConfig("acme-api-key", "acme_([a-z0-9]{32})", List.of("acme_"), 3.5, "ACME internal API key"),
                new CustomRuleConfig("acme-session", "sess-[0-9]{12}", List.of(), 0, "custom rule acme-session"));
    }

    @Test
    void reportsEveryProblemWithPathAndLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                rules:
                  custom:
                    - id: Bad_Id
                      pattern: 'a(?=b)'
                      keywords: [ab, ok-keyword]
                      entropy: nine
                    - pattern: 'x'
                      colour: blue
                    - id: dup
                      pattern: 'd'
                    - id: dup
                      pattern: 'e'
                colour: blue
                """, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Problem::toString).containsExactly(
                        "line 13: colour: unknown key (expected one of: access, admin, audit, intercept, knownSecrets, limits, listen, policy, response,"
                                + " routes, rules, timeouts, upstream, websocket)",
                        "line 3: rules.custom[0].id: \"Bad_Id\" (expected: kebab-case, e.g. acme-api-key)",
                        "line 4: rules.custom[0].pattern: not a valid RE2 pattern: invalid or unsupported Perl syntax"
                                + " (expected: RE2 syntax, no backreferences or lookaround)",
                        "line 5: rules.custom[0].keywords[0]: \"ab\" (expected: 3 or more printable ASCII characters without spaces)",
                        "line 6: rules.custom[0].entropy: \"nine\" (expected: a number of bits per character from 0 to 8)",
                        "line 8: rules.custom[1].colour: unknown key (expected one of: description, entropy, id, keywords, pattern)",
                        "line 7: rules.custom[1].id: missing (expected: a value)",
                        "line 11: rules.custom[3].id: \"dup\" is used twice (expected: unique rule ids)"))
                .hasMessageStartingWith("bad.yaml: 8 problems");
    }

    @Test
    void syntaxErrorsAndWrongTypesNameTheLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("rules:\n  custom: [\n", "broken.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ConfigLoader.parse("rules:\n  custom: yes\n", "t.yaml"))
                .hasMessageContaining("line 2: rules.custom: \"yes\" (expected: a list of rules)");
        assertThatThrownBy(() -> ConfigLoader.parse("- a\n- b\n", "list.yaml"))
                .hasMessageContaining("a list (expected: a mapping of keys to values)");
        assertThatThrownBy(() -> ConfigLoader.parse("rules: {}\nrules: {}\n", "dup.yaml"))
                .hasMessageContaining("line 2: rules: duplicate key (first at line 1)");
    }

    @Test
    void unreadableOrHugeFilesAreProblemsToo(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("cannot read the file (NoSuchFileException");
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(int) ConfigLoader.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> ConfigLoader.load(huge)).hasMessageContaining("expected: at most 1048576");
    }
}
