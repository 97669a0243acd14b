package dev.airlock.detector;

/**
 * How often each case-folded ASCII character pair occurs in source code and its comments (a measured table in
 * {@code pair-frequencies.txt}), used only to index each keyword under its rarest pair. Pairs outside the
 * table's 400 most common count as rare.
 */
final class CharFrequency {

    private static final int RARE = 1;
    private static final int[] PAIRS = load();

    private CharFrequency() {
    }

    /** Occurrences per 100,000 pairs of the two characters, case folded. */
    static int ofPair(char a, char b) {
        if (a >= 128 || b >= 128) {
            return RARE;
        }
        return PAIRS[(Ascii.lower(a) << 7) | Ascii.lower(b)];
    }

    private static int[] load() {
        int[] table = new int[128 * 128];
        java.util.Arrays.fill(table, RARE);
        for (String line : Resources.lines("pair-frequencies.txt")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int a = Integer.parseInt(line.substring(0, 2), 16);
            int b = Integer.parseInt(line.substring(2, 4), 16);
            table[(a << 7) | b] = Math.max(RARE, Integer.parseInt(line.substring(5).trim()));
        }
        return table;
    }
}
