// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.client.Activity;
import dev.poplar.client.BatchResult;
import dev.poplar.client.ClientConfig;
import dev.poplar.client.MailboxStatus;
import dev.poplar.client.MessageSize;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.QuitOutcome;
import dev.poplar.client.UidListing;
import dev.poplar.protocol.MessageEncoder;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pop3Client against the real Poplar server over loopback (plain; loopback allows USER/PASS). */
class ClientInteropTest {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret pass";
    static final List<byte[]> MESSAGES = List.of(
            ascii("From: bob@example.org\r\nSubject: plain\r\n\r\nHello.\r\n"),
            ascii("Subject: dots\r\n\r\n.\r\n..\r\n.leading\r\nmid . dot\r\n.\r\n"),
            ascii("Subject: bare LF\n\nline one\n.\nlast"),
            ascii("Subject: lone CR\r\n\r\nbefore\rafter\r\n"),
            big());

    private InMemoryStore store;
    private Pop3Server server;

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] big() {
        StringBuilder sb = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < 20_000; i++) sb.append(i % 11 == 0 ? "." : "").append("line ").append(i).append("\r\n");
        return ascii(sb.toString());
    }

    /** RFC 1939 §3 and protocol.md §1: what RETR delivers after un-stuffing (CRLF form). */
    static byte[] wire(byte[] stored) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageEncoder.whole(out, false).copy(new ByteArrayInputStream(stored), new byte[8192]);
        return out.toByteArray();
    }

    private Pop3Client start(List<byte[]> messages) throws IOException {
        store = new InMemoryStore().addUser(USER, PASSWORD);
        for (byte[] m : messages) store.deliver(USER, m);
        server = Pop3Server.builder().authenticator(store).maildrops(store)
                .listen(new InetSocketAddress("127.0.0.1", 0)).shutdownGrace(Duration.ofSeconds(2)).start();
        return connect();
    }

    private Pop3Client connect() throws IOException {
        Pop3Client c = Pop3Client.connect(ClientConfig.builder("127.0.0.1").port(server.port()).allowPlaintextLogin(true).build());
        c.login(USER, PASSWORD);
        return c;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void loginStatListUidl_matchTheStore() throws Exception {
        try (Pop3Client c = start(MESSAGES)) {
            long total = 0;
            for (byte[] m : MESSAGES) total += wire(m).length;
            assertEquals(new MailboxStatus(MESSAGES.size(), total), c.stat());
            List<MessageSize> list = c.list();
            for (int i = 0; i < MESSAGES.size(); i++) assertEquals(new MessageSize(i + 1, wire(MESSAGES.get(i)).length), list.get(i));
            UidListing uidl = c.uidl();
            assertEquals(store.uids(USER), uidl.entries().stream().map(e -> e.uid()).toList());
            assertTrue(uidl.duplicates().isEmpty());
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
    }

    @Test
    void retrieveEveryMessage_byteExact_rfc1939_3() throws Exception {
        try (Pop3Client c = start(MESSAGES)) {
            for (int i = 0; i < MESSAGES.size(); i++) {
                try (InputStream in = c.retrieve(i + 1)) {
                    assertArrayEquals(wire(MESSAGES.get(i)), in.readAllBytes(), "message " + (i + 1));
                }
            }
            try (InputStream in = c.top(1, 0)) {
                assertArrayEquals(ascii("From: bob@example.org\r\nSubject: plain\r\n\r\n"), in.readAllBytes());
            }
        }
    }

    @Test
    void deleteThenQuit_isCommitted_rfc1939_6() throws Exception {
        try (Pop3Client c = start(MESSAGES)) {
            String first = store.uids(USER).get(0);
            c.delete(1);
            assertEquals(QuitOutcome.COMMITTED, c.quit());
            assertEquals(MESSAGES.size() - 1, store.uids(USER).size());
            assertTrue(!store.uids(USER).contains(first));
        }
    }

    @Test
    void pipelinedRetrievalOf50_inOrder_rfc2449_6_6() throws Exception {
        List<byte[]> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) fifty.add(ascii("Subject: " + i + "\r\n\r\n.body " + i + "\r\n"));
        try (Pop3Client c = start(fifty)) {
            assertTrue(c.capabilities().has("PIPELINING"));
            List<Integer> seen = new ArrayList<>();
            BatchResult r = c.retrieveAll(IntStream.rangeClosed(1, 50).boxed().toList(), (n, in) -> {
                assertArrayEquals(wire(fifty.get(n - 1)), in.readAllBytes());
                seen.add(n);
                return n % 2 == 0;
            });
            assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), seen);
            assertEquals(25, r.deleted().size());
            assertTrue(r.failures().isEmpty());
            assertEquals(QuitOutcome.COMMITTED, c.quit());
            assertEquals(25, store.uids(USER).size());
        }
    }

    @Test
    void sleepWakeWithNewMail_isActivityNew_protocol7() throws Exception {
        try (Pop3Client c = start(MESSAGES)) {
            c.sleep();
            assertEquals(Activity.NONE, c.wake());
            c.sleep();
            store.deliver(USER, ascii("Subject: new\r\n\r\nnew\r\n"));
            assertEquals(Activity.NEW, c.wake());
            assertEquals(MESSAGES.size() + 1, c.stat().count());
        }
    }

    @Test
    void deliDeletesNow_andUidRetrieval_protocol7() throws Exception {
        try (Pop3Client c = start(MESSAGES)) {
            List<String> uids = store.uids(USER);
            try (InputStream in = c.retrieve(uids.get(1))) {
                assertArrayEquals(wire(MESSAGES.get(1)), in.readAllBytes());
            }
            c.deleteNow(uids.get(0));
            assertEquals(MESSAGES.size() - 1, store.uids(USER).size(), "DELI is immediate");
            Pop3Exception e = assertThrows(Pop3Exception.class, () -> c.retrieve("no-such-uid"));
            assertEquals(ResponseCode.UID_NOT_FOUND, e.code());
            c.close(); // no QUIT: DELI needs none
            assertEquals(MESSAGES.size() - 1, store.uids(USER).size());
        }
    }

    @Test
    void qautCommitsAndReturnsToAuthorization() throws Exception {
        try (Pop3Client c = start(MESSAGES)) {
            c.delete(1);
            assertEquals(QuitOutcome.COMMITTED, c.logoutKeepConnection());
            c.login(USER, PASSWORD);
            assertEquals(MESSAGES.size() - 1, c.stat().count());
        }
    }
}
