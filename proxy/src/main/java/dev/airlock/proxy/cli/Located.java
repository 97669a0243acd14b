package dev.airlock.proxy.cli;

import dev.airlock.detector.Finding;

/**
 * A finding placed in its file: 1-based line and column for people and editors, plus the keyed fingerprint
 * that names the secret without revealing it, and a masked preview that shows too little to be useful.
 */
record Located(String file, Finding finding, int line, int column, String fingerprint, String preview) {

    static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    /**
     * {@code ghp_…a1B2} for long secrets (a public prefix and four characters), {@code my…(13)} for short
     * ones, where four characters would be a large part of the secret.
     */
    static String mask(CharSequence secret) {
        int n = secret.length();
        if (n >= 16) {
            return secret.subSequence(0, 4) + "…" + secret.subSequence(n - 4, n);
        }
        return secret.subSequence(0, Math.min(2, n / 4)) + "…(" + n + ")";
    }
}
