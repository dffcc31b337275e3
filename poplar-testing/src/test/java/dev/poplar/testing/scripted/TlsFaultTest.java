// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import static dev.poplar.testing.scripted.DefaultBehaviourTest.twoMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STLS, its refusals and response injection (reliability-security-anchors.md 1.1.3), implicit TLS. */
class TlsFaultTest {
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void contexts() throws Exception {
        server = TestTls.server();
        client = TestTls.client();
    }

    private static Raw upgrade(Raw plain, int port) throws Exception {
        SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain.socket(), "localhost", port, true);
        tls.startHandshake();
        return new Raw(tls);
    }

    @Test
    void stlsUpgradesAndStartsAFreshAuthorizationState_rfc2595section4() throws Exception {
        try (ScriptedPop3Server srv = twoMessages().tls(server).start(); Raw c = new Raw(srv.port())) {
            c.line();
            c.cmd("CAPA");
            assertTrue(c.body().contains("\r\nSTLS\r\n"));
            c.cmd("USER alice");
            assertEquals("+OK begin TLS negotiation\r\n", c.cmd("STLS"));
            try (Raw t = upgrade(c, srv.port())) {
                t.cmd("CAPA");
                assertFalse(t.body().contains("STLS"), "not offered again inside TLS");
                assertEquals("-ERR USER first\r\n", t.cmd("PASS secret"), "the plaintext USER is forgotten");
                t.login();
                assertEquals("+OK 23 octets\r\n", t.cmd("RETR 2"));
                assertEquals("Subject: two\r\n\r\nhello\r\n.\r\n", t.body());
                assertEquals("-ERR unknown command in TRANSACTION state\r\n", t.cmd("STLS"));
            }
        }
    }

    @Test
    void withoutTlsStlsIsNeitherOfferedNorAccepted() throws Exception {
        try (ScriptedPop3Server srv = twoMessages().start(); Raw c = new Raw(srv.port())) {
            c.line();
            c.cmd("CAPA");
            assertFalse(c.body().contains("STLS"));
            assertEquals("-ERR STLS not available\r\n", c.cmd("STLS"));
        }
    }

    @Test
    void stlsAdvertisedButRefused_eastO2() throws Exception {
        try (ScriptedPop3Server srv = twoMessages().tls(server).fault(Fault.stlsRefused()).start(); Raw c = new Raw(srv.port())) {
            c.line();
            c.cmd("CAPA");
            assertTrue(c.body().contains("\r\nSTLS\r\n"));
            assertEquals("-ERR STLS not available\r\n", c.cmd("STLS"));
        }
    }

    @Test
    void stlsNotAdvertisedAndRefused_eastO1() throws Exception {
        try (ScriptedPop3Server srv = twoMessages().tls(server).fault(Fault.stlsNotAdvertised()).start(); Raw c = new Raw(srv.port())) {
            c.line();
            c.cmd("CAPA");
            assertFalse(c.body().contains("STLS"));
            assertEquals("-ERR STLS not available\r\n", c.cmd("STLS"));
        }
    }

    @Test
    void stlsReplyCarriesInjectedPlaintextInTheSameSegment_eastB1() throws Exception {
        try (ScriptedPop3Server srv = twoMessages().tls(server).fault(Fault.stlsInjection(Fault.FAKE_CAPA_AFTER_STLS)).start();
                Raw c = new Raw(srv.port())) {
            c.line();
            c.send("STLS\r\n");
            String expected = "+OK begin TLS negotiation\r\n" + Fault.FAKE_CAPA_AFTER_STLS;
            byte[] got = c.socket().getInputStream().readNBytes(expected.length());
            assertEquals(expected, new String(got, StandardCharsets.ISO_8859_1));
            try (Raw t = upgrade(c, srv.port())) {
                t.cmd("CAPA");
                assertTrue(t.body().contains("UIDL"), "the real CAPA inside TLS differs from the injected one");
            }
        }
    }

    @Test
    void implicitTlsFromTheFirstByte_rfc8314() throws Exception {
        try (ScriptedPop3Server srv = twoMessages().implicitTls(server).start();
                Raw t = new Raw(client.getSocketFactory().createSocket("localhost", srv.port()))) {
            assertEquals("+OK ScriptedPop3Server ready\r\n", t.line());
            t.cmd("CAPA");
            assertFalse(t.body().contains("STLS"));
            t.login();
            assertEquals("+OK 2 69\r\n", t.cmd("STAT"));
            assertEquals("-ERR unknown command in TRANSACTION state\r\n", t.cmd("STLS"));
        }
    }
}
