// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.client.Activity;
import dev.poplar.client.ClientConfig;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.SleepingPool;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.LockPolicy;
import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5: the pool of sleeping connections (SLEE/WAKE, protocol.md §7) against the real Poplar server. */
@Timeout(60)
class SleepingPoolTest {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret pass";

    private InMemoryStore store;
    private Pop3Server server;
    private SleepingPool.Account account;
    private final List<SleepingPool.Discard> discards = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        store = new InMemoryStore().addUser(USER, PASSWORD).addUser("bob", "bob pass");
        store.deliver(USER, "Subject: one\r\n\r\nfirst\r\n");
        store.deliver(USER, "Subject: two\r\n\r\nsecond\r\n");
        server = Pop3Server.builder().authenticator(store).maildrops(store)
                .listen(new InetSocketAddress("127.0.0.1", 0)).shutdownGrace(Duration.ofSeconds(2)).start();
        account = new SleepingPool.Account("127.0.0.1", server.port(), USER);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Pop3Client connect(String user, String password) throws IOException {
        Pop3Client c = Pop3Client.connect(ClientConfig.builder("127.0.0.1").port(server.port()).allowPlaintextLogin(true).build());
        c.login(user, password);
        return c;
    }

    @Test
    void mailDeliveredWhileSleeping_nextBorrowWakesWithNew() throws Exception {
        try (SleepingPool pool = new SleepingPool(4, discards::add)) {
            assertTrue(pool.borrow(account).isEmpty());
            assertTrue(pool.release(account, connect(USER, PASSWORD)));
            assertEquals(1, pool.size());

            SleepingPool.Woken quiet = pool.borrow(account).orElseThrow();
            assertEquals(Activity.NONE, quiet.activity());
            assertEquals(0, pool.size());
            assertTrue(pool.release(account, quiet.client()));

            store.deliver(USER, "Subject: three\r\n\r\nnew while asleep\r\n");
            SleepingPool.Woken woken = pool.borrow(account).orElseThrow();
            assertEquals(Activity.NEW, woken.activity());
            assertEquals(3, woken.client().stat().count());
            assertTrue(pool.release(account, woken.client()));
        }
        assertTrue(discards.isEmpty(), discards.toString());
    }

    @Test
    void releaseCommitsDeletionsLikeQuit() throws Exception {
        try (SleepingPool pool = new SleepingPool(2)) {
            Pop3Client c = connect(USER, PASSWORD);
            String first = store.uids(USER).get(0);
            c.delete(1);
            assertTrue(pool.release(account, c));
            assertEquals(1, store.uids(USER).size());
            assertFalse(store.uids(USER).contains(first));
        }
    }

    @Test
    void keyedByAccount_andBounded() throws Exception {
        SleepingPool.Account bob = new SleepingPool.Account("127.0.0.1", server.port(), "bob");
        try (SleepingPool pool = new SleepingPool(1)) {
            assertTrue(pool.release(account, connect(USER, PASSWORD)));
            assertTrue(pool.borrow(bob).isEmpty(), "alice's connection is never handed out for bob");
            assertFalse(pool.release(bob, connect("bob", "bob pass")), "full: committed, logged out, not pooled");
            assertEquals(1, pool.size());
            assertEquals(Activity.NONE, pool.borrow(account).orElseThrow().activity());
        }
    }

    @Test
    void wakeRefusedBecauseTheMaildropIsInUse_discardsAndReports() throws Exception {
        server.close();
        server = Pop3Server.builder().authenticator(store).maildrops(store).lockPolicy(LockPolicy.EXCLUSIVE)
                .listen(new InetSocketAddress("127.0.0.1", 0)).shutdownGrace(Duration.ofSeconds(2)).start();
        account = new SleepingPool.Account("127.0.0.1", server.port(), USER);
        try (SleepingPool pool = new SleepingPool(2, discards::add)) {
            assertTrue(pool.release(account, connect(USER, PASSWORD)));
            try (Pop3Client other = connect(USER, PASSWORD)) { // holds the maildrop lock
                assertTrue(pool.borrow(account).isEmpty());
                assertEquals(1, discards.size());
                SleepingPool.Discard d = discards.get(0);
                assertTrue(d.refused());
                assertEquals(ResponseCode.IN_USE, ((Pop3Exception) d.cause()).code());
                assertEquals(account, d.account());
                assertEquals(0, pool.size());
                other.quit();
            }
        }
    }

    @Test
    void wakeRefusedBecauseTheAccountIsGone_discardsAndReportsAuth() throws Exception {
        try (SleepingPool pool = new SleepingPool(2, discards::add)) {
            assertTrue(pool.release(account, connect(USER, PASSWORD)));
            store.removeUser(USER);
            assertTrue(pool.borrow(account).isEmpty());
            assertEquals(1, discards.size());
            assertEquals(ResponseCode.AUTH, ((Pop3Exception) discards.get(0).cause()).code());
            assertEquals(0, pool.size());
        }
    }

    @Test
    void checkIdle_dropsDeadConnections_closeEmptiesThePool() throws Exception {
        SleepingPool pool = new SleepingPool(3, discards::add);
        assertTrue(pool.release(account, connect(USER, PASSWORD)));
        assertEquals(0, pool.checkIdle(), "a live sleeping connection answers NOOP");
        assertEquals(1, pool.size());
        server.close();
        server = null;
        assertEquals(1, pool.checkIdle());
        assertEquals(0, pool.size());
        assertEquals(1, discards.size());
        assertFalse(discards.get(0).refused());
        pool.close();
        assertTrue(pool.borrow(account).isEmpty());
    }

    @Test
    void closeLogsOutEveryPooledConnection() throws Exception {
        SleepingPool pool = new SleepingPool(3);
        assertTrue(pool.release(account, connect(USER, PASSWORD)));
        assertTrue(pool.release(new SleepingPool.Account("127.0.0.1", server.port(), "bob"), connect("bob", "bob pass")));
        assertEquals(2, pool.size());
        pool.close();
        assertEquals(0, pool.size());
        assertFalse(pool.release(account, connect(USER, PASSWORD)), "a closed pool keeps nothing");
    }
}
