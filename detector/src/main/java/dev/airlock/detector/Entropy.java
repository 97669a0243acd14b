package dev.airlock.detector;

/** Shannon entropy of a span, in bits per character, and the length-aware floors rules compare it with. */
final class Entropy {

    private Entropy() {
    }

    static double bitsPerChar(char[] text, int start, int end) {
        int n = end - start;
        if (n <= 0) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / n;
                h -= p * Math.log(p);
            }
        }
        if (other > 0) {
            double p = (double) other / n;
            h -= p * Math.log(p);
        }
        return h / Math.log(2);
    }

    /**
     * Entropy can never exceed log2(length), so a fixed floor would make every short value pass or fail
     * alike; the floor asked for is lowered to 80 % of what the length allows.
     */
    static boolean atLeast(char[] text, int start, int end, double floor) {
        if (floor <= 0) {
            return true;
        }
        int n = end - start;
        double reachable = Math.log(n) / Math.log(2);
        return bitsPerChar(text, start, end) >= Math.min(floor, 0.8 * reachable);
    }
}
