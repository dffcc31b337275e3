// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.client.ClientConfig;
import dev.poplar.client.Mechanism;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.QuitOutcome;
import dev.poplar.server.Pop3Server;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import dev.poplar.testing.InMemoryStore;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pop3Client over STLS and implicit TLS against the real server, with the localhost fixture certificate. */
class ClientTlsInteropTest {
    private Pop3Server server;
    private InMemoryStore store;

    static Path resource(String name) throws Exception {
        return Path.of(ClientTlsInteropTest.class.getResource("/tls/" + name).toURI());
    }

    static SSLContext trusting(String certFile) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(resource(certFile))) {
            anchors.setCertificateEntry("fixture", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private void start(String cert, String key) throws Exception {
        store = new InMemoryStore().addUser(ClientInteropTest.USER, ClientInteropTest.PASSWORD);
        for (byte[] m : ClientInteropTest.MESSAGES) store.deliver(ClientInteropTest.USER, m);
        server = Pop3Server.builder().authenticator(store).maildrops(store)
                .tls(TlsConfig.load(resource(cert), resource(key), TlsOptions.defaults()))
                .listen(new InetSocketAddress("127.0.0.1", 0)).listenTls(new InetSocketAddress("127.0.0.1", 0))
                .shutdownGrace(Duration.ofSeconds(2)).start();
    }

    private ClientConfig.Builder config(ClientConfig.Security security, String trust) throws Exception {
        return ClientConfig.builder("localhost").security(security).sslContext(trusting(trust))
                .port(security == ClientConfig.Security.IMPLICIT ? server.tlsPort() : server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void scramSha256OverStls_verifiesServerAndReadsMail_rfc7677() throws Exception {
        start("localhost-cert.pem", "localhost-key.pem");
        List<String> trace = new CopyOnWriteArrayList<>();
        try (Pop3Client c = Pop3Client.connect(config(ClientConfig.Security.STARTTLS, "localhost-cert.pem").trace(trace::add).build())) {
            assertTrue(c.isTls());
            assertFalse(c.capabilities().has("STLS"), "CAPA re-read after STLS");
            c.authenticate(Mechanism.SCRAM_SHA_256, ClientInteropTest.USER, ClientInteropTest.PASSWORD);
            try (InputStream in = c.retrieve(2)) {
                assertArrayEquals(ClientInteropTest.wire(ClientInteropTest.MESSAGES.get(1)), in.readAllBytes());
            }
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        assertFalse(String.join("\n", trace).contains("s3cret"));
    }

    @Test
    void plainOverStls_rfc4616() throws Exception {
        start("localhost-cert.pem", "localhost-key.pem");
        try (Pop3Client c = Pop3Client.connect(config(ClientConfig.Security.STARTTLS, "localhost-cert.pem").build())) {
            c.authenticate(Mechanism.PLAIN, ClientInteropTest.USER, ClientInteropTest.PASSWORD);
            assertEquals(ClientInteropTest.MESSAGES.size(), c.stat().count());
        }
    }

    @Test
    void implicitTlsWithUserPass_rfc8314() throws Exception {
        start("localhost-cert.pem", "localhost-key.pem");
        try (Pop3Client c = Pop3Client.connect(config(ClientConfig.Security.IMPLICIT, "localhost-cert.pem").build())) {
            c.login(ClientInteropTest.USER, ClientInteropTest.PASSWORD);
            assertEquals(ClientInteropTest.MESSAGES.size(), c.uidl().entries().size());
        }
    }

    @Test
    void hostNameMismatch_failsHandshake_rfc6125() throws Exception {
        start("other-cert.pem", "other-key.pem"); // trusted chain, wrong name
        assertThrows(SSLHandshakeException.class,
                () -> Pop3Client.connect(config(ClientConfig.Security.IMPLICIT, "other-cert.pem").build()));
        assertThrows(SSLHandshakeException.class,
                () -> Pop3Client.connect(config(ClientConfig.Security.STARTTLS, "other-cert.pem").build()));
    }
}
