// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JSSE client that trusts only the given certificate files, as a mail client told to trust a
 * self-signed certificate would. With a host name, it sends it as SNI and checks the certificate
 * against it (RFC 6125, "HTTPS" rules); without, it checks the chain only. Each instance has its own
 * SSLContext, so nothing is resumed from another instance's sessions. Immutable.
 */
final class TlsClient {
    private final SSLContext context;
    private final String host;

    private TlsClient(SSLContext context, String host) {
        this.context = context;
        this.host = host;
    }

    /** Trusts {@code certificates}; checks that the server's certificate names {@code host} (null: no name check). */
    static TlsClient trusting(String host, Path... certificates) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) trust.setCertificateEntry("cert" + i, certificate(certificates[i]));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return new TlsClient(ctx, host);
    }

    /** Layers TLS over a connected socket and completes the handshake; closing the result closes {@code plain}. */
    SSLSocket handshake(Socket plain, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host != null ? host : "127.0.0.1", port, true);
        s.setUseClientMode(true);
        s.setSoTimeout(30_000);
        if (host != null) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
        }
        s.startHandshake();
        return s;
    }

    static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The certificate the server presented in {@code session}. */
    static X509Certificate peer(SSLSession session) throws IOException {
        return (X509Certificate) session.getPeerCertificates()[0];
    }

    /** SHA-256 in the colon-separated form {@code poplar cert} and {@code openssl x509 -fingerprint} print. */
    static String fingerprint(X509Certificate c) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }
}
