// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import static dev.poplar.testing.scripted.DefaultBehaviourTest.twoMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Faults in message transfer (client-anchors.md section 2 and 4): each checked byte for byte. */
class TransferFaultTest {

    @Test
    void cutRetrClosesAfterKBytesWithoutTheFinalDot_dropMidRetr() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.cutRetr(1, 20)).start(); Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            assertEquals("+OK 23 octets\r\n", c.cmd("RETR 2"), "other messages are whole");
            c.body();
            assertEquals("+OK 46 octets\r\n", c.cmd("RETR 1"));
            assertEquals("Subject: one\r\n\r\n..le", c.rest(), "exactly 20 body octets, then EOF");
        }
    }

    @Test
    void noFinalDotSendsTheWholeBodyThenCloses() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.noFinalDot(2)).start(); Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("RETR 2");
            assertEquals("Subject: two\r\n\r\nhello\r\n", c.rest());
        }
    }

    @Test
    void stallRetrSendsKBytesThenNothing_wholeMessageTimeout() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.stallRetr(1, 5)).start(); Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("RETR 1");
            assertEquals("Subje", new String(c.socket().getInputStream().readNBytes(5), "ISO-8859-1"));
            assertTrue(c.silentFor(200));
            c.send("NOOP\r\n");
            assertTrue(c.silentFor(200), "still stalled");
        }
    }

    @Test
    void noDotStuffingLetsALoneDotEndTheReplyEarly_greenmail476() throws Exception {
        String msg = "Subject: s\r\n\r\nbefore\r\n.\r\nafter\r\n.x\r\n";
        try (ScriptedPop3Server server = ScriptedPop3Server.builder().message("u", msg).fault(Fault.noDotStuffing()).start();
                Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("RETR 1");
            assertEquals("Subject: s\r\n\r\nbefore\r\n.\r\n", c.body(), "the client sees the end here");
            assertEquals("after\r\n.x\r\n.\r\n", c.body(), "and the rest looks like a reply");
        }
    }

    @Test
    void bareLfEverywhere_nodePop3issue26() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.bareLf()).start(); Raw c = new Raw(server.port())) {
            assertEquals("+OK ScriptedPop3Server ready\n", c.line());
            c.login();
            assertEquals("+OK listing follows\n", c.cmd("UIDL"));
            assertEquals("1 uid-1\n2 uid-2\n.\n", c.until(".\n"));
            assertEquals("+OK 46 octets\n", c.cmd("RETR 1"), "the size stays the RFC size (CRLF)");
            assertEquals("Subject: one\n\n..leading dot line\nlast line\n.\n", c.until(".\n"));
        }
    }

    @Test
    void longLineInABodyAndInAReply_labLongLine() throws Exception {
        try (ScriptedPop3Server server = twoMessages()
                .fault(Fault.longBodyLine(2, 100_000), Fault.longReply("STAT", 100_000)).start();
                Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            String stat = c.cmd("STAT");
            assertEquals(100_002, stat.length());
            assertTrue(stat.startsWith("+OK 2 100071 xxx") && stat.endsWith("x\r\n"), stat.substring(0, 20));
            c.cmd("RETR 2");
            assertEquals("Subject: two\r\n\r\n" + "x".repeat(100_000) + "\r\nhello\r\n.\r\n", c.body());
            assertEquals("+OK listing follows\r\n", c.cmd("LIST"), "only the named verb is padded");
            assertEquals("1 46\r\n2 100025\r\n.\r\n", c.body());
        }
    }

    @Test
    void topReturnsTheWholeMessage_stalwart3165() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.topWholeMessage()).start(); Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("TOP 1 0");
            assertEquals("Subject: one\r\n\r\n..leading dot line\r\nlast line\r\n.\r\n", c.body());
        }
    }

    @Test
    void topTruncatedEndsCleanlyBeforeTheMessageEnds_comcastMaillennium() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.topTruncated(20)).start(); Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("TOP 1 99999999");
            assertEquals("Subject: one\r\n\r\n.\r\n", c.body(), "only whole lines within 20 octets");
        }
    }
}
