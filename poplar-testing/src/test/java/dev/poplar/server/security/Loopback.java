// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import dev.poplar.server.Pop3Server;
import dev.poplar.server.Pop3ServerBuilder;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import dev.poplar.testing.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What every attack test starts from: a store (alice/secret with one message, bob/"pw b"), a server on
 * 127.0.0.1 port 0, the TLS fixture of {@code src/test/resources/security} and a client context that
 * trusts exactly that certificate.
 */
final class Loopback {
    static final String MESSAGE = "Subject: one\r\n\r\nHello\r\n"; // 23 octets

    private static TlsConfig tls;
    private static SSLContext client;

    private Loopback() {}

    static InMemoryStore store() {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret").addUser("bob", "pw b");
        store.deliver("alice", MESSAGE);
        return store;
    }

    static InetSocketAddress anyPort() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** A plain listener on 127.0.0.1; the caller adds what the attack needs and starts it. */
    static Pop3ServerBuilder plain(InMemoryStore store) {
        return Pop3Server.builder().authenticator(store).maildrops(store).listen(anyPort()).shutdownGrace(Duration.ZERO);
    }

    /** A plain listener offering STLS, and an implicit-TLS listener, both on 127.0.0.1. */
    static Pop3ServerBuilder withTls(InMemoryStore store) {
        return plain(store).tls(tls()).listenTls(anyPort());
    }

    static synchronized TlsConfig tls() {
        if (tls == null) {
            try {
                tls = TlsConfig.load(resource("ec-cert.pem"), resource("ec-key-pkcs8.pem"), TlsOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tls;
    }

    /** A client context trusting only the fixture certificate. */
    static synchronized SSLContext clientContext() {
        if (client == null) {
            try (InputStream in = Loopback.class.getResourceAsStream("/security/ec-cert.pem")) {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("fixture", cert);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                client = ctx;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the client TLS context", e);
            }
        }
        return client;
    }

    static Path resource(String name) {
        URL url = Loopback.class.getResource("/security/" + name);
        if (url == null) throw new IllegalArgumentException("no fixture " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
