// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed and hostile AUTH exchanges (RFC 5034 §4, protocol.md §1 and §6): each must end in a fixed
 * {@code -ERR} and leave the session usable (or closed, for an oversized line), never half-logged-in.
 */
@Timeout(60)
class SaslEdgeCaseTest {
    private static final String AUTH_FAILED = "-ERR [AUTH] Invalid user name or password.";

    private static Client open(Pop3Server server) throws Exception {
        Client c = Client.plain(server.port());
        c.greeting();
        return c;
    }

    @Test
    void badBase64InitialResponseIsRefused_rfc5034section4() throws Exception {
        // Attack: undecodable initial responses, which a lax decoder might half-accept.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals("-ERR Invalid command syntax.", c.command("AUTH PLAIN !!!"));
            assertEquals("-ERR Invalid command syntax.", c.command("AUTH PLAIN AGFsaWNlAHNlY3JldA"), "padding missing");
            assertTrue(c.login("alice", "secret").startsWith("+OK"), "the session is still usable");
        }
    }

    @Test
    void badBase64ContinuationFailsTheExchange_rfc5034section4() throws Exception {
        // Attack: a continuation that is not base64 (or has characters past the padding).
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals("+ ", c.command("AUTH PLAIN"));
            assertEquals("-ERR Invalid base64 in the response; authentication failed.", c.command("!!!!"));
            assertEquals("+ ", c.command("AUTH PLAIN"));
            assertEquals("-ERR Invalid base64 in the response; authentication failed.", c.command("AGFsaWNlAHNlY3JldA==AAAA"));
            assertTrue(c.login("alice", "secret").startsWith("+OK"), "back in AUTHORIZATION");
        }
    }

    @Test
    void emptyInitialResponseIsAnEmptyMessageNotAPrompt_rfc5034section4() throws Exception {
        // Attack: "=" (an empty initial response) must not be taken as "no initial response" or as a success.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals(AUTH_FAILED, c.command("AUTH PLAIN ="));
            assertEquals(AUTH_FAILED, c.command("AUTH SCRAM-SHA-256 ="));
            assertTrue(c.login("alice", "secret").startsWith("+OK"));
        }
    }

    @Test
    void cancelReturnsToAuthorization_rfc5034section4() throws Exception {
        // Attack: a cancelled exchange that leaves state behind (a half-authenticated user).
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals("+ ", c.command("AUTH PLAIN"));
            assertEquals("-ERR Authentication cancelled.", c.command("*"));
            assertEquals("-ERR Log in first.", c.command("STAT"), "not logged in");
            ScramClient scram = new ScramClient("alice", "n,,", new byte[0]);
            assertEquals("+ ", c.command("AUTH SCRAM-SHA-256"));
            scram.readServerFirst(c.command(scram.first()));
            assertEquals("-ERR Authentication cancelled.", c.command("*"), "cancel after server-first");
            assertTrue(c.login("alice", "secret").startsWith("+OK"), "USER/PASS works after cancelling");
        }
    }

    @Test
    void unknownMechanismIsRefused_rfc5034section4() throws Exception {
        // Attack: probing for mechanisms the server does not offer, or with odd names.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals("-ERR Unsupported authentication mechanism.", c.command("AUTH GSSAPI"));
            assertEquals("-ERR Unsupported authentication mechanism.", c.command("AUTH OAUTHBEARER"), "no token verifier");
            assertEquals("-ERR Invalid command syntax.", c.command("AUTH PL@IN"));
            assertTrue(c.login("alice", "secret").startsWith("+OK"));
        }
    }

    @Test
    void authAloneListsTheUsableMechanisms_rfc1734() throws Exception {
        // Attack (control): the listing must say no more than CAPA does.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals("+OK Mechanisms follow.", c.command("AUTH"));
            assertEquals(List.of("SCRAM-SHA-256", "PLAIN", "LOGIN", "CRAM-MD5"), c.lines());
            assertTrue(c.capa().contains("SASL SCRAM-SHA-256 PLAIN LOGIN CRAM-MD5"));
        }
    }

    @Test
    void continuationLineOverTheCapGetsOneErrThenClose_protocol1() throws Exception {
        // Attack: an oversized SASL response to make the server buffer without bound.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server)) {
            assertEquals("+ ", c.command("AUTH PLAIN"));
            c.sendRaw(("A".repeat(9000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("-ERR Line too long.", c.line());
            assertTrue(c.closedSilently());
        }
    }
}
