package dev.airlock.proxy.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text for the CA files: certificates as {@code CERTIFICATE}, keys as unencrypted PKCS#8 {@code PRIVATE KEY}
 * (what OpenSSL 3, Netty and most tools read). Reading names the file in every refusal.
 */
final class Pem {

    private Pem() {
    }

    static String certificate(X509Certificate certificate) throws IOException {
        return write(certificate);
    }

    static byte[] privateKey(PrivateKey key) throws IOException {
        // JcaPEMWriter given the key itself would write the traditional "EC PRIVATE KEY" form; the generator
        // gives PKCS#8.
        return write(new JcaPKCS8Generator(key, null)).getBytes(StandardCharsets.US_ASCII);
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        Object object = readObject(file, "CERTIFICATE");
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IOException(file + ": holds " + describe(object)
                    + " (expected: a PEM certificate, -----BEGIN CERTIFICATE-----)");
        }
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        Object object = readObject(file, "PRIVATE KEY");
        PrivateKeyInfo info;
        if (object instanceof PrivateKeyInfo pkcs8) {
            info = pkcs8;
        } else if (object instanceof PEMKeyPair traditional) {
            info = traditional.getPrivateKeyInfo();
        } else {
            throw new IOException(file + ": holds " + describe(object)
                    + " (expected: an unencrypted PKCS#8 PEM private key, as airlock ca init writes)");
        }
        // The JDK's "EC" KeyFactory (SunEC), not BouncyCastle's converter, which asks for an "ECDSA" factory
        // that only a registered BouncyCastle provider has.
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(file + ": " + e.getMessage()
                    + " (expected: an ECDSA P-256 private key as written by airlock)", e);
        }
    }

    private static Object readObject(Path file, String type) throws IOException {
        String text;
        try {
            // Latin-1 decodes any byte, so binary content (a DER file, say) is reported as "not PEM".
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + reason(e), e);
        }
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": malformed PEM (expected: -----BEGIN " + type + "-----)", e);
        }
        if (object == null) {
            throw new IOException(file + ": not PEM (expected: -----BEGIN " + type + "-----)");
        }
        return object;
    }

    private static String write(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String describe(Object object) {
        if (object instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
            return "a private key";
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            return "an encrypted private key";
        }
        return "a " + object.getClass().getSimpleName();
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
