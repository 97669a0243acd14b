package dev.airlock.detector.testing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Credential-shaped strings generated at test time for every module's tests, so none is ever committed:
 * shared through the detector's test jar.
 */
public final class Credentials {

    public static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Every credential handed out in this JVM, so a suite can check none of them ever surfaced in its output. */
    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    private Credentials() {
    }

    /** A fresh 32-byte redaction key, different on every run. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public static String random(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** {@code prefix} + 30 random base62 characters + their CRC32 in 6 base62 digits (GitHub, npm). */
    public static String checksummedToken(Random r, String prefix) {
        String body = random(r, BASE62, 30);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return issued(prefix + body + base62(crc.getValue(), 6));
    }

    /** Records a credential a test built itself, so the suite-wide checks look for it too; returns it. */
    public static String issued(String credential) {
        ISSUED.add(credential);
        return credential;
    }

    /** Every credential issued so far in this JVM. */
    public static Set<String> issued() {
        return Set.copyOf(ISSUED);
    }

    /** A GitHub classic personal access token with a valid checksum. */
    public static String githubToken(Random r) {
        return checksummedToken(r, "ghp" + "_");
    }

    /** The value of a password assignment such as {@code DB_PASSWORD=<this>}. */
    public static String password(Random r) {
        return issued("Summer" + random(r, "0123456789", 4) + "!" + random(r, BASE62, 3));
    }

    /** A PEM private key block around random bytes. */
    public static String pemPrivateKey(Random r) {
        byte[] body = new byte[600];
        r.nextBytes(body);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body);
        String label = "PRIVATE" + " KEY";
        issued(b64.substring(0, Math.min(64, b64.length())));
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    public static String base62(long value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
