// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static dev.poplar.server.tls.Fixtures.path;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Handshakes over loopback with a JSSE client: protocol.md §6 and research §1.2 (ALPACA). */
class TlsHandshakeTest {
    private static TlsConfig ecConfig(TlsOptions options) throws IOException {
        return TlsConfig.load(path("ec-cert.pem"), path("ec-key-sec1.pem"), options);
    }

    private static SSLContext client() throws Exception {
        return Fixtures.clientTrusting("ec-cert.pem", "rsa-cert.pem");
    }

    @Test
    void tls13AndTls12Succeed_protocol6() throws Exception {
        for (String cert : List.of("ec", "rsa")) {
            TlsConfig config = TlsConfig.load(path(cert + "-cert.pem"), path(cert + "-key-pkcs8.pem"), TlsOptions.defaults());
            try (LoopbackTlsServer server = new LoopbackTlsServer(config)) {
                for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                    try (SSLSocket s = TlsClient.connect(client(), server.port(), p -> p.setProtocols(new String[] {protocol}))) {
                        assertEquals(protocol, s.getSession().getProtocol());
                        assertEquals("echo hello", TlsClient.exchange(s, "hello"));
                        assertEquals(protocol, server.next().session().getProtocol());
                    }
                }
            }
        }
    }

    @Test
    void tls12NegotiatesOnlyAeadSuitesWithForwardSecrecy_rfc9325section4_2() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()))) {
            try (SSLSocket s = TlsClient.connect(client(), server.port(), p -> p.setProtocols(new String[] {"TLSv1.2"}))) {
                assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite(), "the server's order wins");
            }
            server.next();
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> TlsClient.connect(client(), server.port(), p -> {
                p.setProtocols(new String[] {"TLSv1.2"});
                p.setCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                        "TLS_RSA_WITH_AES_128_GCM_SHA256"});
            }));
            assertNotNull(e.getMessage());
            assertNotNull(server.next().failure());
        }
    }

    @Test
    void wrappedSocketCarriesThePolicy_protocol6() throws Exception {
        TlsConfig config = ecConfig(TlsOptions.strict("mail.example.test"));
        try (var listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept();
             SSLSocket tls = config.wrap(accepted)) {
            assertTrue(client.isConnected());
            assertFalse(tls.getUseClientMode(), "server mode");
            SSLParameters p = tls.getSSLParameters();
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(p.getProtocols()));
            assertTrue(p.getUseCipherSuitesOrder());
            assertEquals(List.of("pop3"), List.of(p.getApplicationProtocols()));
            assertNull(p.getEndpointIdentificationAlgorithm());
            assertFalse(p.getNeedClientAuth() || p.getWantClientAuth());
            assertEquals(1, p.getSNIMatchers().size());
            for (String suite : p.getCipherSuites()) {
                assertTrue(suite.matches("TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)")
                        || suite.matches("TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)"), suite);
            }
            assertFalse(Arrays.stream(p.getSignatureSchemes()).anyMatch(s -> s.contains("sha1") || s.contains("md5")));
            assertFalse(tls.isClosed());
        }
    }

    @Test
    void alpnWithoutPop3IsRefused_alpaca() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()))) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> TlsClient.connect(client(), server.port(), p -> p.setApplicationProtocols(new String[] {"http/1.1"})));
            assertTrue(e.getMessage().contains("no_application_protocol"), e.getMessage());
            assertNotNull(server.next().failure());
        }
    }

    @Test
    void alpnListContainingPop3SelectsPop3_alpaca() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()))) {
            try (SSLSocket s = TlsClient.connect(client(), server.port(), p -> p.setApplicationProtocols(new String[] {"h2", "http/1.1", "pop3"}))) {
                assertEquals("pop3", s.getApplicationProtocol());
            }
            assertEquals("pop3", server.next().applicationProtocol());
        }
    }

    @Test
    void noAlpnIsServed_alpaca() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()))) {
            try (SSLSocket s = TlsClient.connect(client(), server.port(), p -> p.setApplicationProtocols(new String[0]))) {
                assertEquals("echo x", TlsClient.exchange(s, "x"));
            }
            assertEquals("", server.next().applicationProtocol());
        }
    }

    @Test
    void strictSniRefusesAnotherNameAndAcceptsNoneOrOurs_alpaca() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.strict("mail.example.test")))) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> TlsClient.connect(client(), server.port(), sni("www.example.test")));
            assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
            assertNotNull(server.next().failure());

            try (SSLSocket s = TlsClient.connect(client(), server.port(), p -> p.setServerNames(List.of()))) {
                assertEquals("echo none", TlsClient.exchange(s, "none"));
            }
            assertNull(server.next().failure());

            try (SSLSocket s = TlsClient.connect(client(), server.port(), sni("MAIL.example.TEST"))) {
                assertEquals("echo ours", TlsClient.exchange(s, "ours"));
            }
            assertNull(server.next().failure());
        }
    }

    @Test
    void strictSniWithoutNamesUsesTheCertificatesDnsNames() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.strict()))) {
            TlsClient.connect(client(), server.port(), sni("localhost")).close();
            assertNull(server.next().failure());
            assertThrows(SSLHandshakeException.class, () -> TlsClient.connect(client(), server.port(), sni("other.example.test")));
            assertNotNull(server.next().failure());
        }
    }

    @Test
    void strictSniWildcardCoversOneLabel_rfc6125section6_4_3() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.strict("*.example.test")))) {
            TlsClient.connect(client(), server.port(), sni("pop.example.test")).close();
            assertNull(server.next().failure());
            assertThrows(SSLHandshakeException.class, () -> TlsClient.connect(client(), server.port(), sni("a.b.example.test")));
            assertNotNull(server.next().failure());
        }
    }

    @Test
    void tlsServerEndPointIsSha256OfTheLeafForEcdsaSha256_rfc5929section4_1() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(Fixtures.certificate("ec-cert.pem").getEncoded());
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()))) {
            try (SSLSocket s = TlsClient.connect(client(), server.port(), p -> {})) {
                assertArrayEquals(expected, server.next().endPoint());
                // the client computes the same from the certificate it received
                assertArrayEquals(expected, ChannelBinding.tlsServerEndPoint((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]));
            }
        }
    }

    @Test
    void ed25519CertificateWorksWithoutChannelBinding_rfc5929section4_1() throws Exception {
        TlsConfig config = TlsConfig.load(path("ed25519-cert.pem"), path("ed25519-key.pem"), TlsOptions.defaults());
        try (LoopbackTlsServer server = new LoopbackTlsServer(config);
             SSLSocket s = TlsClient.connect(Fixtures.clientTrusting("ed25519-cert.pem"), server.port(), p -> {})) {
            assertEquals("echo ed", TlsClient.exchange(s, "ed"));
            LoopbackTlsServer.Outcome o = server.next();
            assertNull(o.failure());
            assertNull(o.endPoint(), "undefined for Ed25519, so no -PLUS mechanism");
        }
    }

    @Test
    void handshakeTimeoutClosesASilentClient_protocol6() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()), Duration.ofMillis(300));
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            assertClosedByServer(silent);
            assertInstanceOf(SocketTimeoutException.class, server.next().failure());
        }
    }

    @Test
    void handshakeDeadlineAlsoEndsAClientThatTrickles_protocol6() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()), Duration.ofMillis(300));
             Socket trickle = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // A TLS record header announcing a large handshake record, then one byte at a time, each
            // well inside the per-read timeout; only the total deadline can end this.
            var out = trickle.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00});
            out.flush();
            boolean closedByServer = false;
            for (int i = 0; i < 400 && !closedByServer; i++) { // bounded: 400 × 50 ms = 20 s, far beyond the deadline
                try {
                    out.write(0);
                    out.flush();
                    Thread.sleep(50);
                } catch (IOException e) {
                    closedByServer = true;
                }
            }
            assertTrue(closedByServer, "the server ended the handshake while the client was still sending");
            assertInstanceOf(SocketTimeoutException.class, server.next().failure());
            assertClosedByServer(trickle);
        }
    }

    @Test
    void handshakeFailureClosesTheSocketAndThrows() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(ecConfig(TlsOptions.defaults()));
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            plain.getOutputStream().write("USER alice\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Exception failure = server.next().failure();
            assertInstanceOf(IOException.class, failure);
            assertFalse(failure instanceof SocketTimeoutException);
            assertClosedByServer(plain);
        }
    }

    @Test
    void handshakeRestoresTheReadTimeout() throws Exception {
        TlsConfig config = ecConfig(TlsOptions.defaults());
        try (var listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread client = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = TlsClient.connect(client(), listener.getLocalPort(), p -> {})) {
                    s.getInputStream().read();
                } catch (Exception e) {
                    // ends when the server closes
                }
            });
            try (Socket accepted = listener.accept(); SSLSocket tls = config.wrap(accepted)) {
                tls.setSoTimeout(12_345);
                TlsConfig.handshake(tls, Duration.ofSeconds(20));
                assertEquals(12_345, tls.getSoTimeout());
                assertTrue(Set.of("TLSv1.3", "TLSv1.2").contains(tls.getSession().getProtocol()));
            }
            client.join(Duration.ofSeconds(30));
        }
    }

    /** The server ends the connection: at most an alert or two, then end of stream (or a reset). */
    private static void assertClosedByServer(Socket s) throws IOException {
        s.setSoTimeout(30_000); // generous bound; the server closes long before
        InputStream in = s.getInputStream();
        try {
            assertTrue(in.readNBytes(1024).length < 1024, "the server closed the connection");
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection");
        } catch (IOException reset) {
            // a reset is as good as a close
        }
    }

    private static java.util.function.Consumer<SSLParameters> sni(String name) {
        return p -> p.setServerNames(List.of(new SNIHostName(name)));
    }
}
