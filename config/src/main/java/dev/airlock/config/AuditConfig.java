package dev.airlock.config;

import java.nio.file.Path;

/** @param file JSON Lines audit trail; null writes none */
public record AuditConfig(Path file) {

    public static final AuditConfig DEFAULT = new AuditConfig(null);
}
