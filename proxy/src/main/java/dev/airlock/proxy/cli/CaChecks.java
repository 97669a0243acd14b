package dev.airlock.proxy.cli;

import dev.airlock.config.HostPort;
import dev.airlock.proxy.ca.CaFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The install CA on disk and the one the running Airlock serves: both only read, never created or changed (the
 * doctor reports; {@code serve} creates the CA on its first run).
 */
final class CaChecks {

    static final String TITLE = "CA files";
    static final String SERVED_TITLE = "CA in use";
    /** Less than this left on the root is worth a warning: every client must be given the new one. */
    static final Duration SOON = Duration.ofDays(30);
    private static final String ROTATE = "airlock ca rotate";

    private final CaFiles files;
    private final String serveHint;
    private X509Certificate certificate;

    /** @param serveHint the {@code airlock serve …} command matching the doctor's own options */
    CaChecks(CaFiles files, String serveHint) {
        this.files = files;
        this.serveHint = serveHint;
    }

    /** The certificate on disk once {@link #files} found it readable, else null. */
    X509Certificate certificate() {
        return certificate;
    }

    /** The root certificate parses, is a CA and is valid at {@code now}; the key exists and is owner-only. */
    Check files(Instant now) {
        Path cert = files.certificate().toAbsolutePath();
        Path key = files.key().toAbsolutePath();
        if (!Files.exists(cert)) {
            return Check.fail(TITLE, "no CA certificate at " + cert, Files.exists(key)
                    ? "restore " + cert.getFileName() + " beside its key, or run `" + ROTATE + "` to replace the CA"
                    : "start Airlock once to create it (" + serveHint + "), or pass --home with the install directory"
                    + " Airlock uses");
        }
        X509Certificate parsed;
        try {
            parsed = read(Files.readAllBytes(cert));
        } catch (IOException e) {
            return Check.fail(TITLE, "cannot read " + cert + ": " + AirlockCommand.describe(e),
                    "run airlock doctor as the user that runs airlock serve");
        } catch (GeneralSecurityException e) {
            return Check.fail(TITLE, cert + " is not a PEM certificate (" + e.getMessage() + ")",
                    "restore it, or run `" + ROTATE + "` to replace the CA");
        }
        if (parsed.getBasicConstraints() < 0 || !signsCertificates(parsed)) {
            return Check.fail(TITLE, cert + " is not a CA certificate (expected: BasicConstraints CA:true and"
                    + " KeyUsage keyCertSign)", "restore the Airlock CA, or run `" + ROTATE + "` to replace it");
        }
        Instant notAfter = parsed.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Check.fail(TITLE, cert + " expired on " + notAfter,
                    "run `" + ROTATE + "` and have clients trust the new certificate");
        }
        if (now.isBefore(parsed.getNotBefore().toInstant())) {
            return Check.fail(TITLE, cert + " is valid only from " + parsed.getNotBefore().toInstant(),
                    "check the system clock");
        }
        certificate = parsed;
        Check keyProblem = key(key);
        if (keyProblem != null) {
            return keyProblem;
        }
        String what = cert + " (" + parsed.getSubjectX500Principal().getName() + ", valid until " + notAfter
                + "), key owner-only";
        if (now.plus(SOON).isAfter(notAfter)) {
            return Check.warn(TITLE, what + "; expires in " + Duration.between(now, notAfter).toDays() + " days",
                    "run `" + ROTATE + "` soon and have clients trust the new certificate");
        }
        return Check.ok(TITLE, what);
    }

    /** Null when the key is fine. */
    private Check key(Path key) {
        if (!Files.exists(key)) {
            return Check.fail(TITLE, "the CA key " + key + " is missing",
                    "restore it, or run `" + ROTATE + "` to replace the CA");
        }
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> mode;
            try {
                mode = Files.getPosixFilePermissions(key);
            } catch (IOException e) {
                return Check.fail(TITLE, "cannot read the mode of " + key + ": " + AirlockCommand.describe(e),
                        "run airlock doctor as the user that runs airlock serve");
            }
            Set<PosixFilePermission> others = EnumSet.noneOf(PosixFilePermission.class);
            others.addAll(mode);
            others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            if (!others.isEmpty() || !mode.contains(PosixFilePermission.OWNER_READ)) {
                return Check.fail(TITLE, "the CA key " + key + " has mode " + PosixFilePermissions.toString(mode)
                        + " (expected: rw-------, readable by its owner only)", "chmod 600 " + key);
            }
        }
        if (!Files.isReadable(key)) {
            return Check.fail(TITLE, "cannot read the CA key " + key + ": permission denied",
                    "run airlock doctor as the user that runs airlock serve");
        }
        return null;
    }

    /** The certificate the admin port serves at {@code /ca.pem} is the one on disk. */
    Check served(HostPort admin, Deadline deadline) {
        X509Certificate onDisk = certificate;
        if (onDisk == null) {
            return Check.skip(SERVED_TITLE, "the CA certificate on disk is not usable");
        }
        HttpProbe.Answer answer;
        try {
            answer = HttpProbe.get(admin, "/ca.pem", deadline);
        } catch (IOException e) {
            return Check.fail(SERVED_TITLE, "GET http://" + admin + "/ca.pem: " + HttpProbe.describe(e, deadline),
                    "check that the admin port answers (see above)");
        }
        if (answer.status() != 200) {
            return Check.fail(SERVED_TITLE, "GET http://" + admin + "/ca.pem answered " + answer.status()
                    + " (expected: 200 and the CA certificate)", "check that admin: names the running Airlock's admin port");
        }
        X509Certificate served;
        try {
            served = read(answer.body());
        } catch (GeneralSecurityException e) {
            return Check.fail(SERVED_TITLE, "http://" + admin + "/ca.pem is not a PEM certificate",
                    "check that admin: names the running Airlock's admin port");
        }
        Path cert = files.certificate().toAbsolutePath();
        if (!served.equals(onDisk)) {
            return Check.fail(SERVED_TITLE, "the running Airlock serves another CA (" + served.getSubjectX500Principal().getName()
                    + ") than " + cert, "the running Airlock uses another home; restart it or pass --home: either restart it"
                    + " with `" + serveHint + "`, or run the doctor with --home set to the directory it runs from");
        }
        return Check.ok(SERVED_TITLE, "the running Airlock serves " + cert + " at http://" + admin + "/ca.pem");
    }

    /** Parses one PEM (or DER) certificate with the JDK's own X.509 factory. */
    static X509Certificate read(byte[] bytes) throws GeneralSecurityException {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e); // reading memory does not fail
        }
    }

    private static boolean signsCertificates(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || (usage.length > 5 && usage[5]);
    }
}
