// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static dev.poplar.server.security.ScramClient.b64;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.TokenVerifier;
import dev.poplar.server.tls.ChannelBinding;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whole SASL exchanges over loopback with clients written from the RFCs (RFC 4616, LOGIN, RFC 2195,
 * RFC 5802/7677, RFC 5929, RFC 7628, XOAUTH2), and the attacks on them that must fail: a channel
 * binding to another certificate, a stripped -PLUS, a bad bearer token.
 */
@Timeout(60)
class SaslExchangeTest {
    private static final String AUTH_FAILED = "-ERR [AUTH] Invalid user name or password.";
    /** alice's only token; anything else is refused. */
    private static final TokenVerifier TOKENS = (user, token) ->
            token.equals("good-token") && (user.isEmpty() || user.equals("alice")) ? Optional.of(new Account("alice")) : Optional.empty();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Client open(int port) throws Exception {
        Client c = Client.plain(port);
        c.greeting();
        return c;
    }

    @Test
    void plainWithInitialResponseAndWithContinuationLogsIn_rfc4616() throws Exception {
        // Attack (control): the honest PLAIN exchanges both work; a wrong authzid does not.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start()) {
            try (Client c = open(server.port())) {
                assertEquals("+OK Logged in, 1 messages (23 octets).", c.command("AUTH PLAIN " + b64(bytes("\0alice\0secret"))));
            }
            try (Client c = open(server.port())) {
                assertEquals("+ ", c.command("AUTH PLAIN"));
                assertTrue(c.sasl(bytes("alice\0alice\0secret")).startsWith("+OK Logged in"));
            }
            try (Client c = open(server.port())) {
                assertEquals(AUTH_FAILED, c.command("AUTH PLAIN " + b64(bytes("bob\0alice\0secret"))), "no proxy authorization");
            }
        }
    }

    @Test
    void loginMechanismLogsIn_draftMurchisonSaslLogin() throws Exception {
        // Attack (control): LOGIN prompts, then a wrong password fails like every other failure.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start()) {
            try (Client c = open(server.port())) {
                assertEquals("+ " + b64(bytes("Username:")), c.command("AUTH LOGIN"));
                assertEquals("+ " + b64(bytes("Password:")), c.sasl(bytes("alice")));
                assertTrue(c.sasl(bytes("secret")).startsWith("+OK Logged in"));
            }
            try (Client c = open(server.port())) {
                c.command("AUTH LOGIN");
                c.sasl(bytes("alice"));
                assertEquals(AUTH_FAILED, c.sasl(bytes("guess")));
            }
        }
    }

    @Test
    void cramMd5LogsInWithTheHmacOfTheChallenge_rfc2195() throws Exception {
        // Attack: replaying a digest for another challenge must fail; a fresh one must work.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start()) {
            String replayed;
            try (Client c = open(server.port())) {
                String challenge = c.command("AUTH CRAM-MD5");
                assertTrue(new String(java.util.Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.US_ASCII)
                        .matches("<[0-9]+\\.[0-9]+@localhost>"), challenge);
                replayed = ScramClient.cramMd5(challenge, "alice", "secret");
                assertTrue(c.command(replayed).startsWith("+OK Logged in"));
            }
            try (Client c = open(server.port())) {
                c.command("AUTH CRAM-MD5");
                assertEquals(AUTH_FAILED, c.command(replayed), "a captured response is useless on a new challenge");
            }
        }
    }

    @Test
    void scramSha256LogsInAndProvesTheServerKnowsTheKey_rfc5802section5() throws Exception {
        // Attack (control): a full SCRAM exchange; the server's signature is checked by the client too.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = open(server.port())) {
            ScramClient scram = new ScramClient("alice", "n,,", new byte[0]);
            assertEquals("+ ", c.command("AUTH SCRAM-SHA-256"));
            scram.readServerFirst(c.command(scram.first()));
            assertEquals(4096, scram.iterations());
            String serverFinal = c.command(scram.finalMessage("secret"));
            assertTrue(scram.serverFinalIsValid(serverFinal), serverFinal);
            assertTrue(c.command("").startsWith("+OK Logged in"));
        }
    }

    @Test
    void scramSha256PlusBindsTheServerCertificate_rfc5929section4() throws Exception {
        // Attack: a MitM terminating TLS with its own certificate; the client's binding then names that
        // certificate, and the server must refuse. Control: the real certificate's binding logs in.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).start()) {
            try (Client c = Client.tls(server.tlsPort())) {
                c.greeting();
                byte[] cb = ChannelBinding.tlsServerEndPoint((X509Certificate) c.session().getPeerCertificates()[0]);
                ScramClient scram = new ScramClient("alice", "p=tls-server-end-point,,", cb);
                scram.readServerFirst(c.command("AUTH SCRAM-SHA-256-PLUS " + scram.first()));
                String serverFinal = c.command(scram.finalMessage("secret"));
                assertTrue(scram.serverFinalIsValid(serverFinal), serverFinal);
                assertTrue(c.command("").startsWith("+OK Logged in"));
            }
            try (Client c = Client.tls(server.tlsPort())) {
                c.greeting();
                byte[] mitm = new byte[32]; // the hash of some other certificate
                ScramClient scram = new ScramClient("alice", "p=tls-server-end-point,,", mitm);
                scram.readServerFirst(c.command("AUTH SCRAM-SHA-256-PLUS " + scram.first()));
                assertEquals(AUTH_FAILED, c.command(scram.finalMessage("secret")));
            }
        }
    }

    @Test
    void scramWithoutPlusIsRefusedWhenTheClientSaysPlusWasStripped_rfc5802section6() throws Exception {
        // Attack: a MitM removes -PLUS from CAPA; the client says "y" (I could bind, you seemed not to),
        // and the server, which does offer -PLUS here, must detect the downgrade.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).start()) {
            try (Client c = Client.tls(server.tlsPort())) {
                c.greeting();
                ScramClient scram = new ScramClient("alice", "y,,", new byte[0]);
                assertEquals(AUTH_FAILED, c.command("AUTH SCRAM-SHA-256 " + scram.first()), "refused at client-first");
            }
            try (Client c = open(server.port())) {
                ScramClient scram = new ScramClient("alice", "y,,", new byte[0]);
                scram.readServerFirst(c.command("AUTH SCRAM-SHA-256 " + scram.first()));
                String serverFinal = c.command(scram.finalMessage("secret"));
                assertTrue(scram.serverFinalIsValid(serverFinal), "control: without TLS there is nothing to strip");
                assertTrue(c.command("").startsWith("+OK Logged in"));
            }
        }
    }

    @Test
    void oauthBearerLogsInAndABadTokenGetsTheJsonErrorChallenge_rfc7628section3_2() throws Exception {
        // Attack: a stolen-looking (invalid) bearer token; the reply names nothing about it.
        try (Pop3Server server = Loopback.plain(Loopback.store()).tokenVerifier(TOKENS).start()) {
            try (Client c = open(server.port())) {
                String ir = b64(bytes("n,a=alice,\u0001auth=Bearer good-token\u0001\u0001"));
                assertTrue(c.command("AUTH OAUTHBEARER " + ir).startsWith("+OK Logged in"));
            }
            try (Client c = open(server.port())) {
                String ir = b64(bytes("n,a=alice,\u0001auth=Bearer forged-token\u0001\u0001"));
                assertEquals("+ " + b64(bytes("{\"status\":\"invalid_token\"}")), c.command("AUTH OAUTHBEARER " + ir));
                assertEquals(AUTH_FAILED, c.sasl(new byte[] {1}), "RFC 7628 §3.2.3: the dummy answer, then failure");
                assertTrue(c.login("alice", "secret").startsWith("+OK"), "back in AUTHORIZATION");
            }
            try (Client c = open(server.port())) {
                assertEquals("+ ", c.command("AUTH OAUTHBEARER"));
                String token = c.sasl(bytes("n,a=bob,\u0001auth=Bearer good-token\u0001\u0001"));
                assertTrue(token.startsWith("+ "), "alice's token does not open bob's mailbox: " + token);
                assertEquals(AUTH_FAILED, c.sasl(new byte[] {1}));
            }
        }
    }

    @Test
    void xoauth2LogsInAndABadTokenGetsTheJsonErrorChallenge_xoauth2() throws Exception {
        // Attack: the same against Google's XOAUTH2.
        try (Pop3Server server = Loopback.plain(Loopback.store()).tokenVerifier(TOKENS).start()) {
            try (Client c = open(server.port())) {
                String ir = b64(bytes("user=alice\u0001auth=Bearer good-token\u0001\u0001"));
                assertTrue(c.command("AUTH XOAUTH2 " + ir).startsWith("+OK Logged in"));
            }
            try (Client c = open(server.port())) {
                String ir = b64(bytes("user=alice\u0001auth=Bearer forged-token\u0001\u0001"));
                assertEquals("+ " + b64(bytes("{\"status\":\"401\",\"schemes\":\"bearer\"}")), c.command("AUTH XOAUTH2 " + ir));
                assertEquals(AUTH_FAILED, c.command(""), "the empty answer, then failure");
            }
        }
    }
}
