package dev.airlock.detector;

/** Confirms a shape match from its structure alone, without any network call. */
@FunctionalInterface
interface Validator {

    enum Verdict {
        /** The structure is confirmed (checksum right, header decodes): report with high confidence. */
        CONFIRMED,
        /** Nothing to confirm or deny: report with the rule's base confidence. */
        PLAUSIBLE,
        /** The structure is wrong: not this kind of credential. */
        REJECTED
    }

    Verdict check(char[] text, int start, int end);

    Validator NONE = (text, start, end) -> Verdict.PLAUSIBLE;
}
