package dev.airlock.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The per-install directory ({@code ~/.airlock}): it holds the key that makes placeholders and fingerprints
 * unique to this install. Files holding keys are created owner-only (0600) before any byte is written.
 */
public final class AirlockHome {

    private static final String KEY_FILE = "install.key";
    private static final int KEY_BYTES = 32;

    private final Path dir;

    public AirlockHome(Path dir) {
        this.dir = dir;
    }

    public static AirlockHome defaultHome() {
        return new AirlockHome(Path.of(System.getProperty("user.home"), ".airlock"));
    }

    public Path dir() {
        return dir;
    }

    /** The install key, created on first use. */
    public byte[] installKey() {
        Path file = dir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                byte[] key = Files.readAllBytes(file);
                if (key.length != KEY_BYTES) {
                    throw new IllegalStateException(file + " holds " + key.length + " bytes (expected: "
                            + KEY_BYTES + "); delete it to create a new install key");
                }
                return key;
            }
            Files.createDirectories(dir);
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            writePrivate(file, key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the install key in " + dir, e);
        }
    }

    /**
     * Writes {@code content} to {@code file} through a sibling created owner-only (0600 on POSIX) before any byte
     * lands in it, then moved into place, so a key is never readable by others, not even half-written.
     */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
            Files.createFile(tmp);
        }
        Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
