package dev.airlock.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private final Random random = new Random(7);

    private static Redactor redactor() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new Redactor(key);
    }

    @Test
    void sameSecretSamePlaceholderDifferentSecretDifferentOne() {
        Redactor r = redactor();
        String a = Examples.githubToken(random, "ghp_");
        String b = Examples.githubToken(random, "ghp_");
        String text = "one " + a + " two " + b + " three " + a;
        String out = r.redact(text, DETECTOR.scan(text));
        String pa = r.placeholder("github-pat", a);
        String pb = r.placeholder("github-pat", b);
        assertThat(pa).matches(Redactor.PLACEHOLDER.pattern()).isNotEqualTo(pb);
        assertThat(out).isEqualTo("one " + pa + " two " + pb + " three " + pa);
    }

    @Test
    void aListenerHearsOfEachPlaceholderWithItsSecretAndTheKeyStaysTheSame() {
        Redactor plain = redactor();
        Map<String, String> heard = new HashMap<>();
        Redactor told = plain.withListener((placeholder, secret) -> heard.put(placeholder, secret.toString()));
        String a = Examples.githubToken(random, "ghp_");
        String text = "token " + a;
        String out = told.redact(text, DETECTOR.scan(text));
        assertThat(out).isEqualTo(plain.redact(text, DETECTOR.scan(text)));
        assertThat(told.fingerprint(a)).isEqualTo(plain.fingerprint(a));
        assertThat(heard).containsExactly(Map.entry(plain.placeholder("github-pat", a), a));
    }

    @Test
    void placeholdersDependOnTheInstallKey() {
        String a = Examples.githubToken(random, "ghp_");
        assertThat(redactor().placeholder("github-pat", a)).isNotEqualTo(redactor().placeholder("github-pat", a));
    }

    @Test
    void redactingTwiceChangesNothingAndPlaceholdersNeverMatch() {
        Redactor r = redactor();
        String text = "GITHUB_TOKEN=" + Examples.githubToken(random, "ghp_") + "\nDB_PASSWORD=\"Winter2024!xy\"\n"
                + "const apiKey = \"" + Examples.random(random, "abcdefghijklmnopqrstuvwxyz0123456789", 24) + "\";\n"
                + Examples.pem(random);
        String once = r.redact(text, DETECTOR.scan(text));
        assertThat(DETECTOR.scan(once)).isEmpty();
        assertThat(r.redact(once, DETECTOR.scan(once))).isEqualTo(once);
    }

    @Test
    void rejectsShortKeys() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Redactor(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
