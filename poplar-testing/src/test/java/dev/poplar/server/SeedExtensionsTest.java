// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import static dev.poplar.server.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.testing.InMemoryStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed extensions over loopback, in the combinations issue 4 names (protocol.md §7, §8). */
@Timeout(30)
class SeedExtensionsTest {

    /** One logged-in client; reads status lines and multi-line bodies. */
    private record Client(Socket socket, InputStream in, OutputStream out) implements AutoCloseable {
        static Client login(Pop3Server server, String user, String password) throws Exception {
            Socket s = connect(server);
            Client c = new Client(s, s.getInputStream(), s.getOutputStream());
            readLine(c.in);
            Fixture.login(c.in, c.out, user, password);
            return c;
        }

        String cmd(String line) throws Exception {
            send(out, line);
            return readLine(in);
        }

        List<String> lines() throws Exception {
            return readMultiLine(in);
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    @Test
    void mailDeliveredWhileSleepingIsNewAtWake_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Client c = Client.login(server, "alice", "secret")) {
            assertEquals("+OK Deleted 0 messages. Sleeping.", c.cmd("SLEE"));
            String uid = store.deliver("alice", "Subject: while asleep\r\n\r\nhi\r\n");
            assertEquals("+OK [ACTIVITY/NEW] New messages since the last session.", c.cmd("WAKE"));
            assertEquals("+OK 4 " + (99 + 29), c.cmd("STAT"));
            assertEquals("+OK 4 " + uid, c.cmd("UIDL 4"), "numbers are reassigned at WAKE");
        }
    }

    @Test
    void mailDeletedByAnotherSessionWhileSleepingIsNoActivity_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Client c = Client.login(server, "alice", "secret")) {
            c.cmd("SLEE");
            try (Client other = Client.login(server, "alice", "secret")) {
                other.cmd("DELE 2");
                assertTrue(other.cmd("QUIT").startsWith("+OK"));
            }
            assertEquals("+OK [ACTIVITY/NONE] No new messages.", c.cmd("WAKE"), "removals are not activity");
            assertEquals("+OK 2 62", c.cmd("STAT"));
        }
    }

    @Test
    void deleBeforeSleeIsCommittedBySleeAndQuitWhileAsleepRemovesNothingMore_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Client c = Client.login(server, "alice", "secret")) {
            c.cmd("DELE 1");
            c.cmd("DELE 3");
            assertEquals("+OK Deleted 2 messages. Sleeping.", c.cmd("SLEE"));
            assertEquals(List.of("m2"), store.uids("alice"), "committed before +OK");
            assertEquals("+OK Poplar POP3 server signing off.", c.cmd("QUIT"));
        }
        assertEquals(List.of("m2"), store.uids("alice"));
    }

    @Test
    void deliThenRsetThenQuitDeletesOnceAndCountsNothing_protocol7() throws Exception {
        InMemoryStore store = store();
        AtomicInteger removals = new AtomicInteger();
        MaildropProvider counting = account -> new CountingMaildrop(store.open(account), removals);
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(counting).start();
             Client c = Client.login(server, "alice", "secret")) {
            assertEquals("+OK Message deleted.", c.cmd("DELI UID:m2"));
            assertEquals(List.of("m1", "m3"), store.uids("alice"), "durable before +OK");
            c.cmd("RSET");
            assertEquals("-ERR That message is flagged for deletion.", c.cmd("RETR 2"), "RSET does not bring it back");
            assertEquals("+OK Poplar POP3 server signing off (0 messages deleted).", c.cmd("QUIT"));
        }
        assertEquals(1, removals.get(), "the store was asked to remove it once");
    }

    @Test
    void aMessageThatArrivedAfterLoginIsReachableByUidAsMessageZero_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Client c = Client.login(server, "alice", "secret")) {
            String uid = store.deliver("alice", "Subject: late\r\n\r\nx\r\n");
            assertEquals("+OK 0 20", c.cmd("LIST UID:" + uid));
            assertEquals("+OK 0 " + uid, c.cmd("UIDL UID:" + uid));
            assertEquals("+OK 20 octets", c.cmd("RETR UID:" + uid));
            c.lines();
            assertEquals("+OK 3 99", c.cmd("STAT"), "not numbered until a new session");
            assertEquals("+OK Message flagged for deletion.", c.cmd("DELE UID:" + uid));
            assertEquals("-ERR That message is flagged for deletion.", c.cmd("RETR UID:" + uid));
            assertEquals("+OK Poplar POP3 server signing off (1 messages deleted).", c.cmd("QUIT"));
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
    }

    @Test
    void withoutUidLookupALateIdIsNotFound_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).uidLookup(false).start();
             Client c = Client.login(server, "alice", "secret")) {
            String uid = store.deliver("alice", "Subject: late\r\n\r\nx\r\n");
            assertEquals("-ERR [UID/NOT-FOUND] No message has that unique-id.", c.cmd("RETR UID:" + uid));
        }
    }

    @Test
    void exclusivePolicyRefusesASecondSessionAndSleeReleasesTheLock_protocol8() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .lockPolicy(LockPolicy.EXCLUSIVE).start();
             Client first = Client.login(server, "alice", "secret");
             Socket s = connect(server)) {
            readLine(s.getInputStream());
            send(s.getOutputStream(), "USER alice");
            readLine(s.getInputStream());
            send(s.getOutputStream(), "PASS secret");
            assertEquals("-ERR [IN-USE] The maildrop is in use by another session.", readLine(s.getInputStream()));
            assertEquals("+OK Deleted 0 messages. Sleeping.", first.cmd("SLEE"));
            try (Client second = Client.login(server, "alice", "secret")) {
                assertEquals("-ERR [IN-USE] The maildrop is in use by another session.", first.cmd("WAKE"), "still asleep");
                assertEquals("+OK", first.cmd("NOOP"));
                second.cmd("QUIT");
            }
            assertTrue(first.cmd("WAKE").startsWith("+OK [ACTIVITY/NONE]"));
            try (Client bob = Client.login(server, "bob", "pw b")) {
                assertTrue(bob.cmd("STAT").startsWith("+OK"), "locks are per account");
            }
        }
    }

    @Test
    void aSilentLockHolderGivesWayToANewLoginOfTheSameUser_protocol8() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .lockPolicy(LockPolicy.EXCLUSIVE).lockTakeover(Duration.ZERO).start();
             Client dead = Client.login(server, "alice", "secret")) {
            dead.cmd("DELE 1");
            try (Client fresh = Client.login(server, "alice", "secret")) {
                assertEquals("+OK 3 99", fresh.cmd("STAT"), "the silent session's DELE was not committed");
            }
            assertNull(readLine(dead.in()), "the silent session was closed");
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
    }

    @Test
    void multiLineIndicatorMarksEveryMultiLineReplyAndNoSingleOne_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).multiLineIndicator(true).start();
             Client c = Client.login(server, "alice", "secret")) {
            assertEquals("+OK Capability list follows. _", c.cmd("CAPA"));
            assertTrue(c.lines().contains("MULTI-LINE-IND"));
            assertEquals("+OK 3 messages (99 octets) _", c.cmd("LIST"));
            c.lines();
            assertEquals("+OK 23 octets _", c.cmd("RETR 1"));
            c.lines();
            for (String single : List.of("STAT", "LIST 1", "UIDL 1", "NOOP", "DELE 2", "RSET", "XYZZY")) {
                assertFalse(c.cmd(single).endsWith(" _"), single);
            }
        }
        try (Pop3Server server = server(store); Client c = Client.login(server, "alice", "secret")) {
            assertEquals("+OK Capability list follows.", c.cmd("CAPA"), "off by default");
            assertFalse(c.lines().contains("MULTI-LINE-IND"));
        }
    }

    @Test
    void capaVersionTokenIsInTheGreetingAndChangesWithTheList_seedKeepYourCapa() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).capaVersion(true).start();
             Socket s = connect(server)) {
            String greeting = readLine(s.getInputStream());
            send(s.getOutputStream(), "CAPA");
            readLine(s.getInputStream());
            String before = readMultiLine(s.getInputStream()).stream().filter(l -> l.startsWith("CAPA-VERSION ")).findFirst().orElseThrow();
            String token = before.substring("CAPA-VERSION ".length());
            assertTrue(greeting.contains(" " + token + "."), greeting + " / " + token);
            login(s.getInputStream(), s.getOutputStream(), "alice", "secret");
            send(s.getOutputStream(), "CAPA");
            readLine(s.getInputStream());
            String after = readMultiLine(s.getInputStream()).stream().filter(l -> l.startsWith("CAPA-VERSION ")).findFirst().orElseThrow();
            assertNotEquals(before, after, "the list after login differs, so does its token");
        }
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            assertEquals("+OK Poplar POP3 server ready.", readLine(s.getInputStream()), "off by default");
        }
    }

    @Test
    void aSleepingSessionHasItsOwnInactivityTimer_protocol2() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .sleepTimeout(Duration.ofMillis(200)).start();
             Client c = Client.login(server, "alice", "secret")) {
            c.cmd("DELE 1");
            assertEquals("+OK Deleted 1 messages. Sleeping.", c.cmd("SLEE"));
            assertNull(readLine(c.in()), "closed by the SLEEP timer");
        }
        assertEquals(List.of("m2", "m3"), store.uids("alice"));
    }

    /** Counts how often the store is asked to remove messages. */
    private record CountingMaildrop(Maildrop inner, AtomicInteger removals) implements Maildrop {
        @Override
        public List<MessageInfo> list() throws dev.poplar.server.spi.StoreException {
            return inner.list();
        }

        @Override
        public InputStream open(MessageInfo m) throws dev.poplar.server.spi.StoreException {
            return inner.open(m);
        }

        @Override
        public void delete(Collection<MessageInfo> messages) throws dev.poplar.server.spi.StoreException {
            removals.addAndGet(messages.size());
            inner.delete(messages);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
