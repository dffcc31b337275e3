// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without faults the fixture is a correct RFC 1939 server; the bytes on the wire prove it. */
class DefaultBehaviourTest {
    static final String M1 = "Subject: one\r\n\r\n.leading dot line\r\nlast line\r\n"; // 46 octets
    static final String M2 = "Subject: two\n\nhello\n"; // LF in, CRLF out: 23 octets

    static ScriptedPop3Server.Builder twoMessages() {
        return ScriptedPop3Server.builder().user("alice", "secret").message("uid-1", M1).message("uid-2", M2);
    }

    @Test
    void aWholeSessionIsFramedAndStuffed_rfc1939() throws Exception {
        try (ScriptedPop3Server server = twoMessages().start(); Raw c = new Raw(server.port())) {
            assertEquals("+OK ScriptedPop3Server ready\r\n", c.line());
            assertEquals("+OK capability list follows\r\n", c.cmd("CAPA"));
            assertEquals("TOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
                    + "IMPLEMENTATION ScriptedPop3Server\r\n.\r\n", c.body());
            assertEquals("-ERR unknown command in AUTHORIZATION state\r\n", c.cmd("STAT"));
            c.login();
            assertEquals("+OK 2 69\r\n", c.cmd("STAT"));
            assertEquals("+OK listing follows\r\n", c.cmd("LIST"));
            assertEquals("1 46\r\n2 23\r\n.\r\n", c.body());
            assertEquals("+OK 2 23\r\n", c.cmd("LIST 2"));
            assertEquals("+OK listing follows\r\n", c.cmd("UIDL"));
            assertEquals("1 uid-1\r\n2 uid-2\r\n.\r\n", c.body());
            assertEquals("+OK 1 uid-1\r\n", c.cmd("UIDL 1"));
            assertEquals("+OK 46 octets\r\n", c.cmd("RETR 1"));
            assertEquals("Subject: one\r\n\r\n..leading dot line\r\nlast line\r\n.\r\n", c.body());
            assertEquals("+OK 23 octets\r\n", c.cmd("RETR 2"));
            assertEquals("Subject: two\r\n\r\nhello\r\n.\r\n", c.body());
            assertEquals("+OK top of message follows\r\n", c.cmd("TOP 1 0"));
            assertEquals("Subject: one\r\n\r\n.\r\n", c.body());
            assertEquals("+OK top of message follows\r\n", c.cmd("TOP 1 1"));
            assertEquals("Subject: one\r\n\r\n..leading dot line\r\n.\r\n", c.body());
            assertEquals("-ERR no such message\r\n", c.cmd("RETR 3"));
            assertEquals("+OK message 1 deleted\r\n", c.cmd("DELE 1"));
            assertEquals("-ERR message 1 already deleted\r\n", c.cmd("RETR 1"));
            assertEquals("+OK 1 23\r\n", c.cmd("STAT"));
            assertEquals("+OK maildrop has 2 messages\r\n", c.cmd("RSET"));
            assertEquals("+OK message 2 deleted\r\n", c.cmd("DELE 2"));
            assertEquals("+OK\r\n", c.cmd("NOOP"));
            assertEquals(List.of("uid-1", "uid-2"), server.mailbox().uids(), "nothing committed before QUIT");
            assertEquals("+OK bye\r\n", c.cmd("QUIT"));
            assertEquals("", c.rest());
            assertEquals(List.of("uid-2"), server.mailbox().deletedUids());
            assertEquals(List.of("uid-1"), server.mailbox().uids());
            assertTrue(server.commands().contains("PASS secret"), "passwords are recorded intact for assertions");
        }
    }

    @Test
    void deletesAreNotCommittedWithoutQuit_rfc1939section6() throws Exception {
        try (ScriptedPop3Server server = twoMessages().start()) {
            try (Raw c = new Raw(server.port())) {
                c.line();
                c.login();
                assertEquals("+OK message 1 deleted\r\n", c.cmd("DELE 1"));
            }
            server.close();
            assertEquals(List.of(), server.mailbox().deleted());
            assertEquals(1, server.connections());
        }
    }

    @Test
    void wrongPasswordAndPasswordWithSpacesAreHandled() throws Exception {
        try (ScriptedPop3Server server = twoMessages().user("bob", "pw with spaces").start(); Raw c = new Raw(server.port())) {
            c.line();
            c.cmd("USER alice");
            assertEquals("-ERR [AUTH] invalid user name or password\r\n", c.cmd("PASS wrong"));
            c.cmd("USER bob");
            assertEquals("+OK bob's maildrop has 2 messages\r\n", c.cmd("PASS pw with spaces"));
            assertEquals(List.of("USER alice", "PASS wrong", "USER bob", "PASS pw with spaces"), server.commands());
        }
    }

    @Test
    void apopGreetingCarriesATimestampAndApopLogsIn_rfc1939section7() throws Exception {
        String ts = "<1896.697170952@dbc.mit.edu>";
        try (ScriptedPop3Server server = twoMessages().fault(Fault.apopGreeting(ts)).start(); Raw c = new Raw(server.port())) {
            assertEquals("+OK POP3 server ready " + ts + "\r\n", c.line());
            assertEquals("-ERR [AUTH] invalid user name or password\r\n", c.cmd("APOP alice 00000000000000000000000000000000"));
            byte[] md5 = MessageDigest.getInstance("MD5").digest((ts + "secret").getBytes(StandardCharsets.UTF_8));
            assertEquals("+OK alice's maildrop has 2 messages\r\n", c.cmd("APOP alice " + HexFormat.of().formatHex(md5)));
        }
    }

    @Test
    void messagesAddedBetweenSessionsAppearInTheNextOne() throws Exception {
        try (ScriptedPop3Server server = twoMessages().start()) {
            server.mailbox().add("uid-3", "Subject: three\r\n\r\nx\r\n");
            try (Raw c = new Raw(server.port())) {
                c.line();
                c.login();
                assertEquals("+OK 3 " + (69 + 21) + "\r\n", c.cmd("STAT"));
            }
        }
    }
}
