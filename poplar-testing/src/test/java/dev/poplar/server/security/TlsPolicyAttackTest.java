// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.NetworkSet;
import dev.poplar.server.Pop3Server;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cross-protocol and downgrade attacks on the TLS entry points: strict ALPN against ALPACA (RFC 7301,
 * research §1.2) and the plaintext-login policy of RFC 2595 §2.3 / protocol.md §6 with no trusted network.
 *
 * <p>Not here: a TLS 1.1-only client. JSSE disables TLS 1.1 in this JVM's {@code jdk.tls.disabledAlgorithms}
 * (read once per JVM), so the client could not even offer it; {@code LegacyProtocolTest} in poplar-server
 * covers it with a separate JVM.
 */
@Timeout(60)
class TlsPolicyAttackTest {
    private static final String PLAIN_IR = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));

    private static Pop3Server untrusting() {
        return Loopback.withTls(Loopback.store()).trustedNetworks(NetworkSet.NONE).start();
    }

    @Test
    void httpOnlyAlpnIsRefusedOnTheImplicitTlsPort_rfc7301section3_2() throws Exception {
        // Attack: ALPACA; a browser's HTTPS connection (ALPN http/1.1) redirected to the POP3S port.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).start()) {
            assertThrows(SSLHandshakeException.class, () -> Client.tls(server.tlsPort(), "http/1.1").close());
            assertThrows(SSLHandshakeException.class, () -> Client.tls(server.tlsPort(), "h2", "http/1.1").close());
        }
    }

    @Test
    void httpOnlyAlpnIsRefusedAfterStls_rfc7301section3_2() throws Exception {
        // Attack: the same, through STLS on the plain port.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).start(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertEquals("+OK Begin TLS negotiation now.", c.command("STLS"));
            assertThrows(SSLHandshakeException.class, () -> c.handshake("http/1.1"));
        }
    }

    @Test
    void pop3AlpnIsSelectedAndNoAlpnIsAccepted_rfc7301section3_2() throws Exception {
        // Attack (control): strictness must not lock out real clients, with or without ALPN.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).start()) {
            try (Client c = Client.tls(server.tlsPort(), "pop3")) {
                assertEquals("pop3", c.applicationProtocol());
                assertTrue(c.greeting().startsWith("+OK"));
            }
            try (Client c = Client.tls(server.tlsPort(), "h2", "http/1.1", "pop3")) {
                assertEquals("pop3", c.applicationProtocol(), "pop3 picked from a mixed list");
            }
            try (Client c = Client.tls(server.tlsPort())) {
                String selected = c.applicationProtocol();
                assertTrue(selected == null || selected.isEmpty(), "nothing negotiated: " + selected);
                assertTrue(c.greeting().startsWith("+OK"));
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                c.startTls("pop3");
                assertEquals("pop3", c.applicationProtocol());
                assertTrue(c.capa().contains("USER"));
            }
        }
    }

    @Test
    void plainConnectionFromAnUntrustedNetworkOffersNoPasswordMechanisms_rfc2595section2_3() throws Exception {
        // Attack: a passive eavesdropper waits for a password in the clear; the server must not invite one.
        try (Pop3Server server = untrusting(); Client c = Client.plain(server.port())) {
            c.greeting();
            List<String> capa = c.capa();
            assertFalse(capa.contains("USER"), capa.toString());
            assertTrue(capa.contains("SASL SCRAM-SHA-256 CRAM-MD5"), capa.toString());
            assertTrue(capa.contains("STLS"), capa.toString());
            assertEquals("-ERR [AUTH] Plaintext login is only allowed over TLS; use STLS first.", c.command("USER alice"));
            assertEquals("-ERR Send USER first.", c.command("PASS secret"), "the refused USER left nothing pending");
            assertEquals("-ERR [AUTH] Plaintext authentication is only allowed over TLS; use STLS first.",
                    c.command("AUTH PLAIN " + PLAIN_IR));
            assertEquals("-ERR [AUTH] Plaintext authentication is only allowed over TLS; use STLS first.", c.command("AUTH LOGIN"));
            assertEquals(List.of("SCRAM-SHA-256", "CRAM-MD5"), mechanisms(c), "AUTH's own listing agrees");
        }
    }

    @Test
    void afterStlsPasswordLoginIsOfferedAndWorks_rfc2595section2_3() throws Exception {
        // Attack (control): the policy must come off once the channel is encrypted, and only then.
        try (Pop3Server server = untrusting(); Client c = Client.plain(server.port())) {
            c.greeting();
            c.startTls();
            List<String> capa = c.capa();
            assertTrue(capa.contains("USER"), capa.toString());
            assertTrue(capa.contains("SASL SCRAM-SHA-256-PLUS SCRAM-SHA-256 PLAIN LOGIN CRAM-MD5"), capa.toString());
            assertTrue(c.command("AUTH PLAIN " + PLAIN_IR).startsWith("+OK Logged in"));
        }
        try (Pop3Server server = untrusting(); Client c = Client.plain(server.port())) {
            c.greeting();
            c.startTls();
            assertTrue(c.login("alice", "secret").startsWith("+OK Logged in"));
        }
    }

    @Test
    void channelBoundScramIsOfferedOnlyInsideTls_rfc5802section6() throws Exception {
        // Attack: offering -PLUS without a channel to bind would make the binding meaningless.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).start()) {
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertFalse(String.join("\n", c.capa()).contains("SCRAM-SHA-256-PLUS"));
                assertFalse(mechanisms(c).contains("SCRAM-SHA-256-PLUS"));
                assertEquals("-ERR Unsupported authentication mechanism.", c.command("AUTH SCRAM-SHA-256-PLUS"));
            }
            try (Client c = Client.tls(server.tlsPort())) {
                c.greeting();
                assertTrue(c.capa().stream().anyMatch(l -> l.startsWith("SASL SCRAM-SHA-256-PLUS ")));
                assertTrue(mechanisms(c).contains("SCRAM-SHA-256-PLUS"));
            }
        }
    }

    private static List<String> mechanisms(Client c) throws Exception {
        assertEquals("+OK Mechanisms follow.", c.command("AUTH"));
        return c.lines();
    }
}
