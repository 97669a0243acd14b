package dev.airlock.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The keyword index against the plainest possible reference: every keyword compared at every position. Texts are
 * built from keyword pieces, case variants and non-ASCII characters whose low seven bits spell keyword
 * characters, so the index's filters (character codes, pair masks, the neighbour set) are all exercised.
 */
class KeywordIndexTest {

    /** Records every call, in order, as "literal@position". */
    private static final class Recorder implements Rule {
        final List<String> calls = new ArrayList<>();
        final List<Keyword> keywords = new ArrayList<>();

        Recorder(List<String> literals, boolean ignoreCase) {
            for (String l : literals) {
                keywords.add(new Keyword(l, ignoreCase, this, keywords.size()));
            }
        }

        @Override
        public RuleInfo info() {
            return new RuleInfo("recorder", "records keyword hits", "");
        }

        @Override
        public List<Keyword> keywords() {
            return keywords;
        }

        @Override
        public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
            calls.add(keyword.literal() + "@" + hit);
        }
    }

    private static List<String> bruteForce(List<Keyword> keywords, String text) {
        char[] c = text.toCharArray();
        List<String> hits = new ArrayList<>();
        for (Keyword k : keywords) {
            for (int i = 0; i < c.length; i++) {
                if (k.matchesAt(c, c.length, i)) {
                    hits.add(k.literal() + "@" + i);
                }
            }
        }
        return hits;
    }

    private static List<String> indexed(Recorder rule, String text) {
        rule.calls.clear();
        new KeywordIndex(rule.keywords).scan(new ScanText(text, 1), new ArrayList<>());
        return new ArrayList<>(rule.calls);
    }

    private static String randomText(Random r, List<String> pieces, int parts) {
        String[] noise = {" ", "\n", "=", "_", "-", ".", "\u00e9", "\u4e2d", "\u0161", "\u00cb", "\u2009", "\uff4b",
            "\u0179", "x", "0", ":", "/"};
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            if (r.nextInt(3) == 0) {
                sb.append(noise[r.nextInt(noise.length)]);
            }
            String piece = pieces.get(r.nextInt(pieces.size()));
            int from = r.nextInt(4) == 0 ? r.nextInt(piece.length()) : 0;
            int to = r.nextInt(4) == 0 ? from + r.nextInt(piece.length() - from + 1) : piece.length();
            String s = piece.substring(from, to);
            sb.append(r.nextBoolean() ? s.toUpperCase(java.util.Locale.ROOT) : s);
        }
        return sb.toString();
    }

    @Test
    void findsExactlyWhatComparingEveryPositionFinds() {
        List<String> literals = List.of("key", "pass", "password", "private", "access", "pat", "://", "A3-",
                "sk-ant-", "ghp_", "-----BEGIN ", "Unseal Key ", "operator unseal ", "tencent", "auth0", "api_key");
        Random r = new Random(7);
        for (boolean ignoreCase : new boolean[] {true, false}) {
            Recorder rule = new Recorder(literals, ignoreCase);
            for (int t = 0; t < 2000; t++) {
                String text = randomText(r, literals, 1 + r.nextInt(12));
                assertThat(indexed(rule, text)).as(text).containsExactlyInAnyOrderElementsOf(
                        bruteForce(rule.keywords, text));
            }
        }
    }

    @Test
    void findsKeywordsWhoseWindowsNeedMoreCodesThanTheMasksHold() {
        // 70 distinct characters in windows: codes are shared, which may only let more steps through.
        List<String> literals = new ArrayList<>();
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~\"'`\\ ";
        for (int i = 0; i + 2 < chars.length(); i += 3) {
            literals.add(chars.substring(i, i + 3));
        }
        Recorder rule = new Recorder(literals, true);
        Random r = new Random(11);
        for (int t = 0; t < 2000; t++) {
            String text = randomText(r, literals, 1 + r.nextInt(20));
            assertThat(indexed(rule, text)).as(text).containsExactlyInAnyOrderElementsOf(
                    bruteForce(rule.keywords, text));
        }
    }

    @Test
    void findsWordsOfOtherScriptsExactlyWhereComparingEveryPositionDoes() {
        // Two-character CJK words, mixed-script ones, cases that fold (Ñ, П), anchors sharing low bytes with others.
        List<String> literals = List.of("password", "key", "contraseña", "пароль", "密码", "密鑰", "パスワード",
                "APIキー", "비밀번호", "şifre", "clé");
        Random r = new Random(13);
        Recorder rule = new Recorder(literals, true);
        for (int t = 0; t < 3000; t++) {
            String text = randomText(r, literals, 1 + r.nextInt(12));
            assertThat(indexed(rule, text)).as(text).containsExactlyInAnyOrderElementsOf(
                    bruteForce(rule.keywords, text));
        }
        assertThat(indexed(rule, "CONTRASEÑA=x ПАРОЛЬ: y")).containsExactly("contraseña@0", "пароль@13");
        assertThat(indexed(rule, "密码")).containsExactly("密码@0");
        assertThat(indexed(rule, "x密")).isEmpty();
    }

    @Test
    void findsKeywordsAtEitherEndOfTheTextAndOfEveryLength() {
        Recorder rule = new Recorder(List.of("abc", "abcd", "xabcde"), true);
        for (String text : List.of("abc", "abcd", "xabcde", "abcx", "xabc", "xxabc", "zabcd", "zzabcd", "ab", "a",
                "")) {
            assertThat(indexed(rule, text)).as(text).containsExactlyInAnyOrderElementsOf(
                    bruteForce(rule.keywords, text));
        }
    }

    @Test
    void callsRulesInTextOrder() {
        Recorder rule = new Recorder(List.of("token", "secret"), true);
        String text = "secret token secret; token=1 tokensecret";
        List<String> calls = indexed(rule, text);
        assertThat(calls).containsExactly("secret@0", "token@7", "secret@13", "token@21", "token@29", "secret@34");
    }

    @Test
    void neverMatchesNonAsciiCharactersThatShareAKeywordsLowBits() {
        // U+FF4B, U+0165 and U+0179 end in the bits of 'K', 'e' and 'y'; only the ASCII spelling is a keyword.
        Recorder rule = new Recorder(List.of("key"), true);
        assertThat(indexed(rule, "\uff4b\u0165\u0179 \u00ebey k\u0165y ke\u0179")).isEmpty();
        assertThat(indexed(rule, "\uff4bkey\u0179")).containsExactly("key@1");
    }

    @Test
    void reportsWhetherTheTextHasNonAsciiCharacters() {
        KeywordIndex index = new KeywordIndex(new Recorder(List.of("key"), true).keywords);
        assertThat(index.scan(new ScanText("plain ascii key text", 1), new ArrayList<>())).isFalse();
        for (String text : List.of("\u00e9", "x\u00e9", "xy\u00e9", "abcdefg\u4e2d", "abcdefgh\u4e2d")) {
            assertThat(index.scan(new ScanText(text, 1), new ArrayList<>())).as(text).isTrue();
        }
    }
}
