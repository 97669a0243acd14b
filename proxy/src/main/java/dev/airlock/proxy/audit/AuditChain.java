package dev.airlock.proxy.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links each audit line to the one before it: {@code prev} is an HMAC-SHA256 of the previous line's exact bytes
 * under a key derived from the install key. A plain hash would let whoever can edit the file recompute every link
 * after an edit; with a keyed link that takes the install key too. The first line of a trail links to
 * {@link #GENESIS}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    private static final byte[] LABEL = "airlock audit chain v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    public AuditChain(byte[] installKey) {
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(installKey, "HmacSHA256"), LABEL), "HmacSHA256");
    }

    /** The {@code prev} value of the line that follows {@code line} (its bytes without the newline). */
    public String link(byte[] line) {
        return HexFormat.of().formatHex(hmac(key, line));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
