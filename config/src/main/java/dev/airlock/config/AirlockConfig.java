package dev.airlock.config;

/**
 * The whole configuration: plain, validated, immutable data. Built-in defaults apply to everything a file
 * leaves out, so an empty file (or none) is a working configuration.
 */
public record AirlockConfig(RulesConfig rules) {

    public static final AirlockConfig DEFAULT = new AirlockConfig(RulesConfig.DEFAULT);
}
