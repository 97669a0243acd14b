package dev.airlock.detector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces findings with deterministic placeholders {@code [REDACTED:<rule-id>:<tag>]}, where the tag is the
 * first 8 hex characters of HMAC-SHA256 over the secret under a per-install key. The same secret always gets
 * the same placeholder (provider prompt caches keep hitting turn after turn), a different secret a different
 * one, and nobody without the key can test a guess against a tag. Placeholders never match a rule, so
 * redacting twice changes nothing.
 */
public final class Redactor {

    /** Matches a placeholder this class writes. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}]");

    /**
     * Told of each placeholder as it is made, with the secret it stands for, so the proxy can put the secret back
     * where a model repeats the placeholder in a tool call. Called on the redacting thread; must be thread-safe.
     */
    @FunctionalInterface
    public interface Listener {
        void placeholderMade(String placeholder, CharSequence secret);
    }

    private static final Listener NONE = (placeholder, secret) -> { };

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;
    private final Listener listener;

    public Redactor(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("redaction key must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(this::newMac);
        this.listener = NONE;
    }

    private Redactor(SecretKeySpec key, Listener listener) {
        this.key = key;
        this.mac = ThreadLocal.withInitial(this::newMac);
        this.listener = listener;
    }

    /** The same install key (the same placeholders and fingerprints), telling {@code listener} of each placeholder. */
    public Redactor withListener(Listener listener) {
        return new Redactor(key, Objects.requireNonNull(listener, "listener"));
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    public String placeholder(String ruleId, CharSequence secret) {
        // Its own domain of the HMAC: a published fingerprint (audit trail, ignore file) must not give the placeholder.
        String placeholder = "[REDACTED:" + ruleId + ":" + hex("placeholder\0" + secret, 4) + "]";
        listener.placeholderMade(placeholder, secret);
        return placeholder;
    }

    /** A keyed fingerprint of a secret for audit events and ignore files: 16 hex characters, never reversible. */
    public String fingerprint(CharSequence secret) {
        return hex(secret, 8);
    }

    private String hex(CharSequence secret, int bytes) {
        byte[] digest = mac.get().doFinal(secret.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, bytes);
    }

    /** The text with each finding replaced by its placeholder; findings must be ordered and non-overlapping. */
    public String redact(CharSequence text, List<Finding> findings) {
        if (findings.isEmpty()) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length() + findings.size() * 16);
        int at = 0;
        for (Finding f : findings) {
            out.append(text, at, f.start());
            out.append(placeholder(f.ruleId(), text.subSequence(f.start(), f.end())));
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
