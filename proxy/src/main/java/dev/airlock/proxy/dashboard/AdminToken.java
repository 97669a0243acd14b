package dev.airlock.proxy.dashboard;

import dev.airlock.config.HostPort;
import dev.airlock.proxy.AirlockHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The token the dashboard and its API ask for when the admin port is reachable from other machines: 32 random bytes,
 * base64url, kept in {@code <home>/admin.token} (owner-only) so that a bookmarked dashboard URL survives restarts.
 * Delete the file to issue a new one. {@link #toString()} never shows it.
 */
public final class AdminToken {

    static final String FILE = "admin.token";
    private static final int BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    /**
     * The token an admin port at {@code admin} needs, from (or created in) {@code home}; null on a loopback address,
     * which only this machine can reach. A host name that does not resolve counts as not loopback: the start fails
     * on it later anyway, and a token is never the weaker choice.
     */
    public static AdminToken forAdmin(HostPort admin, Path home) throws IOException {
        return loopback(admin) ? null : loadOrCreate(home.resolve(FILE));
    }

    static boolean loopback(HostPort admin) {
        try {
            return InetAddress.getByName(admin.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static AdminToken loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!WELL_FORMED.matcher(kept).matches()) {
                throw new IOException(file + " does not hold an admin token (expected: 43 base64url characters); "
                        + "delete it to create a new one");
            }
            return new AdminToken(kept);
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        AirlockHome.writePrivate(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
        return new AdminToken(value);
    }

    /** A token with this value. */
    static AdminToken of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an empty admin token");
        }
        return new AdminToken(value);
    }

    /** The value, for the URL the start-up banner prints. */
    public String value() {
        return value;
    }

    /** Constant-time in the content: how much of a guess is right cannot be timed. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[…]";
    }
}
