package dev.airlock.detector;

import java.util.List;
import java.util.Locale;

/**
 * A cryptocurrency wallet's raw private key: 32 bytes in hex (secp256k1 or ed25519 seeds, usually {@code 0x}-prefixed
 * in Ethereum tooling) written near wallet or private-key wording — {@code new Wallet("0x…")},
 * {@code Account.from_key(…)}, a key pasted into a chat next to "my wallet". A bare 64-hex value is far more often a
 * hash (a transaction, a commit, a SHA-256), so the rule needs the wording within the same or an adjacent line and
 * stands down when the value's own line speaks of hashes, digests or transactions. Such a key moves money the moment it
 * is read, so there is no second factor to fall back on.
 */
final class WalletPrivateKeyRule extends HandWrittenRule {

    private static final int KEY_HEX = 64;
    /** How far from the wording a key is looked for, in characters, whatever the lines. */
    private static final int REACH = 256;
    /** Words on the value's line that make it a hash or an address rather than a key. */
    private static final List<String> HASH_WORDS = List.of("hash", "sha", "digest", "checksum", "txid", "transaction",
            "block", "commit", "integrity", "fingerprint", "salt", "nonce", "public", "address", "signature");

    /** Priority 15: wins over the generic assignment rules, which would report {@code PRIVATE_KEY=0x…} less precisely. */
    WalletPrivateKeyRule() {
        super(new RuleInfo("crypto-wallet-private-key",
                "Cryptocurrency wallet private key (64 hex characters next to wallet or private-key wording)",
                "wallet private key 0x<hexl:64>"), 15);
        for (String word : List.of("wallet", "private key", "private_key", "privatekey", "privkey", "priv_key",
                "from_key", "fromkey")) {
            trigger(word, true, 0);
        }
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        char[] c = text.chars;
        int n = text.length;
        int keyEnd = hit + keyword.literal().length();
        int floor = Math.max(0, hit - REACH);
        int ceiling = Math.min(n, keyEnd + REACH);
        int from = lineStart(c, lineStart(c, hit, floor) - 1, floor);
        int to = lineEnd(c, lineEnd(c, keyEnd, ceiling) + 1, ceiling);
        from = Math.max(from, text.coveredTo(this));
        int read = to;
        for (int i = from; i < to; i++) {
            if (!Ascii.isHex(c[i]) || !text.leftBoundary(i)) {
                continue;
            }
            int start = i;
            if (c[i] == '0' && i + 1 < n && (c[i + 1] == 'x' || c[i + 1] == 'X')) {
                start = i + 2;
            }
            int end = start;
            while (end < n && Ascii.isHex(c[end])) {
                end++;
            }
            int runEnd = end;
            while (runEnd < n && Ascii.isAlnum(c[runEnd])) {
                runEnd++;
            }
            read = Math.max(read, runEnd);
            if (end == runEnd && end - start == KEY_HEX && looksRandom(c, start, end)
                    && !hashContext(c, n, start, end)) {
                out.add(new Finding(id(), start, end, Confidence.MEDIUM));
            }
            i = runEnd;
        }
        text.cover(this, read);
    }

    private static boolean looksRandom(char[] c, int start, int end) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            letter |= Ascii.isLetter(c[i]);
            digit |= Ascii.isDigit(c[i]);
        }
        return letter && digit && !Placeholders.isPlaceholder(c, start, end) && Entropy.atLeast(c, start, end, 3.4);
    }

    private static boolean hashContext(char[] c, int n, int start, int end) {
        int lineStart = lineStart(c, start, Math.max(0, start - REACH));
        int lineEnd = lineEnd(c, end, Math.min(n, end + REACH));
        String line = (new String(c, lineStart, start - lineStart) + ' ' + new String(c, end, lineEnd - end))
                .toLowerCase(Locale.ROOT);
        for (String word : HASH_WORDS) {
            if (line.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first character of the line holding {@code i}, but not before {@code floor} (a JSON-escaped {@code \n}
     * ends a line too): bounded, so a long line full of keywords costs no more than its length.
     */
    private static int lineStart(char[] c, int i, int floor) {
        int j = Math.max(floor, i);
        while (j > floor && c[j - 1] != '\n' && !(c[j - 1] == 'n' && j >= 2 && c[j - 2] == '\\')) {
            j--;
        }
        return j;
    }

    /** The end of the line holding {@code i}, but not after {@code ceiling}. */
    private static int lineEnd(char[] c, int i, int ceiling) {
        int j = Math.min(ceiling, i);
        while (j < ceiling && c[j] != '\n' && !(c[j] == '\\' && j + 1 < ceiling && c[j + 1] == 'n')) {
            j++;
        }
        return j;
    }
}
