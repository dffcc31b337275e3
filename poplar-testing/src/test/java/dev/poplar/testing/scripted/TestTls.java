// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for the tests, JDK only: the server side from the self-signed P-256 fixture of
 * {@code src/test/resources/security} (mail.example.test, localhost, 127.0.0.1), the client side
 * trusting exactly that certificate.
 */
final class TestTls {
    private TestTls() {}

    static SSLContext server() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        byte[] der = Base64.getMimeDecoder().decode(pemBody(read("ec-key-pkcs8.pem"), "PRIVATE KEY"));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        ks.setKeyEntry("server", key, new char[0], new Certificate[] {cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    static SSLContext client() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("server", cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Certificate cert() throws Exception {
        try (InputStream in = TestTls.class.getResourceAsStream("/security/ec-cert.pem")) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = TestTls.class.getResourceAsStream("/security/" + name)) {
            if (in == null) throw new IOException("missing test resource /security/" + name);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String pemBody(String pem, String type) {
        int start = pem.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length();
        int end = pem.indexOf("-----END " + type + "-----");
        return pem.substring(start, end);
    }
}
