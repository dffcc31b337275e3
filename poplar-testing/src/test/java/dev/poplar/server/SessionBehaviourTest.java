// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import static dev.poplar.server.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.testing.InMemoryConnection;
import dev.poplar.testing.InMemoryStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server behaviour that a transcript cannot express: concurrency, failures, timing, transport. */
@Timeout(30)
class SessionBehaviourTest {

    @Test
    void mailArrivingAfterLoginIsNotNumberedUntilTheNextSession_protocol2() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            store.deliver("alice", "Subject: late\r\n\r\nx\r\n");
            send(out, "STAT");
            assertEquals("+OK 3 99", readLine(in));
            send(out, "LIST 4");
            assertEquals("-ERR No such message.", readLine(in));
            send(out, "QUIT");
            readLine(in);
        }
    }

    @Test
    void messageRemovedByAnotherProgramAnswersACleanErr_issue2() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            store.remove("alice", "m2");
            send(out, "RETR 2");
            assertEquals("-ERR That message was removed by another session.", readLine(in));
            send(out, "RETR 1");
            assertEquals("+OK 23 octets", readLine(in));
            readMultiLine(in);
        }
    }

    @Test
    void quitRemovesAllFlaggedMessagesBeforeItsReply_rfc1939section6() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            send(out, "DELE 1");
            readLine(in);
            send(out, "DELE 3");
            readLine(in);
            send(out, "QUIT");
            assertEquals("+OK Poplar POP3 server signing off (2 messages deleted).", readLine(in));
            assertEquals(List.of("m2"), store.uids("alice"), "gone by the time +OK arrives");
        }
    }

    @Test
    void failedCommitAnswersSysTempAndRemovesNothing_protocol2() throws Exception {
        InMemoryStore store = store();
        store.failCommits(true);
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            send(out, "DELE 1");
            readLine(in);
            send(out, "QUIT");
            assertEquals("-ERR [SYS/TEMP] Could not remove the deleted messages; none were removed.", readLine(in));
            assertNull(readLine(in), "then the connection closes");
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
    }

    @Test
    void aDroppedConnectionRemovesNothing_rfc1939section6() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store)) {
            InMemoryConnection c = InMemoryConnection.open(server);
            readLine(c.in());
            login(c.in(), c.out(), "alice", "secret");
            send(c.out(), "DELE 1");
            assertTrue(readLine(c.in()).startsWith("+OK"));
            c.close();
            assertTrue(c.awaitEnd(10_000), "session ends after the drop");
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
    }

    @Test
    void idleTimeoutClosesSilentlyAndRemovesNothing_rfc1939section3() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .idleTimeout(Duration.ofMillis(300)).start(); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            send(out, "DELE 1");
            readLine(in);
            assertNull(readLine(in), "closed without a response");
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
    }

    @Test
    void twoSessionsDeletingTheSameMessageBothSucceed_protocol8snapshot() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Socket a = connect(server); Socket b = connect(server)) {
            for (Socket s : List.of(a, b)) {
                readLine(s.getInputStream());
                login(s.getInputStream(), s.getOutputStream(), "alice", "secret");
                send(s.getOutputStream(), "DELE 2");
                readLine(s.getInputStream());
            }
            for (Socket s : List.of(a, b)) {
                send(s.getOutputStream(), "QUIT");
                assertTrue(readLine(s.getInputStream()).startsWith("+OK"));
            }
        }
        assertEquals(List.of("m1", "m3"), store.uids("alice"));
    }

    @Test
    void aPipelinedBatchIsAnsweredWithOneWrite_protocol1() {
        InMemoryStore store = store();
        byte[] batch = "USER alice\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\nNOOP\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int[] writes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes[0]++;
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes[0]++;
                sink.write(b, off, len);
            }
        };
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).build()) {
            InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 110);
            server.serve(new ByteArrayInputStream(batch), counting, () -> {}, local, local);
        }
        String wire = sink.toString(StandardCharsets.US_ASCII);
        assertTrue(wire.endsWith("signing off (0 messages deleted).\r\n"), wire);
        assertEquals(2, writes[0], "one write for the greeting, one for the whole batch");
    }

    @Test
    void aLineOverTheCapGetsOneErrThenClose_protocol1() throws Exception {
        try (Pop3Server server = server(store()); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            readLine(in);
            s.getOutputStream().write(("USER " + "x".repeat(9000) + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("-ERR Line too long.", readLine(in));
            assertNull(readLine(in));
        }
    }

    @Test
    void plaintextLoginIsRefusedFromNonLoopbackAddresses_rfc2595section2_3() {
        InMemoryStore store = store();
        byte[] script = "CAPA\r\nUSER alice\r\nPASS secret\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).build()) {
            // Only an address object: no packet is sent anywhere.
            InetSocketAddress remote = new InetSocketAddress("192.0.2.7", 50000);
            InetSocketAddress local = new InetSocketAddress("192.0.2.1", 110);
            server.serve(new ByteArrayInputStream(script), out, () -> {}, remote, local);
        }
        String wire = out.toString(StandardCharsets.US_ASCII);
        assertFalse(wire.contains("\r\nUSER\r\n"), "CAPA omits USER: " + wire);
        assertTrue(wire.contains("\r\nSASL SCRAM-SHA-256 CRAM-MD5\r\n"), "only mechanisms without a clear password: " + wire);
        assertTrue(wire.contains("-ERR [AUTH] Plaintext login is only allowed over TLS; use STLS first."), wire);
        assertTrue(wire.contains("-ERR Send USER first."), wire);
        assertFalse(wire.contains("Logged in"), wire);
    }

    @Test
    void aStoreFaultNeverPutsExceptionTextOnTheWire_design5() throws Exception {
        InMemoryStore store = store();
        dev.poplar.server.spi.MaildropProvider broken = account -> new dev.poplar.server.spi.Maildrop() {
            @Override
            public List<dev.poplar.server.spi.MessageInfo> list() {
                throw new IllegalStateException("SECRET-PATH /var/mail/alice");
            }

            @Override
            public InputStream open(dev.poplar.server.spi.MessageInfo m) {
                throw new IllegalStateException("SECRET");
            }

            @Override
            public void delete(java.util.Collection<dev.poplar.server.spi.MessageInfo> m) {}

            @Override
            public void close() {}
        };
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(broken).start();
             Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            readLine(in);
            send(s.getOutputStream(), "USER alice");
            readLine(in);
            send(s.getOutputStream(), "PASS secret");
            String reply = readLine(in);
            assertEquals("-ERR [SYS/TEMP] Cannot open the maildrop now, please try again later.", reply);
        }
    }

    @Test
    void anInvalidStoreUidIsNeverSent_protocol3() throws Exception {
        InMemoryStore store = store();
        dev.poplar.server.spi.MaildropProvider badIds = account -> new dev.poplar.server.spi.Maildrop() {
            @Override
            public List<dev.poplar.server.spi.MessageInfo> list() {
                return List.of(new dev.poplar.server.spi.MessageInfo("ok-id", 3),
                        new dev.poplar.server.spi.MessageInfo("has space", 3));
            }

            @Override
            public InputStream open(dev.poplar.server.spi.MessageInfo m) {
                return new ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void delete(java.util.Collection<dev.poplar.server.spi.MessageInfo> m) {}

            @Override
            public void close() {}
        };
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(badIds).start();
             Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            readLine(in);
            login(in, s.getOutputStream(), "alice", "secret");
            send(s.getOutputStream(), "UIDL 1");
            assertEquals("+OK 1 ok-id", readLine(in));
            send(s.getOutputStream(), "UIDL 2");
            assertEquals("-ERR [SYS/PERM] This maildrop has a message the server cannot identify.", readLine(in));
            send(s.getOutputStream(), "UIDL");
            assertEquals("-ERR [SYS/PERM] This maildrop has a message the server cannot identify.", readLine(in));
        }
    }

    @Test
    void shutdownClosesOpenSessionsWithoutCommitting_issue2() throws Exception {
        InMemoryStore store = store();
        Pop3Server server = server(store);
        try (Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            readLine(in);
            login(in, s.getOutputStream(), "alice", "secret");
            send(s.getOutputStream(), "DELE 1");
            readLine(in);
            server.shutdown(Duration.ZERO);
            assertNull(readLine(in), "the session was closed");
            assertEquals(0, server.activeConnections());
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
        // (Not asserting that the port now refuses connections: the OS may give the freed port to another
        // program at once, so such a check would be a race.)
    }

    @Test
    void shutdownLetsASessionFinishWithinTheGracePeriod_issue2() throws Exception {
        InMemoryStore store = store();
        Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).shutdownGrace(Duration.ofSeconds(20)).start();
        try (Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            readLine(in);
            login(in, s.getOutputStream(), "alice", "secret");
            send(s.getOutputStream(), "DELE 1");
            readLine(in);
            Thread closer = Thread.ofVirtual().start(server::close);
            // The session is still served while the server drains.
            send(s.getOutputStream(), "QUIT");
            assertTrue(readLine(in).startsWith("+OK"));
            closer.join(Duration.ofSeconds(20));
            assertFalse(closer.isAlive());
        }
        assertEquals(List.of("m2", "m3"), store.uids("alice"));
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedLikeAnIdleOne_rfc1939section3() throws Exception {
        InMemoryStore store = store();
        byte[] big = new byte[48 * 1024 * 1024]; // far more than loopback socket buffers hold
        java.util.Arrays.fill(big, (byte) 'a');
        for (int i = 100; i < big.length; i += 100) big[i] = '\n';
        store.deliver("alice", big);
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .idleTimeout(Duration.ofMillis(300)).start(); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            readLine(in);
            login(in, s.getOutputStream(), "alice", "secret");
            send(s.getOutputStream(), "DELE 1");
            readLine(in);
            send(s.getOutputStream(), "RETR 4");
            // Never read the reply: the server's write blocks, and the reaper must close the session.
            for (int i = 0; i < 600 && server.activeConnections() > 0; i++) Thread.sleep(50);
            assertEquals(0, server.activeConnections(), "the stalled session was closed");
        }
        assertEquals(List.of("m1", "m2", "m3", "m4"), store.uids("alice"), "and nothing was deleted");
    }
}
