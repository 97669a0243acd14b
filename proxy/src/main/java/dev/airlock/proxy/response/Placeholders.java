package dev.airlock.proxy.response;

/** The placeholders an answer may have restored, and the secrets behind them. */
public interface Placeholders {

    /** The secret behind {@code placeholder}, or null when it is not one this answer may restore. */
    String secretFor(String placeholder);

    /** Whether {@code text} from {@code from} on is the start (not the whole) of a placeholder it may restore. */
    boolean startsAPlaceholder(String text, int from);

    /** Nothing to restore: the answer can be relayed untouched. */
    boolean isEmpty();
}
