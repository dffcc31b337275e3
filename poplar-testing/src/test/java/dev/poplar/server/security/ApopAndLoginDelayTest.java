// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * APOP (RFC 1939 §7: off unless enabled, never a reused timestamp) and LOGIN-DELAY (RFC 2449 §6.5,
 * §8.1.2), attacked over loopback.
 */
@Timeout(60)
class ApopAndLoginDelayTest {
    private static final Pattern TIMESTAMP = Pattern.compile("^\\+OK .* (<[^<>@ ]+@[^<> ]+>)$");

    private static String timestamp(String greeting) {
        Matcher m = TIMESTAMP.matcher(greeting);
        assertTrue(m.matches(), "greeting ends with <...@...>: " + greeting);
        return m.group(1);
    }

    @Test
    void apopIsOffByDefault_rfc1939section7() throws Exception {
        // Attack: APOP (MD5 over a plaintext-equivalent secret) where the operator never enabled it.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = Client.plain(server.port())) {
            String greeting = c.greeting();
            assertEquals("+OK Poplar POP3 server ready.", greeting, "no timestamp to compute a digest over");
            String digest = UserEnumerationTest.md5Hex("<1.2@localhost>secret");
            assertEquals("-ERR Unknown command.", c.command("APOP alice " + digest));
            assertFalse(c.capa().contains("APOP"));
        }
    }

    @Test
    void apopWithTheRightDigestLogsInAndAWrongOneFails_rfc1939section7() throws Exception {
        // Attack: a digest computed over another greeting's timestamp (a replay) must fail.
        try (Pop3Server server = Loopback.plain(Loopback.store()).apop(true).start()) {
            String replayed;
            try (Client c = Client.plain(server.port())) {
                replayed = UserEnumerationTest.md5Hex(timestamp(c.greeting()) + "secret");
                assertEquals("+OK Logged in, 1 messages (23 octets).", c.command("APOP alice " + replayed));
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertEquals("-ERR [AUTH] Invalid user name or password.", c.command("APOP alice " + replayed));
            }
        }
    }

    @Test
    void twoGreetingsNeverShareATimestamp_rfc1939section7() throws Exception {
        // Attack: predictable or repeated timestamps make captured APOP digests replayable.
        try (Pop3Server server = Loopback.plain(Loopback.store()).apop(true).start()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                try (Client c = Client.plain(server.port())) {
                    assertTrue(seen.add(timestamp(c.greeting())), "timestamp reused after " + i + " greetings");
                }
            }
        }
    }

    private static Pop3Server delayed() {
        return Loopback.plain(Loopback.store()).loginDelay(Duration.ofHours(1)).start();
    }

    @Test
    void loginDelayIsAdvertisedBeforeAndAfterLogin_rfc2449section6_5() throws Exception {
        // Attack (control): a polling client must be told the delay before it gets refused.
        try (Pop3Server server = delayed(); Client c = Client.plain(server.port())) {
            c.greeting();
            assertTrue(c.capa().contains("LOGIN-DELAY 3600"));
            assertTrue(c.login("alice", "secret").startsWith("+OK"));
            assertTrue(c.capa().contains("LOGIN-DELAY 3600"));
        }
    }

    @Test
    void secondLoginWithinTheDelayIsRefusedAndClosed_rfc2449section8_1_2() throws Exception {
        // Attack: a client (or a stolen password) polling faster than the operator allows.
        try (Pop3Server server = delayed()) {
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertTrue(c.login("alice", "secret").startsWith("+OK"));
                assertTrue(c.command("QUIT").startsWith("+OK"));
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertEquals("-ERR [AUTH] Invalid user name or password.", c.login("alice", "wrong"),
                        "a wrong password learns nothing about the delay");
                String reply = c.login("alice", "secret");
                assertTrue(reply.matches("-ERR \\[LOGIN-DELAY] Logged in too recently; wait [0-9]+ seconds\\."), reply);
                assertTrue(c.closedSilently(), "then the connection closes");
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertEquals("+OK Logged in, 0 messages (0 octets).", c.login("bob", "pw b"), "another user is not affected");
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                String reply = c.command("AUTH PLAIN " + ScramClient.b64("\0alice\0secret".getBytes(StandardCharsets.US_ASCII)));
                assertTrue(reply.startsWith("-ERR [LOGIN-DELAY] "), "the delay holds for every login method: " + reply);
            }
        }
    }
}
