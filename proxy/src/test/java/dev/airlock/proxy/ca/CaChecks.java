package dev.airlock.proxy.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Independent judges of a chain: the JDK's PKIX validator and the real {@code openssl verify}. */
final class CaChecks {

    static final String OPENSSL = "/usr/bin/openssl";

    record Verdict(int exit, String output) {
    }

    private CaChecks() {
    }

    /** PKIX validation of leaf then intermediate against {@code root} as the only anchor, revocation off. */
    static void pkixValidate(X509Certificate root, Instant at, X509Certificate... chain)
            throws GeneralSecurityException {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    /**
     * {@code openssl verify -CAfile root.pem -untrusted intermediate.pem -purpose sslserver [-verify_hostname host]
     * leaf.pem}, all written to {@code dir} first. At the real time: openssl has no clock to inject.
     */
    static Verdict opensslVerify(Path dir, X509Certificate root, X509Certificate intermediate, X509Certificate leaf,
            String hostname) throws IOException, InterruptedException {
        Path rootPem = write(dir, "root.pem", root);
        Path intermediatePem = write(dir, "intermediate.pem", intermediate);
        Path leafPem = write(dir, "leaf.pem", leaf);
        List<String> command = new ArrayList<>(List.of(OPENSSL, "verify", "-CAfile", rootPem.toString(),
                "-untrusted", intermediatePem.toString(), "-purpose", "sslserver"));
        if (hostname != null) {
            command.addAll(List.of("-verify_hostname", hostname));
        }
        command.add(leafPem.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl verify did not finish: " + output);
        }
        return new Verdict(process.exitValue(), output);
    }

    static Path write(Path dir, String name, X509Certificate certificate) throws IOException {
        return Files.writeString(dir.resolve(name), Pem.certificate(certificate), StandardCharsets.US_ASCII);
    }
}
