package dev.airlock.proxy.ca;

import dev.airlock.proxy.AirlockHome;
import java.nio.file.Path;

/**
 * Where the install CA lives: {@code <home>/ca/airlock-ca.pem} (the root certificate clients trust) and
 * {@code <home>/ca/airlock-ca.key} (its private key, owner-only). A rotation keeps the previous pair beside them
 * with an {@code .old} suffix.
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

    /** Where {@code airlock ca rotate} keeps the replaced certificate. */
    public Path oldCertificate() {
        return dir.resolve("airlock-ca.pem.old");
    }

    /** Where {@code airlock ca rotate} keeps the replaced key (still owner-only). */
    public Path oldKey() {
        return dir.resolve("airlock-ca.key.old");
    }
}
