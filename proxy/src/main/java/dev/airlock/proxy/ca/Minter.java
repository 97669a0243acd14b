package dev.airlock.proxy.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mints the three kinds of certificate: the install's root, the name-constrained intermediate that signs leaves,
 * and the leaves themselves. Keys are ECDSA P-256 and signatures SHA256withECDSA, both from the JDK's providers, so
 * nothing needs registering in the shaded jar. Every validity starts an hour early to absorb client clock skew.
 */
final class Minter {

    static final Duration BACKDATE = Duration.ofHours(1);
    static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(365);
    /** With the backdating still within the 180 days WIRE §5 allows (Chromium rejects more than 200). */
    static final Duration LEAF_VALIDITY = Duration.ofDays(90);
    private static final int ROOT_YEARS = 10;
    private static final String ORGANIZATION = "Airlock (this install only)";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Minter() {
    }

    static CertifiedKey root(Clock clock) throws GeneralSecurityException {
        KeyPair keys = keyPair();
        X500Name name = name("Airlock CA " + shortId());
        Instant now = now(clock);
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(ROOT_YEARS).toInstant();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), name, keys.getPublic());
        add(builder, Extension.basicConstraints, true, new BasicConstraints(true));
        add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        add(builder, Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return new CertifiedKey(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /**
     * The CA that signs leaves: path length 0 and name constraints, so a leaked intermediate key can only vouch for
     * the intercepted domains, and only in memory for this run. Ends with the root, a year out at most.
     */
    static CertifiedKey intermediate(CertifiedKey root, NameConstraints constraints, Clock clock)
            throws GeneralSecurityException {
        KeyPair keys = keyPair();
        Instant now = now(clock);
        Instant notAfter = min(now.plus(INTERMEDIATE_VALIDITY), root.certificate().getNotAfter().toInstant());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.certificate(), serial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), name("Airlock intermediate " + shortId()),
                keys.getPublic());
        add(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        add(builder, Extension.nameConstraints, true, constraints);
        add(builder, Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        add(builder, Extension.authorityKeyIdentifier, false, authorityKeyId(ext, root));
        return new CertifiedKey(sign(builder, root.key()), keys.getPrivate());
    }

    /**
     * A server certificate for exactly {@code host}: the caller has checked that the host is intercepted (minting
     * directly is how tests prove the intermediate's name constraints reject everything else).
     */
    static CertifiedKey leaf(CertifiedKey issuer, String host, Clock clock) throws GeneralSecurityException {
        KeyPair keys = keyPair();
        Instant notBefore = now(clock).minus(BACKDATE);
        Instant notAfter = min(notBefore.plus(LEAF_VALIDITY), issuer.certificate().getNotAfter().toInstant());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build(), keys.getPublic());
        add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        add(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        // Clients ignore the CN; the SAN is what they match.
        add(builder, Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
        add(builder, Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        add(builder, Extension.authorityKeyIdentifier, false, authorityKeyId(ext, issuer));
        return new CertifiedKey(sign(builder, issuer.key()), keys.getPrivate());
    }

    private static ASN1Encodable authorityKeyId(JcaX509ExtensionUtils ext, CertifiedKey issuer) {
        // The key identifier alone: issuer name and serial would tie leaves to one intermediate certificate.
        return ext.createAuthorityKeyIdentifier(issuer.certificate().getPublicKey());
    }

    private static X500Name name(String commonName) {
        // Most significant first in the encoding, so tools show "CN=..., O=Airlock (this install only)".
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static void add(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical,
            ASN1Encodable value) throws GeneralSecurityException {
        try {
            builder.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode extension " + oid, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
        }
    }

    /** Positive, nonzero, 128 random bits: unpredictable serials are what RFC 5280 and the CA/B rules ask for. */
    private static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static String shortId() {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Whole seconds: X.509 times drop fractions, so validity arithmetic stays exact. */
    private static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
