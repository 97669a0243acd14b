package dev.airlock.detector;

import java.util.List;

/**
 * Finds the keywords written in other scripts than ASCII ({@code contraseña}, {@code пароль}, {@code 密码},
 * {@code パスワード}) in a text that has non-ASCII characters: they cannot be indexed by {@link KeywordIndex}'s
 * seven-bit windows, and the window's three characters are more than a Chinese word has.
 *
 * <p>Each keyword is looked for at its first non-ASCII character, its anchor. The pass skips ASCII eight characters
 * at a time, so a prompt with one typographic dash costs about an eighth of a character read per character, and a
 * text in Chinese one table load per character.
 */
final class OtherScriptWords {

    private final Keyword[] keywords;
    /** Per keyword, its anchor (lower-cased) and the anchor's offset in the keyword. */
    private final char[] anchors;
    private final int[] offsets;
    /** Per low byte of a character, whether it is the low byte of an anchor in either case. */
    private final boolean[] mayAnchor = new boolean[256];

    OtherScriptWords(List<Keyword> words) {
        keywords = words.toArray(Keyword[]::new);
        anchors = new char[keywords.length];
        offsets = new int[keywords.length];
        for (int k = 0; k < keywords.length; k++) {
            String lit = keywords[k].literal();
            int o = 0;
            while (lit.charAt(o) < 128) {
                o++;
            }
            offsets[k] = o;
            anchors[k] = Character.toLowerCase(lit.charAt(o));
            mayAnchor[anchors[k] & 0xff] = true;
            mayAnchor[Character.toUpperCase(anchors[k]) & 0xff] = true;
        }
    }

    /** Calls each keyword's rule at every occurrence, in the order of the text. */
    void scan(ScanText text, List<Finding> out) {
        if (keywords.length == 0) {
            return;
        }
        char[] c = text.chars;
        int n = text.length;
        for (int i = text.nextNonAscii(0); i < n; i = text.nextNonAscii(i + 1)) {
            char ch = c[i];
            if (!mayAnchor[ch & 0xff]) {
                continue;
            }
            char lower = Character.toLowerCase(ch);
            for (int k = 0; k < keywords.length; k++) {
                int start = i - offsets[k];
                if (anchors[k] == lower && start >= 0 && keywords[k].matchesAt(c, n, start)) {
                    text.ruleCalled();
                    keywords[k].rule().match(text, start, keywords[k], out);
                }
            }
        }
    }
}
