package dev.airlock.detector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A wallet's recovery phrase (BIP-39): 12, 15, 18, 21 or 24 words of the standard's English list whose last bits
 * are a SHA-256 checksum of the rest, written after a word that names it ({@code MNEMONIC=…}, "seed phrase:",
 * {@code mnemonic: "…"}). Whoever has the phrase has the wallet. The checksum leaves one random word sequence in 16
 * (12 words) to one in 256 (24) standing, and the words must all come from the list, so prose is not mistaken for
 * one; phrases made of few distinct words ({@code test test … junk}, {@code abandon … about}) are the public test
 * phrases of wallet tooling and are not reported.
 */
final class SeedPhraseRule implements Rule {

    /** The English list of the standard, one word per line, in its order (a word's index is its 11-bit value). */
    private static final Map<String, Integer> WORDS = load();
    /** How far after the naming word the phrase may start: a quote, an '=', a label. */
    private static final int MAX_GAP = 48;
    /** Characters between two words of a phrase: blanks, a numbered list's "2. ", a JSON array's "", "". */
    private static final int MAX_SEPARATOR = 8;

    private final RuleInfo info = new RuleInfo("crypto-seed-phrase",
            "Cryptocurrency wallet recovery phrase (BIP-39 mnemonic, checksum verified)",
            "MNEMONIC=\"<12 or 24 words of the BIP-39 list>\"");
    private final List<Keyword> keywords = List.of(new Keyword("mnemonic", true, this, 0),
            new Keyword("seed", true, this, 0), new Keyword("phrase", true, this, 0),
            new Keyword("recovery", true, this, 0));

    @Override
    public RuleInfo info() {
        return info;
    }

    @Override
    public List<Keyword> keywords() {
        return keywords;
    }

    @Override
    public int priority() {
        return 15;
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int i = hit + keyword.literal().length();
        while (i < n && Ascii.isLetter(c[i])) {
            i++; // the rest of the name: seedPhrase, mnemonics
        }
        // The phrase may follow a few words of a label: "seed phrase is:", "recovery words (keep safe):".
        for (int limit = Math.min(n, i + MAX_GAP); i < limit; i++) {
            if (Ascii.isLower(c[i]) && !Ascii.isLetter(c[i - 1]) && phraseAt(c, n, i, out)) {
                return;
            }
        }
    }

    /** Reads list words from {@code start} and reports the longest run of a valid length whose checksum holds. */
    private boolean phraseAt(char[] c, int n, int start, List<Finding> out) {
        int firstEnd = start;
        while (firstEnd < n && Ascii.isLower(c[firstEnd]) && firstEnd - start <= 8) {
            firstEnd++;
        }
        if (firstEnd - start < 3 || firstEnd - start > 8 || firstEnd < n && Ascii.isLetter(c[firstEnd])
                || !WORDS.containsKey(new String(c, start, firstEnd - start))) {
            return false; // the common case, decided before anything is allocated for the run
        }
        int[] indexes = new int[24];
        int[] ends = new int[24];
        int count = 0;
        int i = start;
        while (count < 24) {
            int wordStart = i;
            while (i < n && Ascii.isLower(c[i]) && i - wordStart <= 8) {
                i++;
            }
            Integer index = i - wordStart >= 3 && (i == n || !Ascii.isLetter(c[i]))
                    ? WORDS.get(new String(c, wordStart, i - wordStart)) : null;
            if (index == null) {
                break;
            }
            indexes[count] = index;
            ends[count++] = i;
            int separatorStart = i;
            while (i < n && !Ascii.isLetter(c[i]) && i - separatorStart <= MAX_SEPARATOR && c[i] != '=') {
                i++;
            }
            if (i >= n || !Ascii.isLower(c[i]) || i - separatorStart > MAX_SEPARATOR) {
                break;
            }
        }
        for (int length = count - count % 3; length >= 12; length -= 3) {
            if (checksumHolds(indexes, length) && distinctEnough(indexes, length)) {
                out.add(new Finding(info.id(), start, ends[length - 1], Confidence.HIGH));
                return true;
            }
        }
        return false;
    }

    /** The last {@code length / 3} bits are the first bits of the SHA-256 of the entropy before them. */
    static boolean checksumHolds(int[] indexes, int length) {
        int bits = length * 11;
        int checksumBits = length / 3;
        byte[] entropy = new byte[(bits - checksumBits) / 8];
        int checksum = 0;
        for (int bit = 0; bit < bits; bit++) {
            int value = (indexes[bit / 11] >>> (10 - bit % 11)) & 1;
            if (bit < entropy.length * 8) {
                entropy[bit / 8] |= (byte) (value << (7 - bit % 8));
            } else {
                checksum = checksum << 1 | value;
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(entropy);
            return ((digest[0] & 0xff) >>> (8 - checksumBits)) == checksum;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** At most one repeated word in eight: a random phrase repeats one rarely, a test phrase is made of repeats. */
    private static boolean distinctEnough(int[] indexes, int length) {
        int repeats = 0;
        for (int a = 0; a < length; a++) {
            for (int b = 0; b < a; b++) {
                if (indexes[a] == indexes[b]) {
                    repeats++;
                    break;
                }
            }
        }
        return repeats <= length / 8;
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> words = new HashMap<>(4096);
        try (InputStream in = SeedPhraseRule.class.getResourceAsStream("bip39-english.txt")) {
            if (in == null) {
                throw new IllegalStateException("bip39-english.txt is missing from the detector's resources");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null) {
                words.put(line, words.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (words.size() != 2048) {
            throw new IllegalStateException("the BIP-39 word list has " + words.size() + " words, expected 2048");
        }
        return Map.copyOf(words);
    }
}
