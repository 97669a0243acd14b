package dev.airlock.proxy.cli;

import java.util.Objects;

/**
 * One line of {@code airlock doctor}: what was checked, how it went and, unless it went well, what to do about it.
 * Text only, never a credential or a header value.
 *
 * @param status how it went
 * @param title  what was checked, short ("proxy port")
 * @param detail what was found, one line
 * @param fix    what to do, or null when there is nothing to do
 */
record Check(Status status, String title, String detail, String fix) {

    enum Status {
        OK("ok"),
        /** Worth a look; does not make the doctor fail. */
        WARN("warn"),
        FAIL("FAIL"),
        /** A suggestion, not a finding. */
        INFO("info"),
        /** Not run because a check it needs failed. */
        SKIP("skip");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    Check {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
    }

    static Check ok(String title, String detail) {
        return new Check(Status.OK, title, detail, null);
    }

    static Check warn(String title, String detail, String fix) {
        return new Check(Status.WARN, title, detail, fix);
    }

    static Check fail(String title, String detail, String fix) {
        return new Check(Status.FAIL, title, detail, fix);
    }

    static Check info(String title, String detail, String fix) {
        return new Check(Status.INFO, title, detail, fix);
    }

    static Check skip(String title, String why) {
        return new Check(Status.SKIP, title, "not checked: " + why, null);
    }

    boolean ok() {
        return status == Status.OK;
    }

    boolean failed() {
        return status == Status.FAIL;
    }
}
