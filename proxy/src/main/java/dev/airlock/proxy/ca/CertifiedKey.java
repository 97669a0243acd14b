package dev.airlock.proxy.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and the private key of its subject: the root, the intermediate or a leaf. */
record CertifiedKey(X509Certificate certificate, PrivateKey key) {
}
