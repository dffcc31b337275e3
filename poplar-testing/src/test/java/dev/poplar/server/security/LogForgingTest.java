// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static dev.poplar.server.security.ScramClient.b64;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Log forging against the fail2ban-shaped login lines (protocol.md §6, research §5.2): client text in a
 * user name must not end the line, close the {@code user=<...>} field or pose as a {@code rip=} field,
 * which would let an attacker evade a ban or get a third party banned; and no secret may reach any log.
 */
@Timeout(60)
class LogForgingTest {
    private static final Pattern FIELD = Pattern.compile("rip=([^,\\s]*)");
    private LogCapture logs;

    @BeforeEach
    void capture() {
        logs = new LogCapture();
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private static void assertOneSafeFailureLine(List<String> lines) {
        assertEquals(1, lines.size(), "exactly one record per failure: " + lines);
        String line = lines.getFirst();
        assertFalse(line.contains("\r") || line.contains("\n"), "no line break: " + line);
        assertTrue(line.contains("pop3-login: Aborted login (auth failed, "), line);
        Matcher m = FIELD.matcher(line);
        assertTrue(m.find(), line);
        assertEquals("127.0.0.1", m.group(1), "the real peer: " + line);
        assertFalse(m.find(), "a single rip= field: " + line);
        int open = line.indexOf("user=<");
        int close = line.indexOf('>', open);
        assertTrue(open >= 0 && close > open && line.indexOf('<', open + 6) < 0 && line.indexOf('>', close + 1) < 0,
                "the user field is closed once, by the server: " + line);
    }

    @Test
    void userNameWithFieldSyntaxIsEscaped_protocol6() throws Exception {
        // Attack: USER x>, method=PLAIN, rip=198.51.100.7, lip=<\ (a forged field, a ban on someone else).
        String name = "x>, method=PLAIN, rip=198.51.100.7, lip=<\\\tend";
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = Client.plain(server.port())) {
            c.greeting();
            logs.clear();
            assertEquals("-ERR [AUTH] Invalid user name or password.", c.login(name, "Hunter2-pass"));
        }
        List<String> lines = logs.loginLines();
        assertOneSafeFailureLine(lines);
        String line = lines.getFirst();
        assertTrue(line.contains("user=<x\\x3e\\x2c method\\x3dPLAIN\\x2c rip\\x3d198.51.100.7\\x2c lip\\x3d\\x3c\\x5c\\x09end>"),
                "escaped, not dropped: " + line);
        assertNoSecret("Hunter2-pass");
    }

    @Test
    void saslUserNameWithLineBreaksCannotForgeASecondLine_protocol6() throws Exception {
        // Attack: AUTH PLAIN whose authcid carries raw LF and CR (base64 lets them through the command
        // line) followed by a complete fake line naming a third party's address.
        String authcid = "evil\nJul 02 13:49:31 mailhost dovecot[1]: pop3-login: Aborted login (auth failed, 1 attempts in 2 secs): "
                + "user=<y>, method=PLAIN, rip=203.0.113.5, lip=127.0.0.1\r";
        String payload = b64(("\0" + authcid + "\0Hunter2-sasl").getBytes(StandardCharsets.UTF_8));
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = Client.plain(server.port())) {
            c.greeting();
            logs.clear();
            assertEquals("-ERR [AUTH] Invalid user name or password.", c.command("AUTH PLAIN " + payload));
            assertOneSafeFailureLine(logs.loginLines());
            logs.clear();
            // The same name through LOGIN, sent as a continuation.
            c.command("AUTH LOGIN");
            c.sasl(authcid.getBytes(StandardCharsets.UTF_8));
            assertOneSafeFailureLine(logs.loginLines());
            logs.clear();
            // And as SCRAM's n= (SCRAM escapes only "," and "=").
            ScramClient scram = new ScramClient(authcid, "n,,", new byte[0]);
            assertTrue(c.command("AUTH SCRAM-SHA-256 " + scram.first()).startsWith("-ERR [AUTH]"));
            assertOneSafeFailureLine(logs.loginLines());
        }
        assertNoSecret("Hunter2-sasl");
        assertNoSecret(payload);
    }

    @Test
    void unicodeLineSeparatorsInAUserNameAreEscaped_protocol6() throws Exception {
        // Attack: NEL (U+0085) and LINE SEPARATOR (U+2028), which some log readers treat as line ends.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start(); Client c = Client.plain(server.port())) {
            c.greeting();
            logs.clear();
            c.login("a\u0085rip=203.0.113.5\u2028b", "pw");
        }
        String line = logs.loginLines().getFirst();
        assertFalse(line.contains("\u0085") || line.contains("\u2028") || line.contains("\u2029"), line);
    }

    @Test
    void noPasswordReachesAnyLoggerOnSuccessOrFailure_protocol6() throws Exception {
        // Attack: read the passwords out of the server's logs (debug level included) after logins of every kind.
        String rightPlain = b64("\0dave\0Hunter2-right".getBytes(StandardCharsets.UTF_8));
        try (Pop3Server server = Loopback.plain(Loopback.store().addUser("dave", "Hunter2-right")).start()) {
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                c.login("dave", "Hunter2-wrong");
                c.command("AUTH PLAIN " + b64("\0dave\0Hunter2-plain".getBytes(StandardCharsets.UTF_8)));
                c.command("AUTH LOGIN");
                c.sasl("dave".getBytes(StandardCharsets.UTF_8));
                c.sasl("Hunter2-login".getBytes(StandardCharsets.UTF_8));
                assertTrue(c.login("dave", "Hunter2-right").startsWith("+OK"));
                c.command("QUIT");
            }
            try (Client c = Client.plain(server.port())) {
                c.greeting();
                assertTrue(c.command("AUTH PLAIN " + rightPlain).startsWith("+OK"));
            }
        }
        assertEquals(3, logs.loginLines().stream().filter(l -> l.contains("Aborted login")).count(), logs.loginLines().toString());
        assertEquals(2, logs.loginLines().stream().filter(l -> l.contains("pop3-login: Login: user=<dave>")).count());
        for (String secret : List.of("Hunter2", rightPlain)) {
            assertNoSecret(secret);
        }
    }

    private void assertNoSecret(String secret) {
        List<String> all = logs.everything();
        assertFalse(all.isEmpty(), "the root capture works");
        for (String record : all) assertFalse(record.contains(secret), "'" + secret + "' logged: " + record);
    }
}
