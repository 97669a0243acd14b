package dev.airlock.proxy.cli;

import dev.airlock.detector.Finding;
import dev.airlock.proxy.git.History;

/**
 * A finding placed in its file: 1-based line and column for people and editors, plus the keyed fingerprint
 * that names the secret without revealing it, and a masked preview that shows too little to be useful.
 *
 * @param place    the repository-portable name of the finding ({@link Place})
 * @param context  its line with every finding on it masked, for a blocked commit's report
 * @param commit   the commit that added it, for a history scan (offsets are then into the added lines, not the file,
 *                 and are not reported); null otherwise
 * @param accepted why it does not fail the scan; null when it does
 */
record Located(String file, Finding finding, int line, int column, String fingerprint, String preview, String place,
               Judge.Context context, History.Commit commit, Acceptance accepted) {

    /** Character offsets into the file are known (not for a history scan, which sees added lines only). */
    boolean hasOffsets() {
        return commit == null;
    }

    /**
     * {@code ghp_…a1B2} for long secrets (a public prefix and four characters), {@code my…(13)} for short ones. Never
     * more than a quarter of the secret is shown: at 16 characters, four and four would leave only half of it to
     * guess.
     */
    static String mask(CharSequence secret) {
        int n = secret.length();
        if (n >= 16) {
            int shown = Math.min(4, n / 8);
            return secret.subSequence(0, shown) + "…" + secret.subSequence(n - shown, n);
        }
        return secret.subSequence(0, Math.min(2, n / 4)) + "…(" + n + ")";
    }
}
