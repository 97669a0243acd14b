package dev.airlock.proxy.cli;

/** Why a finding does not fail a scan; accepted findings are still reported as such and counted, never dropped. */
enum Acceptance {
    /** An {@code airlock:allow} comment on its line. */
    INLINE("inline", "airlock:allow"),
    /** Its keyed fingerprint or its place in {@code .airlockignore} (or {@code policy.allow} of {@code --config}). */
    IGNORE_FILE("airlockignore", ".airlockignore"),
    /** Its place in the baseline given with {@code --baseline}. */
    BASELINE("baseline", "baseline");

    private final String label;
    private final String shown;

    Acceptance(String label, String shown) {
        this.label = label;
        this.shown = shown;
    }

    /** The word in JSON and SARIF output. */
    String label() {
        return label;
    }

    /** The word in text output. */
    String shown() {
        return shown;
    }
}
