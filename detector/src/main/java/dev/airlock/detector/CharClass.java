package dev.airlock.detector;

import java.util.BitSet;
import java.util.Map;

/**
 * An ASCII character class used by rule shapes. Named classes keep the rule pack readable; the set of
 * characters is kept so tests can generate examples from the same definition the matcher uses.
 */
final class CharClass {

    private final String name;
    private final String chars;
    /** Membership by table lookup: classes are tested in the scanner's hot paths. */
    private final boolean[] members = new boolean[128];

    private CharClass(String name, String chars) {
        this.name = name;
        this.chars = chars;
        for (char c : chars.toCharArray()) {
            members[c] = true;
        }
    }

    String name() {
        return name;
    }

    String chars() {
        return chars;
    }

    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("hex", "0123456789abcdefABCDEF"),
            Map.entry("hexl", "0123456789abcdef"),
            Map.entry("hexu", "0123456789ABCDEF"),
            Map.entry("digit", "0123456789"),
            Map.entry("lower", "abcdefghijklmnopqrstuvwxyz"),
            Map.entry("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            Map.entry("alpha", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            Map.entry("b62", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            Map.entry("b64", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            Map.entry("b64u", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
            Map.entry("b32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            Map.entry("lowernum", "abcdefghijklmnopqrstuvwxyz0123456789"),
            Map.entry("uppernum", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
            Map.entry("word", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"),
            Map.entry("word-", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
            Map.entry("b62-", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
            Map.entry("bech32", "qpzry9x8gf2tvdw0s3jn54khce6mua7l"),
            Map.entry("bech32u", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"));

    static CharClass named(String name) {
        String chars = NAMED.get(name);
        if (chars != null) {
            return new CharClass(name, chars);
        }
        if (name.startsWith("[") && name.endsWith("]") && name.length() > 2) {
            return new CharClass(name, expand(name.substring(1, name.length() - 1)));
        }
        throw new IllegalArgumentException("unknown character class '" + name + "'");
    }

    /** Expands {@code a-z0-9_~.-} style ranges; a trailing or leading '-' is literal. */
    private static String expand(String spec) {
        BitSet set = new BitSet(128);
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                set.set(c, spec.charAt(i + 2) + 1);
                i += 2;
            } else {
                set.set(c);
            }
        }
        StringBuilder sb = new StringBuilder();
        set.stream().forEach(c -> sb.append((char) c));
        return sb.toString();
    }

    boolean contains(char c) {
        return c < 128 && members[c];
    }

    /** The class as a java.util.regex character class. */
    String regex() {
        StringBuilder sb = new StringBuilder("[");
        for (char c : chars.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else {
                sb.append('\\').append(c);
            }
        }
        return sb.append(']').toString();
    }
}
