// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * STARTTLS attacks of the "NO STARTTLS" study (research §1.1) and the STLS rules of RFC 2595 §4 and
 * protocol.md §6, performed over loopback against a server with a plain (STLS) and an implicit-TLS
 * listener.
 */
@Timeout(60)
class StartTlsAttackTest {
    private static final String INJECTION_REFUSED = "-ERR Unexpected data after STLS, closing.";

    private static Pop3Server start() {
        return Loopback.withTls(Loopback.store()).start();
    }

    /** Sends {@code batch} in one write right after the greeting and returns the whole answer until close. */
    private static String oneWrite(Pop3Server server, String batch) throws Exception {
        try (Client c = Client.plain(server.port())) {
            c.greeting();
            c.sendRaw(batch.getBytes(StandardCharsets.US_ASCII));
            return new String(c.untilClosed(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void commandPipelinedBehindStlsIsRefusedAndTheConnectionCloses_protocol6() throws Exception {
        // Attack: a MitM appends CAPA to the victim's STLS in the same segment (CVE-2021-38084 class).
        try (Pop3Server server = start()) {
            assertEquals(INJECTION_REFUSED + "\r\n", oneWrite(server, "STLS\r\nCAPA\r\n"), "no +OK, no TLS, no CAPA answer");
            // The same with bare LF line ends, which the server also accepts as line ends.
            assertEquals(INJECTION_REFUSED + "\r\n", oneWrite(server, "STLS\nCAPA\n"));
        }
    }

    @Test
    void credentialsPipelinedBehindStlsAreNeverUsed_protocol6() throws Exception {
        // Attack: the attacker's own USER/PASS injected behind STLS, so that the victim reads the attacker's mailbox.
        try (Pop3Server server = start()) {
            assertEquals(INJECTION_REFUSED + "\r\n", oneWrite(server, "STLS\r\nUSER alice\r\nPASS secret\r\n"));
            // A partial line after STLS is data too.
            assertEquals(INJECTION_REFUSED + "\r\n", oneWrite(server, "STLS\r\nUSE"));
        }
    }

    @Test
    void plaintextSentAfterStlsOkIsNeverAnsweredAsACommand_rfc2595section4() throws Exception {
        // Attack: STLS, wait for +OK, then a plaintext CAPA before any ClientHello (split across segments).
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertEquals("+OK Begin TLS negotiation now.", c.command("STLS"));
            c.send("CAPA");
            String rest = new String(c.untilClosed(), StandardCharsets.ISO_8859_1);
            // At most a TLS alert record comes back: never a POP3 reply.
            assertFalse(rest.contains("+OK") || rest.contains("-ERR") || rest.contains("TOP") || rest.contains("USER"), rest);
        }
    }

    @Test
    void stlsAfterLoginIsRefused_rfc2595section4() throws Exception {
        // Attack: an upgrade in TRANSACTION would let pre-TLS state (the login) carry into TLS.
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertTrue(c.login("alice", "secret").startsWith("+OK"));
            assertEquals("-ERR STLS is only allowed before login.", c.command("STLS"));
            assertEquals("+OK 1 23", c.command("STAT"), "still the same plaintext session");
        }
    }

    @Test
    void secondStlsInsideTlsIsRefused_rfc2595section4() throws Exception {
        // Attack: a second STLS inside TLS (renegotiating the layer once more).
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            c.startTls();
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertFalse(c.capa().contains("STLS"));
            assertTrue(c.login("alice", "secret").startsWith("+OK"), "the TLS session goes on");
        }
        try (Pop3Server server = start(); Client c = Client.tls(server.tlsPort())) {
            c.greeting();
            assertTrue(c.command("STLS").startsWith("-ERR"), "and none on the implicit-TLS port");
        }
    }

    @Test
    void stlsWithAnArgumentIsRefused_rfc2595section4() throws Exception {
        // Attack: "STLS x" smuggling a parameter into the upgrade command.
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertEquals("-ERR Invalid command syntax.", c.command("STLS x"));
            assertEquals("-ERR Invalid command syntax.", c.command("STLS "));
            assertEquals("+OK Begin TLS negotiation now.", c.command("STLS"), "a proper STLS still works");
        }
    }

    @Test
    void stlsWithoutTlsConfiguredIsRefusedAndNotAdvertised_rfc2595section4() throws Exception {
        // Attack: a client tricked into believing an upgrade is possible where there is no TLS at all.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertFalse(c.capa().contains("STLS"));
            assertEquals("-ERR TLS is not available here.", c.command("STLS"));
            assertEquals("+OK", c.command("NOOP"), "plaintext, still open");
        }
    }

    @Test
    void userSentBeforeStlsIsForgottenAfterIt_rfc2595section4() throws Exception {
        // Attack: session fixation; USER in plaintext, then the PASS arrives inside TLS.
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertEquals("+OK Send your password.", c.command("USER alice"));
            c.startTls();
            assertEquals("-ERR Send USER first.", c.command("PASS secret"));
            List<String> capa = c.capa();
            assertFalse(capa.contains("STLS"), "only once: " + capa);
            assertTrue(capa.contains("USER"), capa.toString());
            assertTrue(c.login("alice", "secret").startsWith("+OK"));
        }
    }

    @Test
    void utf8ModeSetBeforeStlsIsForgottenAfterIt_rfc2595section4() throws Exception {
        // Attack: a mode negotiated in plaintext (UTF8, which changes how credentials are prepared) survives TLS.
        // A TAB may appear inside a command argument; SASLprep prohibits it, so only in UTF8 mode does
        // the ASCII password "se<TAB>cret" fail.
        InMemoryStore store = Loopback.store().addUser("carol", "se\tcret");
        try (Pop3Server server = Loopback.withTls(store).start()) {
            try (Client control = Client.tls(server.tlsPort())) {
                control.greeting();
                assertTrue(control.login("carol", "se\tcret").startsWith("+OK"), "control: taken as sent");
            }
            try (Client control = Client.tls(server.tlsPort())) {
                control.greeting();
                assertEquals("+OK UTF8 enabled.", control.command("UTF8"));
                assertEquals("-ERR [AUTH] Invalid user name or password.", control.login("carol", "se\tcret"),
                        "control: in UTF8 mode the password is prepared");
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertEquals("+OK UTF8 enabled.", c.command("UTF8"));
                c.startTls();
                assertTrue(c.login("carol", "se\tcret").startsWith("+OK"), "UTF8 mode was reset by STLS");
            }
        }
    }

    @Test
    void httpAsTheFirstLineInsideTlsClosesWithoutAReply_alpaca() throws Exception {
        // Attack: ALPACA via STLS; the first command inside TLS is a browser's HTTP request.
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            c.startTls();
            c.sendRaw("GET / HTTP/1.1\r\nHost: mail.example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.closedSilently(), "no byte is reflected to the browser");
        }
        try (Pop3Server server = start(); Client c = Client.tls(server.tlsPort())) {
            c.greeting();
            c.sendRaw("POST /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.closedSilently(), "the same on the implicit-TLS port");
        }
    }

    @Test
    void garbageFirstLinesExhaustTheErrorBudgetAfterThree_protocol1() throws Exception {
        // Attack: a TLS ClientHello record header, binary and script text sent to the plain port.
        byte[][] garbage = {
            {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, '\r', '\n'},
            {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 'A', 'B', 'C', '\r', '\n'},
            "<script>alert(1)</script>\r\n".getBytes(StandardCharsets.US_ASCII),
        };
        try (Pop3Server server = start(); Client c = Client.plain(server.port())) {
            c.greeting();
            c.sendRaw(garbage[0]);
            assertEquals("-ERR Invalid command syntax.", c.line());
            c.sendRaw(garbage[1]);
            assertEquals("-ERR Unknown command.", c.line());
            c.sendRaw(garbage[2]);
            assertEquals("-ERR Too many invalid commands, closing.", c.line(), "the third ends it; nothing reflected");
            assertTrue(c.closedSilently());
        }
    }
}
