// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate renewal without a restart: new handshakes get the new certificate, old sessions go on. */
class TlsReloadTest {
    @TempDir
    Path tmp;

    @Test
    void reloadServesTheNewCertificateAndKeepsEstablishedSessions() throws Exception {
        Path cert = Fixtures.copy("ec-cert.pem", tmp.resolve("cert.pem"));
        Path key = Fixtures.copy("ec-key-sec1.pem", tmp.resolve("key.pem"));
        X509Certificate first = Fixtures.certificate("ec-cert.pem");
        X509Certificate second = Fixtures.certificate("ec2-cert.pem");
        // One client context throughout, so the second connection also tries to resume the first session.
        SSLContext client = Fixtures.clientTrusting("ec-cert.pem", "ec2-cert.pem");
        TlsConfig config = TlsConfig.load(cert, key, TlsOptions.defaults());
        try (LoopbackTlsServer server = new LoopbackTlsServer(config);
             SSLSocket before = TlsClient.connect(client, server.port(), p -> {})) {
            assertEquals(first, before.getSession().getPeerCertificates()[0]);
            assertEquals("echo 1", TlsClient.exchange(before, "1"));
            server.next();

            Fixtures.copy("ec2-cert.pem", cert);
            Fixtures.copy("ec2-key-sec1.pem", key);
            config.reload();
            assertEquals(second, config.certificate());

            try (SSLSocket after = TlsClient.connect(client, server.port(), p -> {})) {
                assertEquals(second, after.getSession().getPeerCertificates()[0], "a new handshake sees the new certificate");
                assertEquals("echo 2", TlsClient.exchange(after, "2"));
            }
            assertEquals(second, server.next().session().getLocalCertificates()[0]);
            assertEquals("echo 3", TlsClient.exchange(before, "3"), "the established session keeps working");
            assertEquals(first, before.getSession().getPeerCertificates()[0]);
        }
    }

    @Test
    void failedReloadKeepsTheCurrentMaterialAndThrows() throws Exception {
        Path cert = Fixtures.copy("ec-cert.pem", tmp.resolve("cert.pem"));
        Path key = Fixtures.copy("ec-key-sec1.pem", tmp.resolve("key.pem"));
        X509Certificate first = Fixtures.certificate("ec-cert.pem");
        TlsConfig config = TlsConfig.load(cert, key, TlsOptions.defaults());

        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\ntruncated");
        TlsMaterialException e = assertThrows(TlsMaterialException.class, config::reload);
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        // Half-renewed: a new certificate with the old key.
        Fixtures.copy("ec-key-sec1.pem", key);
        Fixtures.copy("ec2-cert.pem", cert);
        assertThrows(TlsMaterialException.class, config::reload);
        assertEquals(first, config.certificate());

        try (LoopbackTlsServer server = new LoopbackTlsServer(config);
             SSLSocket s = TlsClient.connect(Fixtures.clientTrusting("ec-cert.pem"), server.port(), p -> {})) {
            assertEquals(first, s.getSession().getPeerCertificates()[0]);
            assertNull(server.next().failure());
        }
    }
}
