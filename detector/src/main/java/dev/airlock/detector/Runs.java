package dev.airlock.detector;

/**
 * What the keyword pass notices on its way through the text besides keywords: the base64-alphabet runs long
 * enough to hide an encoded secret, and whether any character is non-ASCII (only then can a normalised view
 * differ). Collecting them in the same loop saves two more passes over the text.
 */
final class Runs {

    /** Shorter runs cannot hold an encoded credential worth decoding. */
    static final int MIN_RUN = 16;

    private int[] bounds = new int[16];
    private int size;
    private boolean nonAscii;

    void add(int start, int end) {
        if (size + 2 > bounds.length) {
            bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[size++] = start;
        bounds[size++] = end;
    }

    void sawNonAscii(boolean seen) {
        nonAscii |= seen;
    }

    boolean nonAscii() {
        return nonAscii;
    }

    int count() {
        return size / 2;
    }

    int start(int i) {
        return bounds[2 * i];
    }

    int end(int i) {
        return bounds[2 * i + 1];
    }
}
