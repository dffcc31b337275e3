// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection floods against the limits of issue 3 ({@code ConnectionLimits}, research §5.1): per address,
 * in total, and the rule that idle unauthenticated connections give way before a logged-in session does.
 */
@Timeout(60)
class ConnectionFloodTest {
    private static final String TOO_MANY = "-ERR [SYS/TEMP] Too many connections; try again later.";

    private static void closeAll(List<Client> clients) {
        for (Client c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already closed by the server
            }
        }
    }

    /** Waits (bounded) until the server counts at most {@code n} sessions. */
    private static void awaitActive(Pop3Server server, int n) throws InterruptedException {
        for (int i = 0; i < 500 && server.activeConnections() > n; i++) Thread.sleep(10);
        assertTrue(server.activeConnections() <= n, "sessions still counted: " + server.activeConnections());
    }

    @Test
    void oneAddressGetsAtMostItsShareOfConnections_issue3() throws Exception {
        // Attack: one client address opens connection after connection.
        List<Client> open = new ArrayList<>();
        try (Pop3Server server = Loopback.plain(Loopback.store()).maxConnectionsPerAddress(2).start()) {
            for (int i = 0; i < 2; i++) {
                Client c = Client.plain(server.port());
                open.add(c);
                assertTrue(c.greeting().startsWith("+OK"));
            }
            try (Client third = Client.plain(server.port())) {
                assertEquals(TOO_MANY, third.line());
                assertTrue(third.closedSilently());
            }
            open.removeFirst().close();
            awaitActive(server, 1);
            Client again = Client.plain(server.port());
            open.add(again);
            assertTrue(again.greeting().startsWith("+OK"), "a freed place can be used again");
        } finally {
            closeAll(open);
        }
    }

    @Test
    void idleFloodNeverDisconnectsALoggedInSession_issue3() throws Exception {
        // Attack: 20 idle unauthenticated connections against a limit of 5, while alice is logged in.
        List<Client> idle = new ArrayList<>();
        try (Pop3Server server = Loopback.plain(Loopback.store()).maxConnections(5).start();
             Client alice = Client.plain(server.port())) {
            alice.greeting();
            assertTrue(alice.login("alice", "secret").startsWith("+OK"));
            for (int i = 0; i < 20; i++) {
                Client c = Client.plain(server.port());
                idle.add(c);
                assertEquals("+OK Poplar POP3 server ready.", c.greeting(), "newcomer " + i + " is served");
            }
            Client last = idle.getLast();
            assertTrue(last.capa().contains("USER"), "the last newcomer is served");
            assertTrue(idle.getFirst().closedSilently(), "the oldest idle connection gave way");
            assertEquals("+OK 1 23", alice.command("STAT"), "the logged-in session is untouched");
            assertTrue(alice.command("RETR 1").startsWith("+OK"));
            assertEquals(List.of("Subject: one", "", "Hello"), alice.lines());
            assertTrue(server.activeConnections() <= 5 + 1, "sessions: " + server.activeConnections());
        } finally {
            closeAll(idle);
        }
    }

    @Test
    void whenEveryPlaceIsLoggedInANewcomerIsRefused_issue3() throws Exception {
        // Attack (control): shedding applies to unauthenticated connections only, never to a user's session.
        try (Pop3Server server = Loopback.plain(Loopback.store()).maxConnections(2).start();
             Client alice = Client.plain(server.port()); Client bob = Client.plain(server.port())) {
            alice.greeting();
            bob.greeting();
            assertTrue(alice.login("alice", "secret").startsWith("+OK"));
            assertTrue(bob.login("bob", "pw b").startsWith("+OK"));
            try (Client third = Client.plain(server.port())) {
                assertEquals(TOO_MANY, third.line());
                assertTrue(third.closedSilently());
            }
            assertEquals("+OK 1 23", alice.command("STAT"));
            assertEquals("+OK 0 0", bob.command("STAT"));
        }
    }
}
