package dev.airlock.detector;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * A Bitcoin private key in Wallet Import Format: Base58Check of the version byte (0x80, or 0xEF on testnet), the
 * 32-byte key and, for a compressed key, 0x01 — 51 characters starting {@code 5} (or {@code 9}) or 52 starting
 * {@code K}, {@code L} (or {@code c}). Its four checksum bytes (the start of SHA-256 of SHA-256 of the rest) decide,
 * so a bare key is found with no wording around it and a random string of the same look is not (one in four
 * billion).
 *
 * <p>It has no keyword: its prefix is one character. The detector's pass over base64-alphabet runs, which contain
 * every base58 string, hands it each run of a key's length ({@link EncodedSpans}), so it costs nothing on text
 * without one.
 */
final class WifPrivateKeyRule extends HandWrittenRule {

    static final String ID = "bitcoin-wif-private-key";
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final byte[] DIGITS = new byte[128];

    static {
        Arrays.fill(DIGITS, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGITS[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    WifPrivateKeyRule() {
        super(new RuleInfo(ID, "Bitcoin private key in Wallet Import Format (Base58Check, checksum verified)",
                "5<b58:50>, K<b58:51>, L<b58:51>"), 15);
    }

    @Override
    public void match(ScanText text, int hit, Keyword keyword, List<Finding> out) {
        // No keywords: see judge.
    }

    /**
     * The run {@code c[start, end)} of base64-alphabet characters, or its part after the last {@code _} or
     * {@code -} ({@code WALLET_WIF_L1…} reads as one run) or after an escape's letter, as a key, or null.
     */
    static Finding judge(char[] c, int start, int end) {
        if (start > 0 && c[start - 1] == '\\' && "nrt".indexOf(c[start]) >= 0) {
            start++; // a JSON escape not yet decoded ({"content": "see\nL1…"}): its letter is not the key's
        }
        int length = end - start;
        if (length > 52) {
            int glue = end - 1;
            while (glue >= start && c[glue] != '_' && c[glue] != '-') {
                glue--;
            }
            start = glue + 1;
            length = end - start;
        }
        if (length != 51 && length != 52) {
            return null;
        }
        char first = c[start];
        boolean fits = length == 51 ? first == '5' || first == '9' : first == 'K' || first == 'L' || first == 'c';
        return fits && checksumHolds(c, start, end) ? new Finding(ID, start, end, Confidence.HIGH) : null;
    }

    private static boolean checksumHolds(char[] c, int start, int end) {
        int size = end - start == 51 ? 37 : 38;
        byte[] bytes = new byte[size];
        for (int i = start; i < end; i++) {
            int digit = c[i] < 128 ? DIGITS[c[i]] : -1;
            if (digit < 0) {
                return false; // 0, O, I, l and the base64 extras are not base58
            }
            // bytes = bytes * 58 + digit, big-endian; a carry out of the first byte is too large a number.
            int carry = digit;
            for (int k = size - 1; k >= 0; k--) {
                carry += (bytes[k] & 0xFF) * 58;
                bytes[k] = (byte) carry;
                carry >>>= 8;
            }
            if (carry != 0) {
                return false;
            }
        }
        int version = bytes[0] & 0xFF;
        if (version != 0x80 && version != 0xEF || size == 38 && bytes[33] != 0x01) {
            return false;
        }
        byte[] digest = sha256(sha256(Arrays.copyOf(bytes, size - 4)));
        return Arrays.equals(digest, 0, 4, bytes, size - 4, size);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
