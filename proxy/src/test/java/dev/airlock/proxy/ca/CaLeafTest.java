package dev.airlock.proxy.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.config.InterceptConfig;
import dev.airlock.proxy.route.InterceptHosts;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leaves and the intermediate have what clients require (WIRE §5), and two independent validators agree: the
 * chain verifies for intercepted hosts, and the intermediate's name constraints reject a leaf for anything else.
 */
class CaLeafTest {

    private static final InterceptHosts HOSTS = InterceptHosts.of(InterceptConfig.DEFAULT_HOSTS);

    @TempDir
    Path dir;

    private CertificateAuthority ca;

    @BeforeEach
    void open() throws Exception {
        ca = CertificateAuthority.open(new CaFiles(dir.resolve("ca")), HOSTS);
    }

    @Test
    void aLeafNamesExactlyItsHostForServerAuthOnly() throws Exception {
        Instant now = Instant.now();
        X509Certificate leaf = ca.leaf("api.openai.com");

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=api.openai.com");
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "api.openai.com"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
        assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(leaf.getPublicKey().toString()).contains("secp256r1");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.intermediate().getSubjectX500Principal());
        assertThat(leaf.getSerialNumber()).isPositive();
        assertThat(keyIdOf(leaf, "2.5.29.35")).as("authority key id = intermediate's subject key id")
                .isEqualTo(keyIdOf(ca.intermediate(), "2.5.29.14"));
        assertThat(keyIdOf(leaf, "2.5.29.14")).isNotNull();

        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        assertThat(notBefore).isBeforeOrEqualTo(now).isAfter(now.minus(Duration.ofHours(2)));
        assertThat(Duration.between(notBefore, notAfter)).isEqualTo(Duration.ofDays(90))
                .isLessThanOrEqualTo(Duration.ofDays(180));
    }

    @Test
    void theIntermediateIsAPathLengthZeroCaConstrainedToTheInterceptedDomains() throws Exception {
        X509Certificate intermediate = ca.intermediate();

        assertThat(intermediate.getBasicConstraints()).isZero();
        assertThat(intermediate.getKeyUsage()).startsWith(false, false, false, false, false, true, false);
        assertThat(intermediate.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15", "2.5.29.30");
        assertThat(intermediate.getIssuerX500Principal()).isEqualTo(ca.root().getSubjectX500Principal());
        assertThat(keyIdOf(intermediate, "2.5.29.35")).isEqualTo(keyIdOf(ca.root(), "2.5.29.14"));
        intermediate.verify(ca.root().getPublicKey());
        // Constraints on a trust anchor are honoured unevenly (WIRE §5): they belong on the intermediate.
        assertThat(ca.root().getExtensionValue("2.5.29.30")).isNull();

        NameConstraints constraints = NameConstraints.getInstance(
                JcaX509ExtensionUtils.parseExtensionValue(intermediate.getExtensionValue("2.5.29.30")));
        List<String> permitted = new ArrayList<>();
        for (GeneralSubtree subtree : constraints.getPermittedSubtrees()) {
            assertThat(subtree.getBase().getTagNo()).isEqualTo(GeneralName.dNSName);
            permitted.add(DERIA5String.getInstance(subtree.getBase().getName()).getString());
        }
        // Exact names stay exact; wildcards widen to the domain after them; covered names are dropped.
        assertThat(permitted).containsExactlyInAnyOrder("api.openai.com", "chatgpt.com", "api.anthropic.com",
                "googleapis.com", "openai.azure.com", "cognitiveservices.azure.com", "services.ai.azure.com",
                "amazonaws.com", "api.mistral.ai", "codestral.mistral.ai", "api.groq.com", "api.deepseek.com",
                "openrouter.ai", "api.x.ai", "api.cohere.com", "api.cohere.ai", "api.together.xyz",
                "api.fireworks.ai", "api.perplexity.ai", "api.cerebras.ai", "githubcopilot.com",
                "copilot-proxy.githubusercontent.com", "models.github.ai", "models.inference.ai.azure.com",
                "ai-gateway.vercel.sh", "api.moonshot.ai", "api.moonshot.cn", "api.kimi.com", "api.z.ai",
                "open.bigmodel.cn", "dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com", "api.minimax.io",
                "api.minimaxi.com", "router.huggingface.co", "api-inference.huggingface.co", "api.deepinfra.com",
                "api.sambanova.ai", "api.novita.ai", "api.hyperbolic.xyz", "api.ai21.com", "api.voyageai.com");
        List<byte[]> excluded = new ArrayList<>();
        for (GeneralSubtree subtree : constraints.getExcludedSubtrees()) {
            assertThat(subtree.getBase().getTagNo()).isEqualTo(GeneralName.iPAddress);
            excluded.add(ASN1OctetString.getInstance(subtree.getBase().getName()).getOctets());
        }
        assertThat(excluded).extracting(Arrays::toString)
                .containsExactlyInAnyOrder(Arrays.toString(new byte[8]), Arrays.toString(new byte[32]));

        Instant notBefore = intermediate.getNotBefore().toInstant();
        assertThat(Duration.between(notBefore, intermediate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(365).plusHours(1));
    }

    @Test
    void suffixesAreWhatFollowsTheLastWildcardLabelWithoutCoveredNames() {
        assertThat(PermittedNames.suffixes(List.of("*.openai.azure.com", "*-aiplatform.googleapis.com",
                "bedrock-runtime.*.amazonaws.com", "api.openai.com", "generativelanguage.googleapis.com",
                "API.openai.com.", "deep.openai.azure.com", "*.example.org", "example.org")))
                .containsExactly("example.org", "amazonaws.com", "api.openai.com", "googleapis.com",
                        "openai.azure.com");
        assertThat(PermittedNames.suffixes(List.of())).containsExactly("invalid");
        assertThatThrownBy(() -> PermittedNames.suffixes(List.of("api.*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"api.*\" ends in a wildcard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.openai.com", "myresource.openai.azure.com", "us-central1-aiplatform.googleapis.com",
            "bedrock-runtime.us-east-1.amazonaws.com", "api.githubcopilot.com", "chatgpt.com"})
    void theChainVerifiesWithPkixAndOpenssl(String host) throws Exception {
        X509Certificate leaf = ca.leaf(host);

        CaChecks.pkixValidate(ca.root(), Instant.now(), leaf, ca.intermediate());
        CaChecks.Verdict verdict = CaChecks.opensslVerify(dir, ca.root(), ca.intermediate(), leaf, host);
        assertThat(verdict.exit()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains(": OK");
    }

    @Test
    void aLeafOutsideTheNameConstraintsIsRejectedByBothValidators() throws Exception {
        // Minted past serverContext's refusal on purpose: this is what a leaked intermediate key could sign.
        X509Certificate evil = Minter.leaf(ca.signer(), "evil.example.com", Clock.systemUTC()).certificate();

        CaChecks.Verdict verdict = CaChecks.opensslVerify(dir, ca.root(), ca.intermediate(), evil, null);
        assertThat(verdict.exit()).as(verdict.output()).isNotZero();
        assertThat(verdict.output()).contains("permitted subtree violation").doesNotContain(": OK");
        assertThatThrownBy(() -> CaChecks.pkixValidate(ca.root(), Instant.now(), evil, ca.intermediate()))
                .isInstanceOf(CertPathValidatorException.class)
                .hasMessageContaining("name constraints");

        // A name that merely ends like a permitted one is outside too: subtrees match whole labels.
        X509Certificate lookalike = Minter.leaf(ca.signer(), "evilapi.openai.com", Clock.systemUTC()).certificate();
        assertThat(CaChecks.opensslVerify(dir, ca.root(), ca.intermediate(), lookalike, null).output())
                .contains("permitted subtree violation");
    }

    private static byte[] keyIdOf(X509Certificate certificate, String oid) throws Exception {
        byte[] value = certificate.getExtensionValue(oid);
        if (value == null) {
            return null;
        }
        if (oid.equals("2.5.29.14")) {
            return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value))
                    .getKeyIdentifier();
        }
        return AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value))
                .getKeyIdentifier();
    }
}
