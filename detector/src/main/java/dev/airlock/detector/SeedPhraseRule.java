package dev.airlock.detector;

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
final class SeedPhraseRule extends HandWrittenRule {

    /** The English list of the standard, one word per line, in its order (a word's index is its 11-bit value). */
    private static final Map<String, Integer> WORDS = load();
    /** How far after the naming word the phrase may start: a quote, an '=', a label. */
    private static final int MAX_GAP = 48;
    /** Letters a name may have from its keyword on ({@code seedPhraseWords}); a longer run is no name. */
    private static final int MAX_NAME = 32;
    /** Characters between two words of a phrase: blanks, a numbered list's "2. ", a JSON array's "", "". */
    private static final int MAX_SEPARATOR = 8;
    /**
     * The longest run of list words read at once: a phrase may start inside one (after a label's last words, or after
     * a phrase of test words on the line before), so a run is longer than a phrase.
     */
    private static final int MAX_RUN = 48;

    SeedPhraseRule() {
        super(new RuleInfo("crypto-seed-phrase", "Cryptocurrency wallet recovery phrase (BIP-39 mnemonic, checksum "
                + "verified)", "MNEMONIC=\"<12 or 24 words of the BIP-39 list>\""), 15);
        for (String word : List.of("mnemonic", "seed", "phrase", "recovery")) {
            trigger(word, true, 0);
        }
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        if (hit < text.coveredTo(this)) {
            return; // inside a run of list words read for an earlier keyword ("seed" is one of them)
        }
        char[] c = text.chars;
        int n = text.length;
        int i = hit + keyword.literal().length();
        while (i < n && Ascii.isLetter(c[i]) && i - hit <= MAX_NAME) {
            i++; // the rest of the name: seedPhrase, mnemonics
        }
        if (i - hit > MAX_NAME) {
            text.cover(this, i); // a run of letters, no name: not read again for a keyword inside it
            return;
        }
        // The phrase may follow a few words of a label: "seed phrase is:", "recovery words (keep safe):".
        for (int limit = Math.min(n, i + MAX_GAP); i < limit; i++) {
            if (Ascii.isLower(c[i]) && !Ascii.isLetter(c[i - 1])) {
                int runEnd = phraseAt(c, n, i, out);
                if (runEnd < 0) {
                    return;
                }
                text.cover(this, runEnd);
                i = Math.max(i, runEnd - 1); // a phrase starting inside the run was tried with it
            }
        }
    }

    /**
     * Reads the run of list words from {@code start} and reports a phrase of a valid length in it whose checksum
     * holds (see the comment inside). Returns -1 when a phrase was found, else where the run ended ({@code start} when
     * it had no word).
     */
    private int phraseAt(char[] c, int n, int start, List<Finding> out) {
        int firstEnd = start;
        while (firstEnd < n && Ascii.isLower(c[firstEnd]) && firstEnd - start <= 8) {
            firstEnd++;
        }
        if (firstEnd - start < 3 || firstEnd - start > 8 || firstEnd < n && Ascii.isLetter(c[firstEnd])
                || !WORDS.containsKey(new String(c, start, firstEnd - start))) {
            return firstEnd; // the common case, decided before anything is allocated for the run
        }
        int[] indexes = new int[MAX_RUN];
        int[] starts = new int[MAX_RUN];
        int[] ends = new int[MAX_RUN];
        int count = 0;
        int i = start;
        while (count < MAX_RUN) {
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
            starts[count] = wordStart;
            ends[count++] = i;
            int separatorStart = i;
            while (i < n && !Ascii.isLetter(c[i]) && i - separatorStart <= MAX_SEPARATOR && c[i] != '=') {
                i++;
            }
            if (i >= n || !Ascii.isLower(c[i]) || i - separatorStart > MAX_SEPARATOR) {
                break;
            }
        }
        // A phrase is written one way throughout (spaces, one per line, a numbered list, a JSON array): the run is cut
        // where the separator changes, and a phrase ends where its part of the run ends. It may start up to two words
        // in, after a label's last words ("seed phrase scheme spot …"). Trying every start and length of a long run
        // would let a checksum hold by chance (one in 16 to 256 each).
        int j = 0;
        while (j < count) {
            int k = j + 1; // the part [j, k): its words joined by the separator after word j
            while (k < count && (k == j + 1 || sameSeparator(c, ends[k - 1], starts[k], ends[j], starts[j + 1]))) {
                k++;
            }
            for (int from = j; from <= j + 2; from++) {
                int length = k - from;
                if (length >= 12 && length <= 24 && length % 3 == 0 && distinctEnough(indexes, from, length)
                        && checksumHolds(indexes, from, length)) {
                    out.add(new Finding(id(), starts[from], ends[k - 1], Confidence.HIGH));
                    return -1;
                }
            }
            if (k >= count) {
                break;
            }
            j = k - 1; // the word before the change may begin the next part ("phrase: scheme spot …")
        }
        return count == 0 ? start : ends[count - 1];
    }

    /**
     * Whether the separator {@code c[from, to)} is written as {@code c[otherFrom, otherTo)}, digits counting as one:
     * "\n2. " and "\n10. " are alike.
     */
    private static boolean sameSeparator(char[] c, int from, int to, int otherFrom, int otherTo) {
        int i = from;
        int j = otherFrom;
        while (i < to && j < otherTo) {
            if (Ascii.isDigit(c[i]) && Ascii.isDigit(c[j])) {
                while (i < to && Ascii.isDigit(c[i])) {
                    i++;
                }
                while (j < otherTo && Ascii.isDigit(c[j])) {
                    j++;
                }
            } else if (c[i++] != c[j++]) {
                return false;
            }
        }
        return i == to && j == otherTo;
    }

    /** The last {@code length / 3} bits are the first bits of the SHA-256 of the entropy before them. */
    static boolean checksumHolds(int[] indexes, int length) {
        return checksumHolds(indexes, 0, length);
    }

    private static boolean checksumHolds(int[] indexes, int from, int length) {
        int bits = length * 11;
        int checksumBits = length / 3;
        byte[] entropy = new byte[(bits - checksumBits) / 8];
        int checksum = 0;
        for (int bit = 0; bit < bits; bit++) {
            int value = (indexes[from + bit / 11] >>> (10 - bit % 11)) & 1;
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
    private static boolean distinctEnough(int[] indexes, int from, int length) {
        long[] seen = new long[32];
        int repeats = 0;
        for (int k = from; k < from + length; k++) {
            int index = indexes[k];
            if ((seen[index >>> 6] & 1L << index) != 0 && ++repeats > length / 8) {
                return false;
            }
            seen[index >>> 6] |= 1L << index;
        }
        return true;
    }

    private static Map<String, Integer> load() {
        List<String> list = Resources.lines("bip39-english.txt");
        if (list.size() != 2048) {
            throw new IllegalStateException("the BIP-39 word list has " + list.size() + " words, expected 2048");
        }
        Map<String, Integer> words = new HashMap<>(4096);
        for (String word : list) {
            words.put(word, words.size());
        }
        return Map.copyOf(words);
    }
}
