package dev.airlock.proxy.git;

/** Git could not do what was asked; the message is for the user (git's own first line of complaint, or why). */
public final class GitException extends Exception {

    public GitException(String message) {
        super(message);
    }
}
