// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a certificate chain from a PEM file: one or more {@code CERTIFICATE} blocks, the server's own
 * certificate first, then each issuer (RFC 8446 §4.4.2: "The sender's certificate MUST come in the
 * first CertificateEntry"; each following one certifies the one before). Other blocks, such as a key
 * in a combined file, are ignored. Stateless.
 */
final class CertificatePem {
    /** Longer chains are a mistake (a whole CA bundle); real ones have two to four certificates. */
    static final int MAX_CHAIN = 10;

    private CertificatePem() {}

    static List<X509Certificate> read(Path file) throws TlsMaterialException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Pem.Block b : Pem.read(file)) {
            if (!b.label().equals("CERTIFICATE")) continue;
            if (chain.size() == MAX_CHAIN) throw new TlsMaterialException(file, "more than " + MAX_CHAIN + " certificates; is this a CA bundle?");
            try {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException | ClassCastException e) {
                throw new TlsMaterialException(file, "the CERTIFICATE block at line " + b.line() + " is not a valid X.509 certificate", e);
            }
        }
        if (chain.isEmpty()) throw new TlsMaterialException(file, "no CERTIFICATE block");
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new TlsMaterialException(file, "certificate " + (i + 2) + " (" + issuer.getSubjectX500Principal().getName()
                        + ") did not issue certificate " + (i + 1) + " (issuer " + child.getIssuerX500Principal().getName()
                        + "); list the server certificate first, then each issuer in turn");
            }
        }
        return List.copyOf(chain);
    }
}
