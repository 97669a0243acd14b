package dev.airlock.config;

import java.util.Objects;

/**
 * The {@code response} section: what Airlock does about credentials in the model's answers.
 *
 * @param action {@link ResponseAction#RECORD} (the default) or {@link ResponseAction#REDACT}
 */
public record ResponseConfig(ResponseAction action) {

    public static final ResponseConfig DEFAULT = new ResponseConfig(ResponseAction.RECORD);

    public ResponseConfig {
        Objects.requireNonNull(action, "action");
    }
}
