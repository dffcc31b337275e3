// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.TokenVerifier;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS fixtures of src/test/resources/tls (see its README.md): two self-signed P-256 certificates,
 * one for the name every client connects to ({@link #NAME}, plus IP 127.0.0.1) and one for a name
 * no client asks for. Each certificate is also the trust anchor a client is given, so a client that
 * trusts the other certificate fails on the host name alone.
 */
final class TlsFixtures {
    /** The name clients connect to and verify; it resolves to loopback without DNS. */
    static final String NAME = "localhost";
    /** The only name {@link #OTHER} carries. */
    static final String OTHER_NAME = "other.example.test";

    /** Certificate and key files (PEM). */
    record Pair(Path cert, Path key) {
        TlsConfig load() {
            return load(TlsOptions.defaults());
        }

        TlsConfig load(TlsOptions options) {
            try {
                return TlsConfig.load(cert, key, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1. */
    static final Pair LOCALHOST = new Pair(resource("localhost-cert.pem"), resource("localhost-key.pem"));
    /** CN=other.example.test, SAN DNS:other.example.test only. */
    static final Pair OTHER = new Pair(resource("other-cert.pem"), resource("other-key.pem"));

    /** The one bearer token {@link #TOKENS} accepts, for {@link Fixtures#USER} only. */
    static final String TOKEN = "ya29.poplar-interop-test-token";

    /** OAUTHBEARER/XOAUTH2 verifier: {@link #TOKEN} for {@link Fixtures#USER}, nothing else. */
    static final TokenVerifier TOKENS = (user, token) ->
            Fixtures.USER.equals(user) && TOKEN.equals(token) ? Optional.of(new Account(Fixtures.USER)) : Optional.empty();

    private TlsFixtures() {}

    /**
     * A JSSE socket factory that trusts exactly {@code cert} (PKIX path validation against it as the
     * only anchor); no host-name check of its own, that is left to the client under test.
     */
    static SSLSocketFactory trusting(Path cert) {
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("fixture", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file from src/test/resources/tls, as a path that an external program can open. */
    static Path resource(String name) {
        try {
            var url = TlsFixtures.class.getResource("/tls/" + name);
            if (url == null) throw new IllegalStateException("missing test resource tls/" + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
