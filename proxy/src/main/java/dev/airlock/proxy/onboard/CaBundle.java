package dev.airlock.proxy.onboard;

import dev.airlock.proxy.ca.CaFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code <home>/ca/bundle.pem}: the system's public roots followed by the Airlock CA, for the variables that
 * <em>replace</em> a client's trust store ({@code SSL_CERT_FILE}, {@code REQUESTS_CA_BUNDLE}, {@code CURL_CA_BUNDLE},
 * {@code CODEX_CA_CERTIFICATE}). Pointed at the Airlock CA alone, those would break every host Airlock tunnels
 * rather than opens. The bundle is a copy: it goes stale when the CA is re-created, which {@link #inspect} notices.
 */
public final class CaBundle {

    /** Where Linux distributions (Debian, Fedora/RHEL) and macOS keep the PEM bundle of public roots. */
    public static final List<Path> SYSTEM_ROOTS = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"));

    private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

    private CaBundle() {
    }

    public static Path bundleIn(CaFiles ca) {
        return ca.dir().resolve("bundle.pem");
    }

    /** The first candidate that is a readable regular file, or null. */
    public static Path systemRoots(List<Path> candidates) {
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                return p;
            }
        }
        return null;
    }

    /** What exists on disk now, for {@link ClientSetup}. */
    public static ClientSetup.Trust inspect(CaFiles ca, List<Path> rootCandidates) {
        Path cert = ca.certificate().toAbsolutePath().normalize();
        Path bundle = bundleIn(ca).toAbsolutePath().normalize();
        Path roots = systemRoots(rootCandidates);
        boolean caExists = Files.isRegularFile(cert);
        ClientSetup.BundleState state;
        if (!Files.isRegularFile(bundle)) {
            state = ClientSetup.BundleState.MISSING;
        } else {
            state = caExists && holds(bundle, cert) ? ClientSetup.BundleState.READY : ClientSetup.BundleState.STALE;
        }
        return new ClientSetup.Trust(cert, caExists, bundle, state, roots);
    }

    private static boolean holds(Path bundle, Path cert) {
        try {
            String pem = Files.readString(cert, StandardCharsets.US_ASCII).strip();
            return !pem.isEmpty() && Files.readString(bundle, StandardCharsets.ISO_8859_1).contains(pem);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes {@code bundle} = {@code systemRoots} + {@code caCert}, replacing it in one move so a client never reads
     * half a file.
     *
     * @throws IOException when a file cannot be read or written, or {@code caCert} holds no PEM certificate
     */
    public static void write(Path systemRoots, Path caCert, Path bundle) throws IOException {
        byte[] roots = Files.readAllBytes(systemRoots);
        String ca = Files.readString(caCert, StandardCharsets.ISO_8859_1);
        if (!ca.contains(PEM_BEGIN)) {
            throw new IOException(caCert + ": not a PEM certificate (expected: " + PEM_BEGIN + ")");
        }
        Files.createDirectories(bundle.getParent());
        Path tmp = bundle.resolveSibling(bundle.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        StringBuilder tail = new StringBuilder();
        if (roots.length > 0 && roots[roots.length - 1] != '\n') {
            tail.append('\n');
        }
        tail.append("# Airlock install CA (").append(caCert.getFileName()).append(")\n").append(ca.strip()).append('\n');
        Files.write(tmp, roots);
        Files.writeString(tmp, tail, StandardCharsets.ISO_8859_1, java.nio.file.StandardOpenOption.APPEND);
        try {
            Files.move(tmp, bundle, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, bundle, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
