package dev.airlock.proxy.ca;

import dev.airlock.proxy.AirlockHome;
import java.nio.file.Path;

/**
 * Where the install CA lives: {@code <home>/ca/airlock-ca.pem} (the root certificate clients trust) and
 * {@code <home>/ca/airlock-ca.key} (its private key, owner-only).
 */
public record CaFiles(Path dir) {

    public static CaFiles in(AirlockHome home) {
        return new CaFiles(home.dir().resolve("ca"));
    }

    public Path certificate() {
        return dir.resolve("airlock-ca.pem");
    }

    public Path key() {
        return dir.resolve("airlock-ca.key");
    }
}
