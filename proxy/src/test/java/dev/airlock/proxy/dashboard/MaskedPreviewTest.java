package dev.airlock.proxy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.detector.Detector;
import dev.airlock.detector.RuleInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The feed's preview comes from the rule's documented shape, never from the secret. */
class MaskedPreviewTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "ghp_<b62:36>                                     | ghp_…•••",
            "sk-proj-<b64u:58-74>T3BlbkFJ<b64u:58-74>         | sk-proj-…•••",
            "AKIA<B32:16>                                     | AKIA…•••",
            // context around the secret, not its start
            "https://<user>:<password>@<host>/                | •••",
            "AccountKey={<b64:86>==}                          | •••",
            "DB_PASSWORD=<random:8+>                          | •••",
            // no literal start
            "<b62:14>.atlasv1.<b64u:60-70>                    | •••",
            "{<b62:52>}<b62:24>ACOG<b62:4>                    | •••",
            // longer than 16 characters
            "AAAAAAAAAAAAAAAAAAAAA{<[A-Za-z0-9%]:80-120>}     | •••",
            "NetworkCredential(\"<[!#-&(-~]:1-64>\"           | •••",
            // a custom rule's regular expression is no shape
            "acme_[a-z0-9]{32}                                | •••",
            "ACME-\\d{8}                                      | •••",
            "acme_live_                                       | •••",
    })
    void thePrefixIsTheShapesLiteralStart(String shape, String preview) {
        assertThat(MaskedPreview.of(shape)).isEqualTo(preview);
    }

    @Test
    void spacesNewlinesAndNothingGiveTheMaskAlone() {
        assertThat(MaskedPreview.of("api_key = \"<random:16+>\"")).isEqualTo("•••");
        assertThat(MaskedPreview.of("kind: Secret\ndata:\n  password: <b64:8-4096>")).isEqualTo("•••");
        assertThat(MaskedPreview.of("")).isEqualTo("•••");
        assertThat(MaskedPreview.of(null)).isEqualTo("•••");
    }

    @Test
    void everyBuiltInRuleHasAShortPreviewWithoutShapeSyntax() {
        List<RuleInfo> rules = Detector.builtIn().rules();
        Map<String, String> previews = MaskedPreview.forRules(rules);
        assertThat(previews).hasSize(rules.size());
        assertThat(previews).containsEntry("github-pat", "ghp_…•••");
        assertThat(previews.values()).allSatisfy(p -> {
            assertThat(p).endsWith(MaskedPreview.MASK).doesNotContain("<", "{", "\n", " ");
            assertThat(p.length()).isLessThanOrEqualTo(MaskedPreview.MAX_PREFIX + 1 + MaskedPreview.MASK.length());
        });
    }
}
