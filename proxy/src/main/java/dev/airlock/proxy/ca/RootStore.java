package dev.airlock.proxy.ca;

import dev.airlock.proxy.AirlockHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The root CA on disk: created once per install, checked every time it is loaded, replaced only by a rotation.
 * Every refusal names the file, what was found and what was expected, and never overwrites anything.
 */
final class RootStore {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");
    private static final String ROTATE = "airlock ca rotate";

    private RootStore() {
    }

    static boolean exists(CaFiles files) {
        return Files.exists(files.certificate()) || Files.exists(files.key());
    }

    static CertifiedKey loadOrCreate(CaFiles files, Clock clock) throws IOException, GeneralSecurityException {
        boolean cert = Files.exists(files.certificate());
        boolean key = Files.exists(files.key());
        if (!cert && !key) {
            return create(files, clock);
        }
        if (!cert || !key) {
            Path present = cert ? files.certificate() : files.key();
            Path missing = cert ? files.key() : files.certificate();
            throw new IOException(present + " exists but " + missing + " does not (expected: both files of the CA,"
                    + " or neither); restore the missing file, or run `" + ROTATE + "` to replace the CA");
        }
        return load(files, clock);
    }

    static CertifiedKey load(CaFiles files, Clock clock) throws IOException, GeneralSecurityException {
        checkOwnerOnly(files.key());
        X509Certificate certificate = Pem.readCertificate(files.certificate());
        CertifiedKey root = new CertifiedKey(certificate, Pem.readPrivateKey(files.key()));
        if (certificate.getBasicConstraints() < 0 || !canSignCertificates(certificate)) {
            throw new GeneralSecurityException(files.certificate() + ": not a CA certificate (expected:"
                    + " BasicConstraints CA:true and KeyUsage keyCertSign)");
        }
        if (!matches(root)) {
            throw new GeneralSecurityException(files.key() + " is not the private key of " + files.certificate()
                    + " (expected: the key the certificate was issued for); restore the pair, or run `" + ROTATE
                    + "` to replace the CA");
        }
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new GeneralSecurityException(files.certificate() + ": the CA certificate expired on "
                    + certificate.getNotAfter().toInstant() + " (expected: a valid CA); run `" + ROTATE
                    + "` and have clients trust the new certificate");
        }
        return root;
    }

    static CertifiedKey create(CaFiles files, Clock clock) throws IOException, GeneralSecurityException {
        CertifiedKey root = Minter.root(clock);
        Files.createDirectories(files.dir());
        // Key first, owner-only from its first byte; the certificate is public by nature (clients install it).
        AirlockHome.writePrivate(files.key(), Pem.privateKey(root.key()));
        writePublic(files.certificate(), Pem.certificate(root.certificate()).getBytes(StandardCharsets.US_ASCII));
        return root;
    }

    /** Keeps the current pair as {@code .old} (replacing an older one) and creates a new root. */
    static CertifiedKey rotate(CaFiles files, Clock clock) throws IOException, GeneralSecurityException {
        if (Files.exists(files.key())) {
            Files.move(files.key(), files.oldKey(), StandardCopyOption.REPLACE_EXISTING);
            if (posix(files.oldKey())) {
                Files.setPosixFilePermissions(files.oldKey(), OWNER_ONLY);
            }
        }
        if (Files.exists(files.certificate())) {
            Files.move(files.certificate(), files.oldCertificate(), StandardCopyOption.REPLACE_EXISTING);
        }
        return create(files, clock);
    }

    private static void checkOwnerOnly(Path key) throws IOException {
        if (!Files.exists(key) || !posix(key)) {
            return; // a missing key is reported by the reader; other systems have ACLs, not modes
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(key);
        Set<PosixFilePermission> shared = EnumSet.noneOf(PosixFilePermission.class);
        shared.addAll(mode);
        shared.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!shared.isEmpty()) {
            throw new IOException(key + ": mode " + PosixFilePermissions.toString(mode) + " gives other users"
                    + " access to the CA key (expected: rw-------); run chmod 600 " + key);
        }
    }

    private static boolean canSignCertificates(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || (usage.length > 5 && usage[5]);
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static boolean matches(CertifiedKey pair) {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.key());
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(pair.certificate().getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key beside an RSA certificate
        }
    }

    private static void writePublic(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        if (posix(tmp)) {
            Files.setPosixFilePermissions(tmp, PUBLIC_READ);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
