// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import static dev.poplar.client.FakeServer.loggedIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client against canned misbehaving replies (protocol.md §9, client-anchors §2 and §4). */
class BrokenServerTest {
    private static Pop3Client login(FakeServer server) throws IOException {
        Pop3Client c = Pop3Client.connect(server.config().allowPlaintextLogin(true).maxLineOctets(1024).build());
        c.login("alice", "pw");
        return c;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void dotUnstuffing_rfc1939_3_includingLoneDotLine() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("RETR 1")
                .send("+OK\r\nSubject: x\r\n\r\n..\r\n...\r\n..leading\r\nmid . dot\r\n.\r\n").expect("NOOP").send("+OK\r\n"));
             Pop3Client c = login(s)) {
            assertEquals("Subject: x\r\n\r\n.\r\n..\r\n.leading\r\nmid . dot\r\n", read(c.retrieve(1)));
            c.noop();
        }
    }

    @Test
    void bareLfLineEnds_protocol9_acceptedAndNormalisedToCrlf() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                p.send("+OK hi\n").expect("CAPA").send("+OK\nUSER\n.\n").expect("USER").send("+OK\n").expect("PASS")
                        .send("+OK\n").expect("CAPA").send("+OK\n.\n").expect("RETR 1").send("+OK\nA: b\n\n..x\n.\n");
            });
             Pop3Client c = login(s)) {
            assertEquals("A: b\r\n\r\n.x\r\n", read(c.retrieve(1)));
        }
    }

    @Test
    void missingFinalDot_protocol9_isIncompleteNeverWhole() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("RETR 1").send("+OK\r\nSubject: x\r\n\r\nhalf a mess"));
             Pop3Client c = login(s)) {
            InputStream body = c.retrieve(1);
            assertThrows(IncompleteMessageException.class, body::readAllBytes);
            assertThrows(IllegalStateException.class, c::noop, "the connection is unusable afterwards");
        }
    }

    @Test
    void eofAfterWholeLinesButBeforeDot_isIncomplete() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("RETR 1").send("+OK\r\nSubject: x\r\n\r\nbody\r\n"));
             Pop3Client c = login(s)) {
            InputStream body = c.retrieve(1);
            assertThrows(IncompleteMessageException.class, body::close, "closing (draining) also reports it");
        }
    }

    @Test
    void overLongLine_isBoundedTypedError() throws Exception {
        String longLine = "x".repeat(5000);
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("RETR 1").send("+OK\r\n" + longLine + "\r\n.\r\n"));
             Pop3Client c = login(s)) {
            InputStream body = c.retrieve(1);
            ProtocolException e = assertThrows(ProtocolException.class, body::readAllBytes);
            assertTrue(e.getMessage().contains("1024"), e.getMessage());
        }
    }

    @Test
    void overLongStatusLine_isTypedError() throws Exception {
        try (FakeServer s = new FakeServer(p -> p.send("+OK " + "y".repeat(3000) + "\r\n"))) {
            assertThrows(ProtocolException.class, () -> Pop3Client.connect(s.config().maxLineOctets(1024).build()));
        }
    }

    @Test
    void uidsWithSpacesKeptWhole_andDuplicatesReported_rfc1939_7() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("UIDL")
                .send("+OK\r\n1 box 1\r\n2  box 2\r\n3 dup\r\n4 dup\r\n.\r\n"));
             Pop3Client c = login(s)) {
            UidListing l = c.uidl();
            assertEquals(List.of(new UidEntry(1, "box 1"), new UidEntry(2, "box 2"), new UidEntry(3, "dup"),
                    new UidEntry(4, "dup")), l.entries());
            assertEquals(java.util.Set.of("dup"), l.duplicates());
        }
    }

    @Test
    void repeatedMessageNumberInList_isProtocolError() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("LIST").send("+OK\r\n1 10\r\n1 20\r\n.\r\n")
                .expect("NOOP").send("+OK\r\n"));
             Pop3Client c = login(s)) {
            assertThrows(ProtocolException.class, c::list);
            c.noop(); // the listing was read to its end: still in step
        }
    }

    @Test
    void topZeroAnsweredWithWholeBody_isStreamedAsSent() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p, "TOP").expect("TOP 1 0").send("+OK\r\nA: b\r\n\r\nbody\r\n.\r\n"));
             Pop3Client c = login(s)) {
            assertEquals("A: b\r\n\r\nbody\r\n", read(c.top(1, 0)));
        }
    }

    @Test
    void unreadBodyBlocksNextCommand() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("RETR 1").send("+OK\r\nA: b\r\n\r\nbody\r\n.\r\n")
                .expect("NOOP").send("+OK\r\n"));
             Pop3Client c = login(s)) {
            InputStream body = c.retrieve(1);
            assertEquals('A', body.read());
            assertThrows(IllegalStateException.class, c::noop);
            body.close();
            c.noop();
        }
    }

    @Test
    void quitOk_isCommitted() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("QUIT").send("+OK bye\r\n"))) {
            assertEquals(QuitOutcome.COMMITTED, login(s).quit());
        }
    }

    @Test
    void quitErr_isRefused() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("QUIT").send("-ERR [SYS/TEMP] commit failed\r\n"))) {
            assertEquals(QuitOutcome.REFUSED, login(s).quit());
        }
    }

    @Test
    void quitConnectionLostBeforeReply_isUnknown() throws Exception {
        try (FakeServer s = new FakeServer(p -> loggedIn(p).expect("QUIT"))) {
            assertEquals(QuitOutcome.UNKNOWN, login(s).quit());
        }
    }

    @Test
    void pipelinedBatch_retrievesInOrderAndDeletes_rfc2449_6_6() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                loggedIn(p, "PIPELINING");
                // Read commands as they come; answer each one in order.
                for (int i = 0; i < 6; i++) {
                    String cmd = p.read();
                    if (cmd.startsWith("RETR")) p.send("+OK\r\nmsg " + cmd.substring(5) + "\r\n.\r\n");
                    else p.send("+OK\r\n");
                }
            });
             Pop3Client c = Pop3Client.connect(s.config().allowPlaintextLogin(true).pipelineWindow(2).build())) {
            c.login("a", "b");
            List<String> bodies = new ArrayList<>();
            BatchResult r = c.retrieveAll(List.of(1, 2, 3), (n, in) -> bodies.add(read(in)));
            assertEquals(List.of("msg 1\r\n", "msg 2\r\n", "msg 3\r\n"), bodies);
            assertEquals(List.of(1, 2, 3), r.retrieved());
            assertEquals(List.of(1, 2, 3), r.deleted());
            assertFalse(s.received.stream().anyMatch(l -> l.startsWith("DELE 3") && s.received.indexOf(l) < s.received.indexOf("RETR 3")));
        }
    }
}
